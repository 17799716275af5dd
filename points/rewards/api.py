"""API of the rewards: the catalogue, redeeming, a rider's vouchers, and the merchant's
look-up and confirmation. One small view per action; the services decide."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from friendlystreet.accounts import roles
from friendlystreet.accounts.access import HasPerm
from friendlystreet.api.errors import one_of
from venues.models import Venue, VenueKind

from ..api import service_errors
from ..models import Reward, Voucher
from . import qr, selectors, services
from .selectors import PERM_MANAGE

# --- the catalogue ---------------------------------------------------------------------------------


class VenueRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class RewardOutputSerializer(serializers.Serializer):
    """The documented shape; reward_data() builds it directly (the catalogue is read often)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    cost = serializers.IntegerField()
    stock_left = serializers.IntegerField(allow_null=True, help_text="null: unlimited")
    per_rider_monthly_limit = serializers.IntegerField(allow_null=True)
    remaining_for_me = serializers.IntegerField(
        allow_null=True, help_text="This month's limit left for the caller; null: no limit (or not signed in)"
    )
    venue = VenueRefSerializer()
    valid_days = serializers.IntegerField()
    available_to = serializers.DateField(allow_null=True)
    image_url = serializers.CharField(allow_null=True)


class StaffRewardOutputSerializer(RewardOutputSerializer):
    active = serializers.BooleanField()
    available_from = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)


def _abs(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def reward_data(reward: Reward, request, remaining: int | None, *, staff: bool = False) -> dict:
    venue = reward.venue
    data = {
        "id": reward.pk,
        "title": reward.title,
        "description": reward.description,
        "cost": reward.cost,
        "stock_left": reward.stock,
        "per_rider_monthly_limit": reward.per_rider_monthly_limit,
        "remaining_for_me": remaining,
        "venue": {"id": venue.pk, "name": venue.name, "kind": venue.kind},
        "valid_days": reward.valid_days,
        "available_to": reward.available_to.isoformat() if reward.available_to else None,
        "image_url": _abs(request, reverse("points:reward_image", args=[reward.pk])) if reward.image else None,
    }
    if staff:
        data["active"] = reward.active
        data["available_from"] = reward.available_from.isoformat() if reward.available_from else None
        data["published_at"] = timezone.localtime(reward.published_at).isoformat() if reward.published_at else None
    return data


def _catalogue_rows(kind: str, venue: int | None) -> list[dict]:
    """The catalogue as the anonymous public sees it (`remaining_for_me` null, relative
    image paths): the same for everyone, cached per catalogue version (every reward or
    stock change bumps it) and day; the caller's own numbers are added per request."""
    today = selectors.local_today()

    def build() -> list[dict]:
        rewards = selectors.catalogue(selectors.CatalogueFilters(kind=kind, venue=venue), today=today)
        return [reward_data(r, None, None) for r in rewards]

    return selectors.CATALOGUE_VERSION.remember(("api-rows", today, kind, venue), build, selectors.PANEL_SECONDS)


class RewardInputSerializer(serializers.Serializer):
    venue = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all())
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    cost = serializers.IntegerField(min_value=1, max_value=1_000_000)
    stock = serializers.IntegerField(min_value=0, allow_null=True, required=False, default=None)
    per_rider_monthly_limit = serializers.IntegerField(min_value=1, max_value=1000, allow_null=True, required=False, default=None)
    valid_days = serializers.IntegerField(min_value=1, max_value=365, required=False, default=30)
    available_from = serializers.DateField(allow_null=True, required=False, default=None)
    available_to = serializers.DateField(allow_null=True, required=False, default=None)
    active = serializers.BooleanField(required=False, default=True)


