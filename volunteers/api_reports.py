"""API of the neighbourhood reports (基层治理线索上报): a rider reports a problem, sees their own
reports with every dated update, checks "is this the same problem?" nearby and says "me too";
staff triage and move reports along the state machine. One small view per action; the reports'
services and selectors decide, as they do for the pages.

Who sees whom: a report's reporter (masked) and whether it is overdue are for staff who triage
(null for everyone else); the nearby list never names the reporter, to anyone."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser
from rest_framework.response import Response

from friendlystreet.accounts.access import HasPerm, IsRider
from friendlystreet.api.base import APIView
from friendlystreet.api.errors import ErrorSerializer, one_of
from friendlystreet.api.pagination import PageNumberPagination
from friendlystreet.api.params import flag_parameter, query_flag
from friendlystreet.api.parsers import JSONParser, MultiPartParser
from friendlystreet.inputs import CheckedSerializer, IdRelatedField, OnlyItsFields
from friendlystreet.uploads import max_image_bytes
from venues.models import Community, Venue

from .models import Report, ReportCategory, ReportPhoto
from .reports import errors, selectors, services
from .reports.selectors import PERM_SUBMIT, PERM_TRIAGE
from .views.reports import photo_response

# Fixed sets of values are plain strings named in the description (as in volunteers/api.py): an
# enum component named "status" or "category" would collide with the activities' and vouchers'.
ONE_OF = "one of: %s"
STATUSES = ONE_OF % ", ".join(Report.Status.values)
NEARBY_LIMIT = 20  # the nearest few are what a rider compares with what they see
EXCERPT_CHARS = 40  # enough to recognise the problem, short of what a reporter may have written about people


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


NOT_FOUND = error("not_found: no such report, or not one the caller may see")


class CodeField(serializers.CharField):
    """A code from a fixed set: a plain string in the schema, its values in the description (an
    enum component would be named after the field and collide, see ONE_OF above)."""

    def __init__(self, *, codes, **kwargs):
        self.codes = list(codes)
        codes_text = ONE_OF % ", ".join(self.codes)
        kwargs["help_text"] = f"{kwargs['help_text']}; {codes_text}" if kwargs.get("help_text") else codes_text
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> str:
        value = super().to_internal_value(data)
        if value and value not in self.codes:
            raise serializers.ValidationError(one_of(self.codes))
        return value


# --- output -------------------------------------------------------------------------------------


class ReportCategorySerializer(serializers.Serializer):
    code = serializers.CharField(source="category")
    name = serializers.CharField(source="get_category_display")


class ReportCommunitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReportVenueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReportUpdateListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        return super().to_representation(selectors.marked_progress(data.all()))


class ReportUpdateSerializer(serializers.Serializer):
    """A dated change of the report, with the note its reporter reads."""

    status = serializers.CharField(help_text=STATUSES)
    progress = serializers.BooleanField(
        source="is_progress", help_text="a progress note in the same state (进展), not a change of state"
    )
    note = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        list_serializer_class = ReportUpdateListSerializer


class PhotoUrlsField(serializers.ListField):
    """The addresses of the report's photos in the API (ReportPhotoApi: the reporter and staff
    only, with the caller's `X-Session-Token`)."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), **kwargs)

    def to_representation(self, photos) -> list[str]:
        request = self.context["request"]
        return [
            request.build_absolute_uri(reverse("volunteers_api:report_photo", args=[p.report_id, p.pk])) for p in photos.all()
        ]


class OverdueField(serializers.BooleanField):
    """Staff: unanswered past the response time; null for everyone else. Context: `staff`, `now`."""

    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, **kwargs)

    def to_representation(self, report: Report) -> bool | None:
        if not self.context.get("staff"):
            return None
        return selectors.is_overdue(report, now=self.context.get("now"))


class ReportReporterSerializer(serializers.Serializer):
    """Staff: who reported (masked); null for everyone else, the reporter included."""

    id = serializers.IntegerField()
    masked_name = serializers.CharField()

    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, **kwargs)

    def to_representation(self, report: Report):
        if not self.context.get("staff"):
            return None
        return super().to_representation(report.reporter)


