"""API of the rewards: the catalogue, redeeming, a rider's vouchers, and the merchant's
look-up and confirmation. One small view per action; the services decide."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from friendlystreet.accounts import roles
from friendlystreet.accounts.access import HasPerm, IsRider
from friendlystreet.api.base import APIView
from friendlystreet.api.errors import ErrorSerializer, one_of
from friendlystreet.api.pagination import PageNumberPagination
from friendlystreet.api.params import flag_parameter, query_flag
from friendlystreet.inputs import CheckedSerializer, IdRelatedField, OnlyItsFields, parse_id
from venues.models import Venue, VenueKind

from ..api import KEY_INVALID, error, service_errors
from ..models import Reward, Voucher
from ..models_rewards import MAX_COST, MAX_MONTHLY_LIMIT, MAX_STOCK, MAX_VALID_DAYS
from ..selectors import balance_of
from . import errors, qr, selectors, services
from .selectors import PERM_MANAGE, PERM_REDEEM

# --- the catalogue ---------------------------------------------------------------------------------

# A reward's (and a voucher's) title as the caller reads it: Reward.label(), as the rules' `name`.
TITLE_HELP = "in the caller's language: the English title staff gave it, else its Chinese title"


# A venue's name as the caller reads it: Venue.label(), as a reward's `title`.
VENUE_NAME_HELP = "in the caller's language: the English name staff gave the venue, else its Chinese name"


class VenueRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="label", help_text=VENUE_NAME_HELP)
    kind = serializers.CharField()


class RemainingForMeField(serializers.IntegerField):
    """The reward's monthly limit left for the caller, from the serializer's context `taken`
    (the caller's vouchers this month per reward id; None: the caller holds none, or is
    not signed in)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, **kwargs)

    def to_representation(self, reward: Reward) -> int | None:
        taken = self.context.get("taken")
        return None if taken is None else selectors.remaining_for(reward, taken)


class ImageUrlField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, **kwargs)

    def to_representation(self, reward: Reward) -> str | None:
        if not reward.image:
            return None
        return self.context["request"].build_absolute_uri(reverse("points:reward_image", args=[reward.pk]))


class RewardOutputSerializer(serializers.Serializer):
    """A reward of the catalogue."""

    # Context: `request`, and `taken` for the caller's `remaining_for_me` (reward_context()).

    id = serializers.IntegerField()
    title = serializers.CharField(source="label", help_text=TITLE_HELP)
    description = serializers.CharField()
    cost = serializers.IntegerField()
    stock_left = serializers.IntegerField(source="stock", allow_null=True, help_text="null: unlimited")
    per_rider_monthly_limit = serializers.IntegerField(allow_null=True)
    remaining_for_me = RemainingForMeField(help_text="This month's limit left for the caller; null: no limit (or not signed in)")
    venue = VenueRefSerializer()
    valid_days = serializers.IntegerField()
    available_to = serializers.DateField(allow_null=True)
    image_url = ImageUrlField()


class StaffRewardOutputSerializer(RewardOutputSerializer):
    # As staff write them (RewardInputSerializer), whatever the caller reads: a `title` read in
    # English and sent back would overwrite the Chinese one.
    title = serializers.CharField(help_text="the Chinese title, as staff write it")
    title_en = serializers.CharField(help_text="the English title; empty: English readers see the Chinese one")
    active = serializers.BooleanField()
    available_from = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)


class VenueRewardSerializer(serializers.Serializer):
    """A reward in the venue's API (`GET /api/v1/venues/{id}/`'s `rewards`)."""

    id = serializers.IntegerField()
    title = serializers.CharField(source="label", help_text=TITLE_HELP)
    cost = serializers.IntegerField()
    stock_left = serializers.IntegerField(source="stock", allow_null=True, help_text="null: unlimited")
    per_rider_monthly_limit = serializers.IntegerField(allow_null=True)
    valid_days = serializers.IntegerField()


def reward_context(request, rewards: list[Reward]) -> dict:
    """The serializer's context: a signed-in caller's vouchers this month of the limited
    rewards among `rewards` (one query, none if no reward has a limit)."""
    user = request.user
    taken = selectors.taken_this_month(user, selectors.limited_ids(rewards)) if user.is_authenticated else None
    return {"request": request, "taken": taken}