def _bool(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes", "on")


class RewardListCreateApi(APIView):
    """GET: the catalogue (public; `remaining_for_me` for a signed-in rider). POST: staff
    add a reward, published at once unless `active: false`."""

    def get_permissions(self):
        if self.request.method == "POST":
            return [HasPerm.of(PERM_MANAGE)()]
        return [AllowAny()]

    @extend_schema(
        operation_id="rewards_list",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=VenueKind.values, description="the venue's kind"),
            OpenApiParameter("venue", OpenApiTypes.INT),
            OpenApiParameter("affordable", OpenApiTypes.BOOL, description="only what the caller's balance covers"),
        ],
        responses=RewardOutputSerializer(many=True),
    )
    def get(self, request):
        user = request.user
        venue = request.query_params.get("venue", "")
        kind = request.query_params.get("kind", "")
        if kind and kind not in VenueKind.values:
            raise serializers.ValidationError({"kind": [one_of(VenueKind.values)]})
        if venue and not venue.isdigit():
            raise serializers.ValidationError({"venue": [_("A venue's id (a number).")]})
        affordable = _bool(request.query_params.get("affordable"))

        def build() -> bytes:
            balance, taken = selectors.wallet_of(user) if user.is_authenticated else (None, {})
            rows = _catalogue_rows(kind, int(venue) if venue else None)
            if affordable and balance is not None:
                rows = [r for r in rows if r["cost"] <= balance]
            data = []
            for row in rows:
                row = dict(row)
                limit = row["per_rider_monthly_limit"]
                if user.is_authenticated and limit is not None:
                    row["remaining_for_me"] = max(0, limit - taken.get(row["id"], 0))
                if row["image_url"]:
                    row["image_url"] = request.build_absolute_uri(row["image_url"])
                data.append(row)
            return JSONRenderer().render(data)

        if user.is_authenticated:
            # A rider's own catalogue, as sent: until their balance, their vouchers or any
            # reward changes (the day and the month are in the key).
            part = f"{selectors.local_today().isoformat()}:{request.build_absolute_uri()}"
            body = selectors.RIDER_CATALOGUE_API.get(user, build, part=part)
        else:
            body = build()
        return HttpResponse(body, content_type="application/json")

    @extend_schema(operation_id="rewards_create", request=RewardInputSerializer, responses={201: StaffRewardOutputSerializer})
    def post(self, request):
        s = RewardInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        with service_errors():
            reward = services.reward_save(actor=request.user, data=s.validated_data)
        return Response(reward_data(reward, request, None, staff=True), status=status.HTTP_201_CREATED)


class RewardDetailApi(APIView):
    """GET: one reward (published; proposals for staff and their proposer). PATCH: staff."""

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [HasPerm.of(PERM_MANAGE)()]
        return [AllowAny()]

    @extend_schema(operation_id="rewards_retrieve", responses=RewardOutputSerializer)
    def get(self, request, pk: int):
        reward = selectors.reward_visible_to(request.user, pk)
        remaining = None
        if request.user.is_authenticated:
            remaining = selectors.remaining_for(reward, selectors.taken_this_month(request.user, [reward]))
        return Response(reward_data(reward, request, remaining, staff=request.user.has_perm(PERM_MANAGE)))

    @extend_schema(operation_id="rewards_partial_update", request=RewardInputSerializer, responses=StaffRewardOutputSerializer)
    def patch(self, request, pk: int):
        reward = get_object_or_404(Reward, pk=pk)
        s = RewardInputSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        # partial=True still fills defaults of absent fields: keep only what was sent.
        data = {k: v for k, v in s.validated_data.items() if k in request.data}
        with service_errors():
            reward = services.reward_save(actor=request.user, reward=reward, data=data)
        reward = Reward.objects.select_related("venue").get(pk=reward.pk)
        return Response(reward_data(reward, request, None, staff=True))


# --- redeeming and the rider's vouchers ---------------------------------------------------------------


