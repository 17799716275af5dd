"""API of exports: ask for one (202, the task runs in the background), follow it, download it.
Staff only (ledgers.create_export); an export is its owner's: 404 to anyone else."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from friendlystreet.accounts.access import HasPerm
from friendlystreet.api.base import APIView
from friendlystreet.api.errors import ErrorSerializer
from friendlystreet.api.pagination import PageNumberPagination
from friendlystreet.inputs import CheckedSerializer
from friendlystreet.privacy.access import REASON_CODES

from . import selectors, services, views
from .models import Export

# A plain string in the schema, its values named: an enum named "status" would rename the
# vouchers' and other enums clients already use (drf-spectacular's collision naming).
STATUS_HELP = "one of: " + ", ".join(Export.Status.values)
FAILURE_HELP = "why a failed export failed, one of: " + ", ".join(Export.Failure.values) + "; null unless failed"
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="not_found: no such export of the caller's (or it has expired)")


class DownloadUrlField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, **kwargs)

    def to_representation(self, export: Export) -> str | None:
        if not selectors.downloadable(export):
            return None
        return self.context["request"].build_absolute_uri(reverse("ledgers_api:export_file", args=[export.pk]))


class ExportOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    format = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    status = serializers.CharField(help_text=STATUS_HELP)
    progress = serializers.IntegerField(help_text="0–100")
    rows = serializers.IntegerField(help_text="rows written so far (all of them once done)")
    personal_data = serializers.BooleanField(help_text="names and phones unmasked")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(help_text="the export and its file are deleted then")
    download_url = DownloadUrlField(help_text="once done: the file (for its owner only); else null")
    failure = serializers.SerializerMethodField(help_text=FAILURE_HELP)
    failure_message = serializers.SerializerMethodField(
        help_text="why it failed and what to do, for people, in the request's language; null unless failed"
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_failure(self, export: Export) -> str | None:
        return export.failure or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_failure_message(self, export: Export) -> str | None:
        return str(export.get_failure_display()) if export.failure else None


class ExportInputSerializer(CheckedSerializer):
    kind = serializers.ChoiceField(choices=())
    format = serializers.ChoiceField(choices=Export.Format.values)
    start = serializers.DateField(help_text="the first day (Asia/Shanghai), from 2000-01-01")
    end = serializers.DateField(
        help_text="the last day, inclusive, to 2099-12-31; at most three years after `start` (else 400). A ledger of "
        "things that happened refuses a `start` after today (400) and runs to today at the latest (the export's `end` "
        "says where it stopped); activities, planned ahead, may lie after today"
    )
    reason = serializers.ChoiceField(
        choices=REASON_CODES,
        required=False,
        help_text="riders' names and phones unmasked in every ledger that names riders (staff allowed to see personal "
        "data), for this reason, recorded in the audit trail; masked without it. Staff and partners' operators who "
        "acted on a row are always named in full",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [code for code, _label in selectors.kind_choices()]

    # The days are checked by the service (services.export_days), for the page's form and this
    # API alike: its ValidationError is a 400 naming the field.


class ExportCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text=STATUS_HELP)


class ExportListCreateApi(APIView):
    """GET: the caller's exports that are still kept, newest first. POST: ask for an export;
    202 with its id at once, the file is written in the background (follow it with GET
    /staff/exports/{id}/). Riders' names and phones come unmasked only to staff who may export
    personal data, and that export is audited."""

    permission_classes = [HasPerm.of(services.PERM_EXPORT)]
    pagination_class = PageNumberPagination

    @extend_schema(operation_id="staff_exports_list", responses={200: ExportOutputSerializer(many=True)})
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.exports_of(request.user), request, view=self)
        return paginator.get_paginated_response(ExportOutputSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="staff_exports_create",
        request=ExportInputSerializer,
        responses={202: ExportCreatedSerializer, 400: OpenApiResponse(ErrorSerializer, description="invalid")},
    )
    def post(self, request):
        s = ExportInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        export = services.export_request(
            owner=request.user,
            kind=data["kind"],
            fmt=data["format"],
            start=data["start"],
            end=data["end"],
            language=get_language(),
            reason=data.get("reason", ""),
        )
        # In-process (no broker) the task has already run: read the status again.
        export.refresh_from_db(fields=["status"])
        return Response(ExportCreatedSerializer(export).data, status=status.HTTP_202_ACCEPTED)


class ExportDetailApi(APIView):
    """One of the caller's exports: its status, progress and, once done, where to download it."""

    permission_classes = [HasPerm.of(services.PERM_EXPORT)]

    @extend_schema(operation_id="staff_exports_retrieve", responses={200: ExportOutputSerializer, 404: NOT_FOUND})
    def get(self, request, pk: int):
        export = selectors.export_of(request.user, pk)
        return Response(ExportOutputSerializer(export, context={"request": request}).data)


class ExportFileApi(APIView):
    """The export's file (CSV or XLSX), for its owner only; 404 to anyone else and before it is done."""

    permission_classes = [HasPerm.of(services.PERM_EXPORT)]

    @extend_schema(
        operation_id="staff_exports_file",
        # The file as it was asked for: CSV or XLSX (views.CONTENT_TYPES).
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            404: NOT_FOUND,
        },
    )
    def get(self, request, pk: int):
        return views.file_response(request.user, pk)
