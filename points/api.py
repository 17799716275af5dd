"""API of the points app: one small view per action; the services decide."""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, TextChoices
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from friendlystreet.accounts.access import HasPerm, IsRider
from friendlystreet.accounts.models import Verification
from friendlystreet.api.base import APIView
from friendlystreet.api.errors import ErrorSerializer, one_of
from friendlystreet.api.pagination import PAGE_SIZE_DESCRIPTION, PageNumberPagination
from friendlystreet.api.parsers import JSONParser, MultiPartParser
from friendlystreet.inputs import CheckedSerializer, IdRelatedField, OnlyItsFields
from friendlystreet.uploads import DEFAULT_MAX_BYTES

from . import selectors, services, verification
from .models import Claim, ClaimPhoto, LedgerEntry, Rule
from .selectors import PERM_REVIEW, PERM_SUBMIT
from .views import photo_response


@contextmanager
def service_errors():
    """A service's Django ValidationError({field: ...}) becomes a 400 naming the fields."""
    try:
        yield
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise serializers.ValidationError(exc.message_dict) from None
        raise serializers.ValidationError({"non_field_errors": exc.messages}) from None


def error(description: str) -> OpenApiResponse:
    """An error answer in the schema: the project's error body, its codes in the description."""
    return OpenApiResponse(ErrorSerializer, description=description)


def enum_field(choices: type[TextChoices], component_name: str) -> type[serializers.ChoiceField]:
    """A ChoiceField of a model's choices that the schema lists as its own enum component.
    Named for what it is: drf-spectacular names an enum after its field ("status", "kind")
    and renames every set that shares a name, which would rename the vouchers' StatusEnum
    that clients already use."""

    @extend_schema_field({"type": "string", "enum": list(choices.values)}, component_name=component_name)
    class EnumField(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices.choices, **kwargs)

    return EnumField


ClaimStatusField = enum_field(Claim.Status, "ClaimStatusEnum")
ClaimSourceField = enum_field(Claim.Source, "ClaimSourceEnum")
RuleUnitField = enum_field(Rule.Unit, "RuleUnitEnum")
LedgerKindField = enum_field(LedgerEntry.Kind, "LedgerKindEnum")

# The errors every operation of a kind can give (400 for a bad body or filter, 401, 403 for a
# missing permission, 404 for an unknown id) are added by friendlystreet.api.schema; the views
# document those particular to their action.
KEY_INVALID = "invalid_idempotency_key: the Idempotency-Key is longer than 64 characters, or has invisible ones"
CLAIM_DECIDED = "claim_not_pending: the claim is no longer pending; `status` says what it is now"
OWN_CLAIM = "permission_denied: signed in without the permission to review claims; own_claim: nobody reviews their own claim"


class ClaimNotPendingSerializer(ErrorSerializer):
    """409 claim_not_pending: the error, with the claim's status now."""

    status = ClaimStatusField()
    points = serializers.IntegerField(allow_null=True, required=False, help_text="approve or reject: the points it has")


# The English name staff wrote when the caller reads English, else the Chinese one (label()).
NAME_HELP = "in the caller's language: the English name staff gave it, else its Chinese name"


class CategoryRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label", help_text=NAME_HELP)


class RuleListApi(APIView):
    """Active earning rules (public: the "How to earn" page of app clients)."""

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        category = CategoryRefSerializer()
        name = serializers.CharField(source="label", help_text=NAME_HELP)
        description = serializers.CharField()
        points = serializers.IntegerField()
        unit = RuleUnitField()
        unit_label = serializers.CharField(source="get_unit_display", help_text="the unit in the caller's language")
        evidence = serializers.CharField()
        rider_claimable = serializers.BooleanField()
        max_per_day = serializers.IntegerField(allow_null=True)
        max_per_month = serializers.IntegerField(allow_null=True)

    @extend_schema(operation_id="rules_list", responses=OutputSerializer(many=True))
    def get(self, request):
        rules = selectors.rules_active().order_by("category__order", "category_id", "name", "id")
        return Response(self.OutputSerializer(rules, many=True).data)