class RewardInputSerializer(OnlyItsFields, CheckedSerializer):
    """What staff send to add a reward, or any part of it to change one (PATCH). Any other field
    (the answer's `stock_left`, `image_url`...) is refused: 400 `invalid` with `fields` naming
    it, and nothing is saved."""

    # Refused, not dropped: a `stock_left` (the answer's name for `stock`) answered 200 with the
    # stock as it was, and the client took the change as saved.
    unknown_field_message = gettext_lazy("Staff may set only these details of a reward: %(fields)s.")

    venue = IdRelatedField(queryset=Venue.objects.all())
    title = serializers.CharField(max_length=100, help_text="in Chinese")
    title_en = serializers.CharField(
        max_length=Reward._meta.get_field("title_en").max_length,
        required=False,
        allow_blank=True,
        default="",
        help_text="optional: what readers in English see instead of `title`",
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")
    # The model's bounds (models_rewards); a new reward's stock of 0 is refused by the service.
    cost = serializers.IntegerField(min_value=1, max_value=MAX_COST)
    stock = serializers.IntegerField(
        min_value=0,
        max_value=MAX_STOCK,
        allow_null=True,
        required=False,
        default=None,
        help_text="null: unlimited; a new reward offers at least 1",
    )
    per_rider_monthly_limit = serializers.IntegerField(
        min_value=1, max_value=MAX_MONTHLY_LIMIT, allow_null=True, required=False, default=None
    )
    valid_days = serializers.IntegerField(min_value=1, max_value=MAX_VALID_DAYS, required=False, default=30)
    available_from = serializers.DateField(allow_null=True, required=False, default=None)
    available_to = serializers.DateField(allow_null=True, required=False, default=None)
    active = serializers.BooleanField(required=False, default=True)


class RewardListCreateApi(APIView):
    """GET: the catalogue (public; `remaining_for_me` for a signed-in rider), a page at a time
    (`?page=`, `?page_size=` up to 100), cheapest first. POST: staff add a reward, published
    at once unless `active: false`."""

    pagination_class = PageNumberPagination  # read by the schema, which then shows the page around the items

    def get_permissions(self):
        if self.request.method == "POST":
            return [HasPerm.of(PERM_MANAGE)()]
        return [AllowAny()]

    @extend_schema(
        operation_id="rewards_list",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=VenueKind.values, description="the venue's kind"),
            OpenApiParameter("venue", OpenApiTypes.INT),
            flag_parameter(
                "affordable",
                "only what the caller can redeem now: the balance covers it, it is in stock, and the caller's "
                "monthly limit of it is not used up",
            ),
        ],
        responses=RewardOutputSerializer(many=True),
    )
    def get(self, request):
        user = request.user
        venue_text = request.query_params.get("venue", "")
        kind = request.query_params.get("kind", "")
        if kind and kind not in VenueKind.values:
            raise serializers.ValidationError({"kind": [one_of(VenueKind.values)]})
        venue = parse_id(venue_text)
        if venue_text and venue is None:
            raise serializers.ValidationError({"venue": [_("Enter a venue's id (a number).")]})
        affordable = query_flag(request, "affordable")
        filters = selectors.CatalogueFilters(
            kind=kind,
            venue=venue,
            affordable_for=balance_of(user) if affordable and user.is_authenticated else None,
        )
        paginator = self.pagination_class()
        rewards = selectors.catalogue(filters)
        if filters.affordable_for is not None:
            # What the rider can redeem now: stock and this month's limit are checked here, by
            # the rule the pages use, on the rewards their balance covers; then the page.
            rewards = list(rewards)
            context = reward_context(request, rewards)
            taken, balance = context["taken"] or {}, filters.affordable_for
            rewards = [r for r in rewards if selectors.redeemable_now(r, balance=balance, taken=taken)]
            page = paginator.paginate_queryset(rewards, request, view=self)
        else:
            page = paginator.paginate_queryset(rewards, request, view=self)
            context = reward_context(request, page)
        return paginator.get_paginated_response(RewardOutputSerializer(page, many=True, context=context).data)

    @extend_schema(operation_id="rewards_create", request=RewardInputSerializer, responses={201: StaffRewardOutputSerializer})
    def post(self, request):
        s = RewardInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        with service_errors():
            reward = services.reward_save(actor=request.user, data=s.validated_data)
        data = StaffRewardOutputSerializer(reward, context={"request": request, "taken": None}).data
        return Response(data, status=status.HTTP_201_CREATED)