class ReportOutputSerializer(serializers.Serializer):
    """A report as its reporter and staff see it. Context: `request`, `staff` (the caller
    triages reports) and `now` (one clock for a whole list) — report_context()."""

    id = serializers.IntegerField()
    category = ReportCategorySerializer(source="*")
    description = serializers.CharField()
    lat = serializers.FloatField(allow_null=True)
    lng = serializers.FloatField(allow_null=True)
    address = serializers.CharField()
    community = ReportCommunitySerializer(allow_null=True)
    venue = ReportVenueSerializer(allow_null=True, help_text="the venue a report of wrong venue information is about")
    status = serializers.CharField(help_text=STATUSES)
    duplicate_of = serializers.IntegerField(
        source="duplicate_of_id", allow_null=True, help_text="a duplicate: the report it repeats"
    )
    me_too_count = serializers.IntegerField(help_text="other riders who saw the same problem")
    photos = PhotoUrlsField(
        help_text="the photos' addresses (`GET /api/v1/reports/{id}/photos/{photo_pk}/`), with the session token "
        "like every call here"
    )
    updates = ReportUpdateSerializer(many=True, help_text="every change, oldest first (the first is the submission)")
    created_at = serializers.DateTimeField()
    responded_at = serializers.DateTimeField(allow_null=True, help_text="when staff first answered")
    resolved_at = serializers.DateTimeField(allow_null=True)
    overdue = OverdueField(help_text="staff only (null for others): unanswered past the target response time")
    reporter = ReportReporterSerializer(help_text="staff only (null for others, the reporter included)")


def report_context(request) -> dict:
    return {"request": request, "staff": request.user.has_perm(PERM_TRIAGE), "now": timezone.now()}


def with_details(queryset: QuerySet[Report]) -> QuerySet[Report]:
    """The photos' ids and the updates of a page of reports: two queries for the whole page."""
    return queryset.prefetch_related(Prefetch("photos", queryset=ReportPhoto.objects.only("id", "report_id")), "updates")