class ExpectedPointsField(serializers.IntegerField):
    """Of a pending claim, what approving it now would grant, from the serializer's context
    `awards` (selectors.expected_awards(): the caps applied as the approval applies them)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, read_only=True, **kwargs)

    def to_representation(self, claim: Claim) -> int | None:
        award = self.context.get("awards", {}).get(claim.pk)
        return award.granted if award else None


class ExpectedCapField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, claim: Claim) -> str:
        award = self.context.get("awards", {}).get(claim.pk)
        return award.capped_by if award else ""


class SameDayClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    status = ClaimStatusField()
    points = serializers.IntegerField(allow_null=True)


def claim_context(request, claims) -> dict:
    """ClaimOutputSerializer's context: the request, what its pending claims would earn (one
    query, none without a capped rule among them) and, for reviewers, each claim's same-day
    twins (one query)."""
    selectors.describe_claims(claims)  # `description`: what a claim another app paid was for, in the caller's language
    context = {"request": request, "awards": selectors.expected_awards(claims)}
    if request.user.has_perm(PERM_REVIEW):
        context["same_day"] = selectors.same_day_claims(list(claims))
    return context


class ClaimOutputSerializer(serializers.Serializer):
    # Context: claim_context().

    class RuleRef(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField(source="label", help_text=NAME_HELP)
        unit = RuleUnitField()

    class RiderRef(serializers.Serializer):
        id = serializers.IntegerField()
        masked_name = serializers.CharField()

    id = serializers.IntegerField()
    rule = RuleRef()
    category = CategoryRefSerializer(source="rule.category")
    rider = RiderRef()
    quantity = serializers.DecimalField(max_digits=5, decimal_places=1)
    occurred_at = serializers.DateTimeField()
    description = serializers.CharField(
        source="about",
        help_text="the rider's words; for a claim paid by the programme (`source` other than `rider`), what it paid "
        "for in the caller's language (an accepted report's number, category and first words; an activity's title)",
    )
    location = serializers.CharField()
    status = ClaimStatusField()
    status_label = serializers.CharField(source="get_status_display", help_text="the status in the caller's language")
    source = ClaimSourceField()
    points = serializers.IntegerField(allow_null=True)
    points_computed = serializers.IntegerField(allow_null=True)
    points_claimed = serializers.IntegerField(
        allow_null=True,
        help_text="what the rule gave when the claim was submitted (points × quantity, before caps); a pending claim "
        "is paid by the rule as it is when approved, so `expected_points` differs when the rule changed since. "
        "null for claims submitted before this was recorded",
    )
    capped_by = serializers.CharField()
    expected_points = ExpectedPointsField(
        help_text="pending: the points approving it now would grant (the rule's points × quantity, cut by its daily "
        "and monthly caps after the rider's approved claims of the rule that day and month; another pending "
        "claim approved first may use the cap); null for any other status. What the web's claim page says."
    )
    expected_capped_by = ExpectedCapField(
        help_text="pending: the cap that cuts `expected_points` (`day` or `month`), empty if none does"
    )
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    same_day_claims = serializers.SerializerMethodField(
        help_text="for reviewers: the rider's other claims by the same rule on the same day (Asia/Shanghai), waiting "
        "or approved, oldest first: a possible double payment, as the web's review queue warns. Always empty for "
        "riders"
    )
    photos = serializers.SerializerMethodField(
        help_text="the photos' addresses (`GET /api/v1/claims/{id}/photos/{photo_pk}/`), for the claim's rider and "
        "reviewers, with the session token like every call here"
    )

    @extend_schema_field(SameDayClaimSerializer(many=True))
    def get_same_day_claims(self, claim: Claim) -> list[dict]:
        return SameDayClaimSerializer(self.context.get("same_day", {}).get(claim.pk, []), many=True).data

    def get_photos(self, claim: Claim) -> list[str]:
        request = self.context["request"]
        return [
            request.build_absolute_uri(reverse("points_api:claim_photo", args=[claim.pk, photo.pk]))
            for photo in claim.photos.all()
        ]


# The columns the list needs, with the three of the rider's that it shows.
LIST_FIELDS = (
    *("id", "rider_id", "quantity", "occurred_at", "description", "location", "status", "source", "source_ref"),
    *("points", "points_computed", "points_claimed", "capped_by", "reason", "created_at", "decided_at"),
    *("rule__id", "rule__name", "rule__name_en", "rule__unit"),
    *("rule__category__id", "rule__category__code", "rule__category__name", "rule__category__name_en"),
    *("rule__points", "rule__max_per_day", "rule__max_per_month"),  # what a pending claim would earn
    *("rider__id", "rider__display_name", "rider__phone"),
)


# The upload limit clean_image() applies (friendlystreet/uploads.py), for the schema.
PHOTO_MAX_MB = getattr(settings, "UPLOAD_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES) / (1024 * 1024)


class ClaimListCreateApi(APIView):
    """GET: the caller's own claims (reviewers: everyone's, `?status=`). POST: a new claim."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]
    pagination_class = PageNumberPagination  # read by the schema, which then shows the page around the items

    # Riders send and list their claims; reviewers list everyone's (a partner operator has none).
    permission_classes = [IsRider.of(PERM_SUBMIT, staff_reads=PERM_REVIEW)]

    class InputSerializer(CheckedSerializer):
        # Only these are read: status, points, reviewer... sent by a client are ignored.
        rule = IdRelatedField(queryset=Rule.objects.select_related("category"))
        quantity = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, default=1)
        occurred_at = serializers.DateTimeField()
        description = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
        location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        photos = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            default=list,
            help_text=f"JPEG, PNG or WebP; at most {services.MAX_PHOTOS}, {PHOTO_MAX_MB:g} MB each",
        )

    @extend_schema(
        operation_id="claims_list",
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=Claim.Status.values)],
        responses=ClaimOutputSerializer(many=True),
    )
    def get(self, request):
        # One query for the page (rule, category and rider joined), one for its photos, and
        # the paginator's count.
        qs = (
            Claim.objects.select_related("rule__category", "rider")
            .prefetch_related(Prefetch("photos", queryset=ClaimPhoto.objects.only("id", "claim_id")))
            .only(*LIST_FIELDS)
        )
        if not request.user.has_perm(PERM_REVIEW):
            qs = qs.filter(rider=request.user)
        status = request.query_params.get("status")
        if status:
            if status not in Claim.Status.values:
                raise serializers.ValidationError({"status": [one_of(Claim.Status.values)]})
            qs = qs.filter(status=status)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs.order_by("-created_at", "-id"), request, view=self)
        context = claim_context(request, page)
        return paginator.get_paginated_response(ClaimOutputSerializer(page, many=True, context=context).data)

    @extend_schema(
        operation_id="claims_create",
        request={"multipart/form-data": InputSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, location=OpenApiParameter.HEADER)],
        responses={
            201: ClaimOutputSerializer,
            200: ClaimOutputSerializer,
            400: error(
                f"invalid: a field is missing or not valid (`fields` names each and why); {KEY_INVALID}; "
                "parse_error: the body could not be read"
            ),
            403: error("rider_only: the caller is not a rider (a partner operator's or staff account)"),
            409: error(
                "not_verified: the street office has not verified the rider yet; "
                f"too_many_pending_claims: {services.MAX_PENDING_PER_RIDER} claims already wait for review"
            ),
            422: error("idempotency_key_reused: the key was sent before with another claim"),
        },
    )
    def post(self, request):
        """A new claim (201). Send an `Idempotency-Key` header (at most 64 characters): a
        retry with the same key and the same claim answers 200 with the claim the first
        request made, not a second claim; the same key with another rule, quantity, time,
        description or location answers 422 `idempotency_key_reused` (the photos are not
        compared), as the purchase of a reward does."""
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        with service_errors():
            submission = services.claim_submit(
                rider=request.user, idempotency_key=request.headers.get("Idempotency-Key", ""), **s.validated_data
            )
        claim = selectors.claim_visible_to(request.user, submission.claim.pk)
        return Response(
            ClaimOutputSerializer(claim, context=claim_context(request, [claim])).data, status=201 if submission.created else 200
        )