class RewardDetailApi(APIView):
    """GET: one reward (published; proposals for staff and their proposer). PATCH: staff."""

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [HasPerm.of(PERM_MANAGE)()]
        return [AllowAny()]

    @extend_schema(operation_id="rewards_retrieve", responses=RewardOutputSerializer)
    def get(self, request, pk: int):
        reward = selectors.reward_visible_to(request.user, pk)
        serializer = StaffRewardOutputSerializer if request.user.has_perm(PERM_MANAGE) else RewardOutputSerializer
        return Response(serializer(reward, context=reward_context(request, [reward])).data)

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
        return Response(StaffRewardOutputSerializer(reward, context={"request": request, "taken": None}).data)


# --- redeeming and the rider's vouchers ---------------------------------------------------------------


class EffectiveStatusField(serializers.ChoiceField):
    """An unused voucher past its validity is `expired`, even before the task has run."""

    def __init__(self, **kwargs):
        super().__init__(choices=Voucher.Status.choices, source="*", **kwargs)

    def to_representation(self, voucher: Voucher) -> str:
        return selectors.effective_status(voucher, now=self.context.get("now"))


class QrSvgUrlField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "The QR code as an SVG file, while the voucher can be used (`status` issued); null once it is used, "
            "cancelled or expired, as the web page then shows none. Like every call here it needs the "
            "`X-Session-Token` header, so an image tag cannot load it by itself: download it with the token, or "
            "draw the QR code in the app. It holds nothing but the voucher's `code` (upper-case letters and digits).",
        )
        super().__init__(source="*", allow_null=True, **kwargs)

    def to_representation(self, voucher: Voucher) -> str | None:
        if selectors.effective_status(voucher, now=self.context.get("now")) != Voucher.Status.ISSUED:
            return None
        return self.context["request"].build_absolute_uri(reverse("points_api:voucher_qr", args=[voucher.code]))


class VoucherOutputSerializer(serializers.Serializer):
    """A voucher of the caller's."""

    # Context: `request`, and `now` to judge a whole list's validity by one clock.

    class VenueRef(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField(source="label", help_text=VENUE_NAME_HELP)

    code = serializers.CharField()
    display_code = serializers.CharField(help_text="the code in groups of four, as printed")
    status = EffectiveStatusField()
    title = serializers.CharField(source="label", help_text=TITLE_HELP)
    cost = serializers.IntegerField()
    reward = serializers.IntegerField(source="reward_id")
    venue = VenueRef()
    issued_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    redeemed_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True, help_text="cancelled: when (the points came back then)")
    expired_at = serializers.DateTimeField(
        allow_null=True,
        help_text="expired: when its points came back (null until the expiry task has refunded it, "
        "which it does within minutes of `expires_at`)",
    )
    qr_svg_url = QrSvgUrlField()


class RedeemRefusalSerializer(ErrorSerializer):
    """409: the purchase was refused; some codes carry what the app shows with the message."""

    balance = serializers.IntegerField(required=False, help_text="insufficient_points: the caller's balance")
    cost = serializers.IntegerField(required=False, help_text="insufficient_points: the reward's cost")
    limit = serializers.IntegerField(required=False, help_text="limit_reached: the reward's limit per rider and month")


class VoucherNotCancellableSerializer(ErrorSerializer):
    """409 voucher_not_cancellable, with the voucher's status now."""

    status = serializers.ChoiceField(choices=Voucher.Status.choices)


def voucher_response(voucher: Voucher, request, status_code: int = status.HTTP_200_OK) -> Response:
    return Response(VoucherOutputSerializer(voucher, context={"request": request}).data, status=status_code)