class VoucherOutputSerializer(serializers.Serializer):
    class VenueRef(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()

    code = serializers.CharField()
    display_code = serializers.CharField(help_text="the code in groups of four, as printed")
    status = serializers.ChoiceField(choices=Voucher.Status.choices)
    title = serializers.CharField()
    cost = serializers.IntegerField()
    reward = serializers.IntegerField()
    venue = VenueRef()
    issued_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    redeemed_at = serializers.DateTimeField(allow_null=True)
    qr_svg_url = serializers.CharField()


def _dt(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def voucher_data(voucher: Voucher, request, *, now=None) -> dict:
    return {
        "code": voucher.code,
        "display_code": voucher.display_code,
        "status": selectors.effective_status(voucher, now=now),
        "title": voucher.title,
        "cost": voucher.cost,
        "reward": voucher.reward_id,
        "venue": {"id": voucher.venue.pk, "name": voucher.venue.name},
        "issued_at": _dt(voucher.issued_at),
        "expires_at": _dt(voucher.expires_at),
        "redeemed_at": _dt(voucher.redeemed_at),
        "qr_svg_url": request.build_absolute_uri(reverse("points_api:voucher_qr", args=[voucher.code])),
    }


def refuse_a_malformed_body(request) -> None:
    """These actions read no body, but a malformed one is an error (400 parse_error), not
    something to act on as if it were absent."""
    request.data  # noqa: B018 - DRF parses here, and raises ParseError


class RewardRedeemApi(APIView):
    """Spend points: 201 with the new voucher. Send an `Idempotency-Key` header: a retry with
    the same key answers 200 with the first voucher instead of buying twice (the same key
    for another reward: 422 `idempotency_key_reused`; at most 64 characters). Refusals are
    409 with `code` insufficient_points, out_of_stock, limit_reached, not_available or
    not_verified."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="rewards_redeem",
        request=None,
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, location=OpenApiParameter.HEADER)],
        responses={201: VoucherOutputSerializer, 200: VoucherOutputSerializer},
    )
    def post(self, request, pk: int):
        refuse_a_malformed_body(request)
        try:
            # The service reads the reward itself, inside its transaction.
            result = services.reward_redeem(
                rider=request.user, reward=Reward(pk=pk), idempotency_key=request.headers.get("Idempotency-Key", "")
            )
        except Reward.DoesNotExist:
            raise Http404 from None
        voucher = result.voucher
        if not result.created:
            voucher = Voucher.objects.select_related("venue").get(pk=voucher.pk)
        return Response(voucher_data(voucher, request), status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


class VoucherListApi(APIView):
    """The caller's own vouchers, newest first (`?status=` to filter)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="vouchers_list",
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=Voucher.Status.values)],
        responses=VoucherOutputSerializer(many=True),
    )
    def get(self, request):
        from rest_framework.pagination import PageNumberPagination

        qs = selectors.vouchers_of(request.user)
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in Voucher.Status.values:
                raise serializers.ValidationError({"status": [one_of(Voucher.Status.values)]})
            qs = qs.filter(status=wanted)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        now = timezone.now()
        return paginator.get_paginated_response([voucher_data(v, request, now=now) for v in page])


class VoucherDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="vouchers_retrieve", responses=VoucherOutputSerializer)
    def get(self, request, code: str):
        return Response(voucher_data(selectors.voucher_of_rider(request.user, code), request))


class VoucherQrApi(APIView):
    """The voucher's QR code as an SVG file, for its rider only (404 for anyone else)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="vouchers_qr", responses={(200, "image/svg+xml"): OpenApiTypes.BINARY})
    def get(self, request, code: str):
        voucher = selectors.voucher_of_rider(request.user, code)
        response = HttpResponse(qr.svg_document(voucher.code), content_type="image/svg+xml")
        response["Cache-Control"] = "private, max-age=86400"
        return response


class VoucherCancelApi(APIView):
    """Give an unused voucher back: the points are refunded and the stock restored, once.
    409 `voucher_not_cancellable` (with its `status`) for a used, cancelled or expired one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="vouchers_cancel", request=None, responses=VoucherOutputSerializer)
    def post(self, request, code: str):
        refuse_a_malformed_body(request)
        try:
            voucher = services.voucher_cancel(rider=request.user, code=code)
        except Voucher.DoesNotExist:
            raise Http404 from None
        return Response(voucher_data(voucher, request))


# --- the merchant ----------------------------------------------------------------------------------

VERDICT_STATUS = {
    services.Result.OK: status.HTTP_200_OK,
    services.Result.ALREADY_REDEEMED: status.HTTP_409_CONFLICT,
    services.Result.EXPIRED: status.HTTP_409_CONFLICT,
    services.Result.CANCELLED: status.HTTP_409_CONFLICT,
    services.Result.WRONG_VENUE: status.HTTP_403_FORBIDDEN,
    services.Result.NOT_FOUND: status.HTTP_404_NOT_FOUND,
    services.Result.RATE_LIMITED: status.HTTP_429_TOO_MANY_REQUESTS,
}


class VerdictSerializer(serializers.Serializer):
    """Every answer of the merchant endpoints: `result` and a human `message`; the voucher
    only when the operator's venue honours it (never for wrong_venue or not_found)."""

    class VoucherForMerchant(serializers.Serializer):
        class RiderRef(serializers.Serializer):
            masked_name = serializers.CharField()
            masked_phone = serializers.CharField()

        code = serializers.CharField()
        display_code = serializers.CharField()
        status = serializers.CharField()
        title = serializers.CharField()
        cost = serializers.IntegerField()
        rider = RiderRef()
        venue = VenueRefSerializer()
        issued_at = serializers.DateTimeField()
        expires_at = serializers.DateTimeField()
        redeemed_at = serializers.DateTimeField(allow_null=True)

    result = serializers.ChoiceField(choices=list(VERDICT_STATUS))
    message = serializers.CharField()
    voucher = VoucherForMerchant(allow_null=True)
    redeemed_at = serializers.DateTimeField(required=False, help_text="already_redeemed: when")
    redeemed_venue = VenueRefSerializer(required=False, help_text="already_redeemed: where")