class ClaimDetailApi(APIView):
    """One claim: the rider's own, or any claim for reviewers (404 for anyone else, so a
    claim's number confirms nothing)."""

    @extend_schema(operation_id="claims_retrieve", responses=ClaimOutputSerializer)
    def get(self, request, pk: int):
        claim = selectors.claim_visible_to(request.user, pk)
        return Response(ClaimOutputSerializer(claim, context=claim_context(request, [claim])).data)


class ClaimPhotoApi(APIView):
    """The photo file, for the claim's rider and reviewers only (404 for anyone else)."""

    @extend_schema(operation_id="claims_photo_retrieve", responses={(200, "image/*"): OpenApiTypes.BINARY})
    def get(self, request, pk: int, photo_pk: int):
        return photo_response(selectors.photo_visible_to(request.user, photo_pk, claim_id=pk))


class ClaimWithdrawApi(APIView):
    """The rider takes back their own pending claim (nothing is paid); a decided or already
    withdrawn claim answers 409 with its status."""

    @extend_schema(
        operation_id="claims_withdraw",
        request=None,
        responses={
            200: ClaimOutputSerializer,
            409: OpenApiResponse(ClaimNotPendingSerializer, description=CLAIM_DECIDED),
        },
    )
    def post(self, request, pk: int):
        claim = get_object_or_404(Claim, pk=pk, rider=request.user)
        services.claim_withdraw(rider=request.user, claim=claim)
        claim = selectors.claim_visible_to(request.user, pk)
        return Response(ClaimOutputSerializer(claim, context=claim_context(request, [claim])).data)