def report_response(request, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
    """The report as the caller may see it (after a change: read again), or 404."""
    report = with_details(selectors.visible_to(request.user)).filter(pk=pk).first()
    if report is None:
        raise exceptions.NotFound()
    return Response(ReportOutputSerializer(report, context=report_context(request)).data, status=status_code)


# --- the rider's reports and the triage list ---------------------------------------------------


class ReportListCreateApi(APIView):
    """GET: the caller's own reports, newest first. Staff who triage get the triage list instead:
    open reports unless `?status=`, overdue ones first (unanswered past the response time), then
    more me-toos, then the oldest (the staff page's order: selectors.triage); filtered by `category`,
    `community`, `overdue`, `grid` (reporter is a current micro-grid member). The filters are
    staff's; others' are checked and ignored. POST: a verified rider reports a problem
    (multipart, `photos` repeated, at most 3): a pin (`lat` and `lng`), an `address`, or the
    `venue` whose information is wrong (category venue_info; its address is then kept); 201.
    Send an `Idempotency-Key` header (at most 64 characters): a retry with the same key answers
    200 with the report the first request made, not a second report, as a claim does."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]
    pagination_class = PageNumberPagination  # read by the schema, which then shows the page around the items

    # Riders report and list theirs; staff who triage list everyone's (a partner operator has none).
    permission_classes = [IsRider.of(PERM_SUBMIT, staff_reads=PERM_TRIAGE)]

    class FilterSerializer(CheckedSerializer):
        status = CodeField(codes=Report.Status.values, required=False, allow_blank=True, default="")
        category = CodeField(codes=ReportCategory.values, required=False, allow_blank=True, default="")
        community = serializers.IntegerField(required=False, min_value=1, allow_null=True, default=None)

    class InputSerializer(CheckedSerializer):
        # Lengths, the place (a pin or an address) and the photos are the service's to check.
        category = CodeField(codes=ReportCategory.values)
        description = serializers.CharField(allow_blank=True)
        lat = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True, default=None)
        lng = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True, default=None)
        address = serializers.CharField(required=False, allow_blank=True, default="")
        community = IdRelatedField(queryset=Community.objects.all(), required=False, allow_null=True, default=None)
        # An unknown id is refused here, one no longer on the map by the service (both 400).
        venue = IdRelatedField(
            queryset=Venue.objects.select_related("community"),
            required=False,
            allow_null=True,
            default=None,
            help_text="a venue's id: the report is about its information, and the venue is the place",
        )
        photos = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            default=list,
            help_text=f"JPEG, PNG or WebP; at most {services.MAX_PHOTOS}, {max_image_bytes() // 2**20} MB each",
        )

    @extend_schema(
        operation_id="reports_list",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Report.Status.values, description="staff"),
            OpenApiParameter("category", OpenApiTypes.STR, enum=ReportCategory.values, description="staff"),
            OpenApiParameter("community", OpenApiTypes.INT, description="staff: a community's id"),
            flag_parameter("overdue", "staff: only overdue reports"),
            flag_parameter("grid", "staff: only reports of micro-grid members"),
        ],
        responses={200: ReportOutputSerializer(many=True), 400: error("invalid: a filter's value")},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        overdue, grid_only = query_flag(request, "overdue"), query_flag(request, "grid")
        if request.user.has_perm(PERM_TRIAGE):
            queryset = selectors.triage(
                selectors.TriageFilters(
                    status=f["status"],
                    category=f["category"],
                    community=f["community"],
                    overdue=overdue,
                    grid_only=grid_only,
                )
            )
        else:
            queryset = selectors.visible_to(request.user).order_by("-created_at", "-id")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(with_details(queryset), request, view=self)
        return paginator.get_paginated_response(ReportOutputSerializer(page, many=True, context=report_context(request)).data)

    @extend_schema(
        operation_id="reports_create",
        request={"multipart/form-data": InputSerializer, "application/json": InputSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                description="at most 64 characters; a retry with the same key answers 200 with the first report",
            )
        ],
        responses={
            201: ReportOutputSerializer,
            200: OpenApiResponse(ReportOutputSerializer, description="a retry with the same Idempotency-Key: that report"),
            400: error(
                "invalid: a field (a pin without both coordinates, neither pin nor address nor venue, an unknown or "
                "inactive venue, a photo...); invalid_idempotency_key"
            ),
            409: error("not_verified, too_many_reports"),
        },
    )
    def post(self, request):
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        submission = services.report_submit(
            rider=request.user, idempotency_key=request.headers.get("Idempotency-Key", ""), **s.validated_data
        )
        answer = status.HTTP_201_CREATED if submission.created else status.HTTP_200_OK
        return report_response(request, submission.report.pk, answer)


class ReportDetailApi(APIView):
    """One report with its photos and every dated update: the caller's own (staff: any);
    others' reports are 404."""

    @extend_schema(operation_id="reports_retrieve", responses={200: ReportOutputSerializer, 404: NOT_FOUND})
    def get(self, request, pk: int):
        return report_response(request, pk)


class ReportPhotoApi(APIView):
    """A photo of a report, to whoever may see the report (its reporter, staff who triage):
    404 for anyone else."""

    @extend_schema(operation_id="reports_photo_retrieve", responses={(200, "image/*"): OpenApiTypes.BINARY, 404: NOT_FOUND})
    def get(self, request, pk: int, photo_pk: int):
        return photo_response(request.user, ReportPhoto.objects.filter(pk=photo_pk, report_id=pk).first())


# --- "is this the same problem?" ------------------------------------------------------------


class ExcerptField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(source="description", **kwargs)

    def to_representation(self, description: str) -> str:
        return description if len(description) <= EXCERPT_CHARS else description[:EXCERPT_CHARS].rstrip() + "…"


class ReportNearbyApi(APIView):
    """Open reports of a category within 200 m of a point, nearest first (at most 20): what a
    rider compares with what they see before reporting it again. Never the reporter, nor the
    whole description or the photos; `mine` marks the caller's own (no "me too" on those)."""

    permission_classes = [IsRider.of(PERM_SUBMIT)]

    class FilterSerializer(CheckedSerializer):
        lat = serializers.FloatField(min_value=-90, max_value=90)
        lng = serializers.FloatField(min_value=-180, max_value=180)
        category = CodeField(codes=ReportCategory.values)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        category = ReportCategorySerializer(source="*")
        excerpt = ExcerptField(help_text=f"the description's first {EXCERPT_CHARS} characters")
        status = serializers.CharField(help_text="submitted, accepted or in_progress")
        distance_m = serializers.IntegerField()
        me_too_count = serializers.IntegerField()
        created_at = serializers.DateTimeField()
        mine = serializers.SerializerMethodField()

        def get_mine(self, report: Report) -> bool:
            return report.reporter_id == self.context["user"].pk

        def to_representation(self, report: Report) -> dict:
            data = super().to_representation(report)
            data["distance_m"] = round(report.distance_m)
            return data

    @extend_schema(
        operation_id="reports_nearby",
        parameters=[
            OpenApiParameter("lat", OpenApiTypes.DOUBLE, required=True),
            OpenApiParameter("lng", OpenApiTypes.DOUBLE, required=True),
            OpenApiParameter("category", OpenApiTypes.STR, enum=ReportCategory.values, required=True),
        ],
        responses={200: OutputSerializer(many=True), 400: error("invalid: lat, lng or category missing or wrong")},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        reports = selectors.nearby_open(**filters.validated_data)[:NEARBY_LIMIT]
        return Response(self.OutputSerializer(reports, many=True, context={"user": request.user}).data)


class ReportMeTooApi(APIView):
    """ "Me too": another verified rider sees the same open problem, counted once per rider and
    never on one's own report. Only on a report the rider may know of: an open one with a pin
    (what `nearby` shows), or one they said "me too" on before; any other number is 404
    not_found, the same for a report that does not exist. 409 not_verified, own_report,
    already_me_too, or report_closed (one they said "me too" on, closed since)."""

    permission_classes = [IsRider.of(PERM_SUBMIT)]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        me_too_count = serializers.IntegerField()

    @extend_schema(
        operation_id="reports_me_too",
        request=None,
        responses={
            201: OutputSerializer,
            404: error("not_found: no such report the rider may know of (not open, no pin, or none)"),
            409: error("not_verified, own_report, already_me_too, report_closed"),
        },
    )
    def post(self, request, pk: int):
        report = selectors.report_known_to_rider(request.user, pk)
        if report is None:
            raise errors.ReportNotFound()
        services.report_me_too(rider=request.user, report=report)
        counted = selectors.with_counts(Report.objects.filter(pk=pk)).get()
        return Response(self.OutputSerializer(counted).data, status=status.HTTP_201_CREATED)


# --- staff: the state machine -----------------------------------------------------------------


class ReportTransitionApi(APIView):
    """Staff move a report: submitted → accepted | rejected | duplicate; accepted → in_progress |
    resolved | duplicate; in_progress → resolved. A rejection (why) and a resolution (what was
    done) need a `note`, which the reporter reads; a duplicate names its original (`duplicate_of`),
    open or resolved, never a rejected one, and without a note the reporter reads that the same
    problem was already reported. Acceptance pays the reporter once. 409 invalid_transition for a
    move the state machine forbids."""

    permission_classes = [HasPerm.of(PERM_TRIAGE)]

    class InputSerializer(OnlyItsFields, CheckedSerializer):
        # A move sent with the report's `community` or an assignee (which the staff page sets, the
        # API does not) answered 200 with them unchanged, and the client took them as saved.
        unknown_field_message = gettext_lazy("Only a report's status can be changed here, with these fields: %(fields)s.")

        status = CodeField(codes=Report.Status.values)
        note = serializers.CharField(required=False, allow_blank=True, default="", help_text="the reporter reads it")
        duplicate_of = IdRelatedField(
            queryset=Report.objects.all(), required=False, allow_null=True, default=None, help_text="for a duplicate"
        )

    @extend_schema(
        operation_id="reports_transition",
        request=InputSerializer,
        responses={
            200: ReportOutputSerializer,
            400: error(
                "invalid: a status, a rejection or a resolution without a note, a duplicate without its original "
                "or of a rejected report"
            ),
            404: NOT_FOUND,
            409: error("invalid_transition"),
        },
    )
    def post(self, request, pk: int):
        report = get_object_or_404(Report, pk=pk)
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.report_transition(actor=request.user, report=report, **s.validated_data)
        return report_response(request, pk)