class RewardRedeemApi(APIView):
    """Spend points: 201 with the new voucher. Send an `Idempotency-Key` header, a new random
    value for each purchase and the same one on a retry: a retry with the same key answers 200
    with the first voucher instead of buying twice (the same key for another reward: 422
    `idempotency_key_reused`; at most 64 characters). The key is optional, but without it
    every call is a new purchase: a retry after a timeout buys again (the rider can cancel the
    voucher they do not want and get its points back). Refusals are 409 with `code`
    insufficient_points, out_of_stock, limit_reached, not_available or not_verified."""

    permission_classes = [IsRider.of(PERM_REDEEM)]

    @extend_schema(
        operation_id="rewards_redeem",
        request=None,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                description="Optional, strongly advised: a new random value per purchase (at most 64 characters), the "
                "same on a retry, which then answers 200 with the first voucher. Without it a retry buys again.",
            )
        ],
        responses={
            201: VoucherOutputSerializer,
            200: VoucherOutputSerializer,
            400: error(f"{KEY_INVALID}; parse_error: the body could not be read (send none)"),
            403: error("rider_only: the caller is not a rider (a partner operator's or staff account)"),
            409: OpenApiResponse(
                RedeemRefusalSerializer,
                description=(
                    "insufficient_points (with `balance` and `cost`), out_of_stock, limit_reached (with `limit`), "
                    "not_available, or not_verified"
                ),
            ),
            422: error("idempotency_key_reused: the key was sent before for another reward"),
        },
    )
    def post(self, request, pk: int):
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
        return voucher_response(voucher, request, status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


class VoucherListApi(APIView):
    """The caller's own vouchers, newest first. `?status=` filters by the status each item
    shows: an unused voucher past its validity is `expired` (not `issued`) at once, before
    the expiry task has refunded it."""

    permission_classes = [IsRider.of(PERM_REDEEM)]
    pagination_class = PageNumberPagination  # read by the schema, which then shows the page around the items

    @extend_schema(
        operation_id="vouchers_list",
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=Voucher.Status.values)],
        responses=VoucherOutputSerializer(many=True),
    )
    def get(self, request):
        qs = selectors.vouchers_of(request.user)
        now = timezone.now()
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in Voucher.Status.values:
                raise serializers.ValidationError({"status": [one_of(Voucher.Status.values)]})
            qs = selectors.shown_as(qs, wanted, now=now)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        context = {"request": request, "now": now}
        return paginator.get_paginated_response(VoucherOutputSerializer(page, many=True, context=context).data)


class VoucherDetailApi(APIView):
    """One of the caller's own vouchers by its code (any case, with or without dashes); 404
    for another rider's, so a code confirms nothing."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="vouchers_retrieve", responses=VoucherOutputSerializer)
    def get(self, request, code: str):
        return voucher_response(selectors.voucher_of_rider(request.user, code), request)


class VoucherQrApi(APIView):
    """The voucher's QR code as an SVG file, for its rider only (404 for anyone else), while
    it can be used: a used, cancelled or expired voucher has none (404 `no_qr_code`, as the web
    page shows none). It needs the `X-Session-Token` header like every call here; the QR holds
    only the voucher's `code`, so an app may as well draw it itself."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="vouchers_qr",
        responses={
            (200, "image/svg+xml"): OpenApiTypes.BINARY,
            404: error("not_found: no voucher of the caller's has this code; no_qr_code: it is used, cancelled or expired"),
        },
    )
    def get(self, request, code: str):
        voucher = selectors.voucher_of_rider(request.user, code)
        if selectors.effective_status(voucher) != Voucher.Status.ISSUED:
            raise errors.NoQrCode(extra={"status": selectors.effective_status(voucher)})
        response = HttpResponse(qr.svg_document(voucher.code), content_type="image/svg+xml")
        response["Cache-Control"] = "private, max-age=86400"
        return response