class ClaimApproveApi(APIView):
    """Reviewers: approve a pending claim. The rule's points now, capped by its daily and
    monthly limits (`capped_by` names the cap; `points_computed` is before it), go into the
    rider's ledger; the rider is told. Never one's own claim (403)."""

    permission_classes = [HasPerm.of(PERM_REVIEW)]

    class OutputSerializer(serializers.Serializer):
        status = ClaimStatusField()
        points = serializers.IntegerField()
        points_computed = serializers.IntegerField()
        capped_by = serializers.CharField()

    @extend_schema(
        operation_id="claims_approve",
        request=None,
        responses={
            200: OutputSerializer,
            403: error(OWN_CLAIM),
            409: OpenApiResponse(ClaimNotPendingSerializer, description=CLAIM_DECIDED),
        },
    )
    def post(self, request, pk: int):
        claim = get_object_or_404(Claim, pk=pk)
        claim = services.claim_approve(actor=request.user, claim=claim)
        return Response(self.OutputSerializer(claim).data)


class ClaimRejectApi(APIView):
    """Reviewers: reject a pending claim with a reason the rider reads. Never one's own (403)."""

    permission_classes = [HasPerm.of(PERM_REVIEW)]

    class InputSerializer(CheckedSerializer):
        reason = serializers.CharField(max_length=500)

    class OutputSerializer(serializers.Serializer):
        status = ClaimStatusField()
        reason = serializers.CharField()

    @extend_schema(
        operation_id="claims_reject",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            403: error(OWN_CLAIM),
            409: OpenApiResponse(ClaimNotPendingSerializer, description=CLAIM_DECIDED),
        },
    )
    def post(self, request, pk: int):
        claim = get_object_or_404(Claim, pk=pk)
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        with service_errors():
            claim = services.claim_reject(actor=request.user, claim=claim, reason=s.validated_data["reason"])
        return Response(self.OutputSerializer(claim).data)


class ClaimBulkApi(APIView):
    """Reviewers: approve or reject up to 100 claims (services.MAX_BULK) in one transaction (a rejection
    needs a `reason`, the same for all). Claims no longer pending, one's own and unknown ids
    are not fatal: they come back in `skipped` with a code, the rest in `done`, with the `points`
    they paid (as the staff page's message says it)."""

    permission_classes = [HasPerm.of(PERM_REVIEW)]

    class InputSerializer(CheckedSerializer):
        ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=services.MAX_BULK)
        action = serializers.ChoiceField(choices=["approve", "reject"])
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    class OutputSerializer(serializers.Serializer):
        class Skipped(serializers.Serializer):
            id = serializers.IntegerField()
            code = serializers.CharField()
            status = ClaimStatusField(allow_null=True)

        done = serializers.ListField(child=serializers.IntegerField())
        skipped = Skipped(many=True)
        points = serializers.IntegerField(
            help_text="the points the approvals in `done` paid in all, after the rules' caps (what the riders "
            "received); 0 for a rejection"
        )

    @extend_schema(operation_id="claims_bulk", request=InputSerializer, responses=OutputSerializer)
    def post(self, request):
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        with service_errors():
            result = services.claim_bulk_decide(
                actor=request.user, claim_ids=data["ids"], action=data["action"], reason=data["reason"]
            )
        return Response(self.OutputSerializer(result).data)