def verdict_response(verdict: services.Verdict) -> Response:
    body: dict = {"result": verdict.result, "message": verdict.message, "voucher": None}
    v = verdict.voucher
    if v is not None:
        body["voucher"] = {
            "code": v.code,
            "display_code": v.display_code,
            "status": selectors.effective_status(v),
            "title": v.title,
            "cost": v.cost,
            "rider": {"masked_name": v.rider.masked_name, "masked_phone": v.rider.masked_phone},
            "venue": {"id": v.venue.pk, "name": v.venue.name, "kind": v.venue.kind},
            "issued_at": _dt(v.issued_at),
            "expires_at": _dt(v.expires_at),
            "redeemed_at": _dt(v.redeemed_at),
        }
        if verdict.result == services.Result.ALREADY_REDEEMED:
            body["redeemed_at"] = _dt(v.redeemed_at)
            body["redeemed_venue"] = {"id": v.venue.pk, "name": v.venue.name, "kind": v.venue.kind}
    code = VERDICT_STATUS[verdict.result]
    if code >= 400:
        # The project's error shape too, so a generic client shows `message` and branches on `code`.
        body["code"] = verdict.result
        body["fields"] = {}
    response = Response(body, status=code)
    if verdict.retry_after:
        response["Retry-After"] = str(verdict.retry_after)
    return response


MERCHANT_RESPONSES = {
    200: VerdictSerializer,
    403: OpenApiResponse(VerdictSerializer, description="wrong_venue (or not a partner operator)"),
    404: OpenApiResponse(VerdictSerializer, description="not_found"),
    409: OpenApiResponse(VerdictSerializer, description="already_redeemed, expired or cancelled"),
    429: OpenApiResponse(VerdictSerializer, description="rate_limited: too many look-ups; see Retry-After"),
}


class MerchantLookupApi(APIView):
    """What the counter sees after scanning or typing a code (the code in any case, with or without dashes)."""

    permission_classes = [HasPerm.of(roles.REDEMPTION_PAGE)]

    @extend_schema(operation_id="merchant_vouchers_retrieve", responses=MERCHANT_RESPONSES)
    def get(self, request, code: str):
        return verdict_response(services.voucher_lookup(operator=request.user, code=code))


class MerchantRedeemApi(APIView):
    """Confirm the voucher: 200 `ok` once; then 409 `already_redeemed` with when and where."""

    permission_classes = [HasPerm.of(roles.REDEMPTION_PAGE)]

    @extend_schema(operation_id="merchant_vouchers_redeem", request=None, responses=MERCHANT_RESPONSES)
    def post(self, request, code: str):
        refuse_a_malformed_body(request)
        return verdict_response(services.voucher_confirm(operator=request.user, code=code))


class MerchantRedemptionsApi(APIView):
    """The operator's venues' confirmed vouchers, today (default) or this month."""

    permission_classes = [HasPerm.of(roles.REDEMPTION_PAGE)]

    class OutputSerializer(serializers.Serializer):
        display_code_end = serializers.CharField()
        title = serializers.CharField()
        cost = serializers.IntegerField()
        venue = VenueRefSerializer()
        rider = VerdictSerializer.VoucherForMerchant.RiderRef()
        redeemed_at = serializers.DateTimeField()

    @extend_schema(
        operation_id="merchant_redemptions_list",
        parameters=[OpenApiParameter("period", OpenApiTypes.STR, enum=list(selectors.PERIODS))],
        responses=OutputSerializer(many=True),
    )
    def get(self, request):
        period = request.query_params.get("period", "today")
        if period not in selectors.PERIODS:
            raise serializers.ValidationError({"period": [one_of(selectors.PERIODS)]})
        rows = selectors.redemptions(selectors.operated_venue_ids(request.user), period=period)[:500]
        return Response(
            [
                {
                    "display_code_end": v.code[-4:],
                    "title": v.title,
                    "cost": v.cost,
                    "venue": {"id": v.venue.pk, "name": v.venue.name, "kind": v.venue.kind},
                    "rider": {"masked_name": v.rider.masked_name, "masked_phone": v.rider.masked_phone},
                    "redeemed_at": _dt(v.redeemed_at),
                }
                for v in rows
            ]
        )