class VoucherCancelApi(APIView):
    """Give an unused voucher back while it is valid: the points are refunded and the stock
    restored, once. 409 `voucher_not_cancellable` (with its `status`) for a used, cancelled or
    expired one; an expired one's points come back by themselves (the periodic expiry task)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="vouchers_cancel",
        request=None,
        responses={
            200: VoucherOutputSerializer,
            409: OpenApiResponse(
                VoucherNotCancellableSerializer,
                description="voucher_not_cancellable: used, cancelled or expired; `status` says which",
            ),
        },
    )
    def post(self, request, code: str):
        try:
            voucher = services.voucher_cancel(rider=request.user, code=code)
        except Voucher.DoesNotExist:
            raise Http404 from None
        return voucher_response(voucher, request)


# --- the merchant ----------------------------------------------------------------------------------

VERDICT_STATUS = {
    services.Result.OK: status.HTTP_200_OK,
    services.Result.ALREADY_REDEEMED: status.HTTP_409_CONFLICT,
    services.Result.EXPIRED: status.HTTP_409_CONFLICT,
    services.Result.CANCELLED: status.HTTP_409_CONFLICT,
    services.Result.WRONG_VENUE: status.HTTP_403_FORBIDDEN,
    services.Result.OWN_VOUCHER: status.HTTP_403_FORBIDDEN,
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
        status = EffectiveStatusField()
        title = serializers.CharField(source="label", help_text=TITLE_HELP)
        cost = serializers.IntegerField()
        rider = RiderRef()
        venue = VenueRefSerializer()
        issued_at = serializers.DateTimeField()
        expires_at = serializers.DateTimeField()
        redeemed_at = serializers.DateTimeField(allow_null=True)

    result = serializers.ChoiceField(choices=list(VERDICT_STATUS))
    message = serializers.CharField()
    voucher = VoucherForMerchant(allow_null=True)
    confirmed = serializers.BooleanField(
        help_text="ok: true when the caller's confirmation used the voucher: this call, or a repeat of it within "
        "10 minutes (a retry after a timeout, a double tap; nothing is used twice). Give the reward."
    )
    settled = serializers.BooleanField(
        help_text="true: the answer to a confirmation of a voucher used at the caller's venue (ok with `confirmed`, or "
        "already_redeemed by a colleague or long ago): nothing is wrong, and nothing is left to do"
    )
    redeemed_at = serializers.DateTimeField(
        source="voucher.redeemed_at", required=False, help_text="already_redeemed, and ok when confirmed: when"
    )
    redeemed_venue = VenueRefSerializer(
        source="voucher.venue", required=False, help_text="already_redeemed, and ok when confirmed: where"
    )
    # Not a SerializerMethodField: those are read-only, so the schema would call the field
    # required, and it is left out of every answer but already_redeemed and ok when confirmed.
    redeemed_by = serializers.CharField(
        required=False,
        help_text="already_redeemed, and ok when confirmed: who confirmed it (a colleague's name, else masked phone)",
    )

    class Elsewhere(serializers.Serializer):
        venue = serializers.CharField(help_text="the venue that honours the voucher")
        title = serializers.CharField(help_text=f"the reward, {TITLE_HELP}")

    elsewhere = Elsewhere(required=False, help_text="wrong_venue: where the rider should take it (never who)")
    tries_left = serializers.IntegerField(
        required=False,
        help_text="not_found or wrong_venue of a well-formed code: how many more may fail before look-ups pause for "
        "the rest of a 2-minute window (real codes too, 429 rate_limited); 0: the pause has begun (see Retry-After). "
        "`message` says so once half are gone. A scan reads the exact code and never fails this way.",
    )

    def to_representation(self, verdict: services.Verdict) -> dict:
        data = super().to_representation(verdict)
        if verdict.result != services.Result.ALREADY_REDEEMED and not verdict.confirmed:
            for name in ("redeemed_at", "redeemed_venue", "redeemed_by"):
                data.pop(name, None)
        if verdict.elsewhere is None:
            data.pop("elsewhere", None)
        if verdict.tries_left is None:
            data.pop("tries_left", None)
        if VERDICT_STATUS[verdict.result] >= 400:
            # The project's error shape too, so a generic client shows `message` and branches on `code`.
            data["code"] = verdict.result
            data["fields"] = {}
        return data


def verdict_response(verdict: services.Verdict) -> Response:
    response = Response(VerdictSerializer(verdict).data, status=VERDICT_STATUS[verdict.result])
    if verdict.retry_after:
        response["Retry-After"] = str(verdict.retry_after)
    return response


MERCHANT_RESPONSES = {
    200: VerdictSerializer,
    403: OpenApiResponse(
        PolymorphicProxySerializer(
            component_name="MerchantForbidden",
            serializers=[VerdictSerializer, ErrorSerializer],
            resource_type_field_name=None,
        ),
        description="wrong_venue or own_voucher (a verdict: the caller is the voucher's rider, so a colleague "
        "must confirm it), or not a partner operator (an error: permission_denied)",
    ),
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
    """Confirm the voucher: 200 `ok` with `confirmed: true` when this call used it. Sent again
    by the same operator within 10 minutes (a retry after a timeout, a double tap), the same
    200 `ok`, `confirmed: true`, with when it was used: nothing is used twice, and the counter
    gives the reward it may not have given yet. Otherwise a used voucher answers 409
    `already_redeemed` with when, where and by whom (`redeemed_at`, `redeemed_venue`,
    `redeemed_by`) and `settled: true`: a colleague's confirmation, or the caller's own long
    ago; nothing is left to do. The web page answers the same."""

    permission_classes = [HasPerm.of(roles.REDEMPTION_PAGE)]

    @extend_schema(operation_id="merchant_vouchers_redeem", request=None, responses=MERCHANT_RESPONSES)
    def post(self, request, code: str):
        return verdict_response(services.voucher_confirm(operator=request.user, code=code))


class CodeEndField(serializers.CharField):
    """Only the end of the code: enough to match a rider's question, useless to anyone else."""

    def to_representation(self, code: str) -> str:
        return code[-4:]