class LedgerPagination(CursorPagination):
    # A cursor on the id: no COUNT, same cost on page 1 and page 100.
    ordering = ("-id",)
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"
    page_size_query_description = PAGE_SIZE_DESCRIPTION
    cursor_query_description = "Where the page starts: leave it out for the newest, then follow `next`."

    def decode_cursor(self, request):
        # A cursor the client mangled is its bad input (400 naming the parameter), not a
        # page that does not exist (DRF answers 404).
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise serializers.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from None


class MeLedgerApi(APIView):
    """The caller's passbook: every entry, newest first, with the claim or voucher it refers to
    (as the web passbook links each line to it)."""

    pagination_class = LedgerPagination  # read by the schema, which then shows the page around the items
    permission_classes = [IsRider.of(PERM_SUBMIT)]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        amount = serializers.IntegerField()
        kind = LedgerKindField()
        kind_label = serializers.CharField(source="get_kind_display", help_text="the kind in the caller's language")
        balance_after = serializers.IntegerField()
        created_at = serializers.DateTimeField()
        description = serializers.CharField(source="text", help_text="in the caller's language")
        note = serializers.CharField()
        claim = serializers.IntegerField(
            source="claim_id", allow_null=True, help_text="earn: the claim it pays (`GET /api/v1/claims/{id}/`); else null"
        )
        voucher = serializers.SerializerMethodField(
            help_text="redeem and refund: the voucher's code (`GET /api/v1/vouchers/{code}/`); else null"
        )

        def get_voucher(self, entry: LedgerEntry) -> str | None:
            return entry.voucher.code if entry.voucher_id else None

    @extend_schema(operation_id="me_ledger_list", responses=OutputSerializer(many=True))
    def get(self, request):
        qs = selectors.passbook_entries(request.user)
        paginator = self.pagination_class()
        page = selectors.with_texts(paginator.paginate_queryset(qs, request, view=self))
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class MeEvidenceApi(APIView):
    """The rider's evidence for verification, as on the page /profile/evidence/."""

    # JSON too, as the claims' upload: a JSON body carries no file (400 naming `evidence`), and
    # one that cannot be read is a parse_error, as everywhere in the API, not a 415.
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    permission_classes = [IsRider.of(PERM_SUBMIT)]

    class InputSerializer(OnlyItsFields, CheckedSerializer):
        evidence = serializers.FileField(
            help_text="A screenshot of the rider's profile in the platform's app (name, photo, work ID): "
            f"JPEG, PNG or WebP, at most {PHOTO_MAX_MB:g} MB. It replaces the last one."
        )

    class OutputSerializer(serializers.Serializer):
        verification = serializers.ChoiceField(
            choices=Verification.choices,
            help_text="`unverified` while the street office has not decided (the rider is in its queue).",
        )
        has_evidence = serializers.BooleanField()
        resubmitted = serializers.BooleanField(help_text="Sent again after a refusal, waiting for the street office's decision.")
        verification_note = serializers.CharField(help_text="The reason of the last refusal, if any.")

    @extend_schema(
        operation_id="me_evidence_create",
        request={"multipart/form-data": InputSerializer},
        responses={
            201: OutputSerializer,
            400: error(
                "invalid: no file, or one that is not a JPEG, PNG or WebP image or is too large (`fields.evidence`); "
                "parse_error: the body could not be read"
            ),
        },
    )
    def post(self, request):
        """Upload the screenshot staff verify the rider from (201). A rider whose verification
        was refused waits for a decision again; a verified rider stays verified (the page
        takes a new screenshot from them too)."""
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        with service_errors():
            rider = verification.evidence_save(rider=request.user, upload=s.validated_data["evidence"])
        return Response(
            self.OutputSerializer(
                {
                    "verification": rider.verification,
                    "has_evidence": bool(rider.verification_evidence),
                    "resubmitted": verification.resubmitted(rider),
                    "verification_note": rider.verification_note,
                }
            ).data,
            status=201,
        )