# ?period= of the merchant's history: the quick choices or a past month, as the web page takes it
# (selectors.period_parse decides; the schema only shows the client what to send).
PERIOD_PARAMETER = OpenApiParameter(
    "period",
    {
        "oneOf": [
            {"type": "string", "enum": list(selectors.PERIODS)},
            {"type": "string", "pattern": f"^{selectors.MONTH.pattern}$", "example": "2026-09"},
        ],
        "default": "today",
    },
    description="today (default), month or last_month, or a past month as YYYY-MM (Asia/Shanghai), e.g. one of "
    "`GET /api/v1/merchant/redemptions/months/`. A future month or another value is a 400 `invalid`.",
)


# ?venue= of the merchant's history and its months: one of the caller's venues (an operator may run
# several); selectors.history_venue_ids decides, as for the web page.
VENUE_PARAMETER = OpenApiParameter(
    "venue",
    OpenApiTypes.INT,
    description="only this venue: the id of a venue the caller runs (each redemption's `venue.id`); "
    "all of the caller's venues without it. Another venue's id is a 400 `invalid`.",
)


def history_venue_ids(request) -> list[int]:
    """The venues the merchant's history asks for (?venue=): all the caller's, or one of them.
    Any other venue is a 400 naming `venue`, never its redemptions."""
    venue_ids = selectors.history_venue_ids(selectors.operated_venue_ids(request.user), request.query_params.get("venue", ""))
    if venue_ids is None:
        raise serializers.ValidationError({"venue": [_("Choose one of the venues you run, by its id.")]})
    return venue_ids


class MerchantRedemptionsApi(APIView):
    """The operator's venues' confirmed vouchers, today (default), this month, last month or a
    past month (`?period=YYYY-MM`, Asia/Shanghai), newest first, a page at a time (`?page=`,
    `?page_size=` up to 100); one of their venues only with `?venue=<id>`."""

    permission_classes = [HasPerm.of(roles.REDEMPTION_PAGE)]
    pagination_class = PageNumberPagination  # read by the schema, which then shows the page around the items

    class OutputSerializer(serializers.Serializer):
        display_code_end = CodeEndField(source="code")
        title = serializers.CharField(source="label", help_text=TITLE_HELP)
        cost = serializers.IntegerField()
        venue = VenueRefSerializer()
        rider = VerdictSerializer.VoucherForMerchant.RiderRef()
        redeemed_at = serializers.DateTimeField()

    @extend_schema(
        operation_id="merchant_redemptions_list",
        parameters=[PERIOD_PARAMETER, VENUE_PARAMETER],
        responses=OutputSerializer(many=True),
    )
    def get(self, request):
        period = selectors.period_parse(request.query_params.get("period", "today"))
        if period is None:
            raise serializers.ValidationError({"period": [_("Use today, month, last_month or a past month as YYYY-MM.")]})
        venue_ids = history_venue_ids(request)
        paginator = self.pagination_class()
        rows = paginator.paginate_queryset(selectors.redemptions(venue_ids, period=period), request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(rows, many=True).data)


class MerchantRedemptionMonthsApi(APIView):
    """The months (YYYY-MM, Asia/Shanghai) in which the operator's venues (or with `?venue=<id>`
    one of them) confirmed vouchers, newest first: the periods worth offering beside today, this
    month and last month."""

    permission_classes = [HasPerm.of(roles.REDEMPTION_PAGE)]

    class OutputSerializer(serializers.Serializer):
        months = serializers.ListField(
            child=serializers.CharField(), help_text="YYYY-MM, newest first; each one a `period` of the history."
        )

    @extend_schema(operation_id="merchant_redemptions_months", parameters=[VENUE_PARAMETER], responses=OutputSerializer)
    def get(self, request):
        months = selectors.redemption_months(history_venue_ids(request))
        return Response(self.OutputSerializer({"months": [f"{m:%Y-%m}" for m in months]}).data)
