"""API of data rights: the rider's own export and deletion request; street admins anonymise
a rider at once."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from friendlystreet.accounts.access import HasPerm
from friendlystreet.accounts.models import User
from friendlystreet.api.base import APIView
from friendlystreet.api.errors import ErrorSerializer
from friendlystreet.inputs import CheckedSerializer

from . import selectors, services, views
from .models import DataExport

STATUS_HELP = "one of: " + ", ".join(DataExport.Status.values)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="not_found: no such export of the caller's (or it has expired)")


class DataExportCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text=STATUS_HELP)


class DataExportDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text=STATUS_HELP)
    download_url = serializers.SerializerMethodField(help_text="once done: the ZIP (24 hours, owner only); else null")
    expires_at = serializers.DateTimeField()

    def get_download_url(self, export: DataExport) -> str | None:
        if not selectors.downloadable(export):
            return None
        return self.context["request"].build_absolute_uri(reverse("privacy_api:export_file", args=[export.pk]))


class ExportCreateApi(APIView):
    """Ask for a ZIP of everything the portal holds about you (data.json and photos/). 202 at
    once; it is built in the background and you get a notification with the link."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_exports_create", request=None, responses={202: DataExportCreatedSerializer, 429: ErrorSerializer}
    )
    def post(self, request):
        export = services.export_request(rider=request.user)
        export.refresh_from_db(fields=["status"])  # in-process (no broker) it has already run
        return Response(DataExportCreatedSerializer(export).data, status=status.HTTP_202_ACCEPTED)


class ExportDetailApi(APIView):
    """One of your data exports: its status and, once done, where to download it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me_exports_retrieve", responses={200: DataExportDetailSerializer, 404: NOT_FOUND})
    def get(self, request, pk: int):
        export = selectors.export_of(request.user, pk)
        return Response(DataExportDetailSerializer(export, context={"request": request}).data)


class ExportFileApi(APIView):
    """The ZIP of one of your data exports (owner only; 404 to anyone else and once expired)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me_exports_file", responses={(200, "application/zip"): OpenApiTypes.BINARY, 404: NOT_FOUND})
    def get(self, request, pk: int):
        return views.file_response(request.user, pk)


class CodeSentSerializer(serializers.Serializer):
    expires_in = serializers.IntegerField(help_text="seconds the code is valid")


class DeletionCodeApi(APIView):
    """Send an SMS code that confirms a request to delete your account."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_deletion_code",
        request=None,
        responses={202: CodeSentSerializer, 409: ErrorSerializer, 429: ErrorSerializer, 503: ErrorSerializer},
    )
    def post(self, request):
        services.deletion_code_send(rider=request.user)
        return Response({"expires_in": services.CODE_MINUTES * 60}, status=status.HTTP_202_ACCEPTED)


class DeletionInputSerializer(CheckedSerializer):
    code = serializers.RegexField(
        r"^\d{6}$",
        help_text="the six digits from the SMS",
        error_messages={"invalid": _("Enter the six digits from the SMS.")},
    )


class DeletionSerializer(serializers.Serializer):
    scheduled_for = serializers.DateTimeField(help_text="when the account is anonymised unless cancelled")


class DeletionApi(APIView):
    """GET: your open deletion request (404 if none). POST {code}: ask for your account to be
    deleted; it is anonymised after the cooling-off period unless you cancel or sign in
    again. DELETE: cancel."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me_deletion_retrieve", responses={200: DeletionSerializer, 404: ErrorSerializer})
    def get(self, request):
        pending = services.pending_deletion(request.user)
        if pending is None:
            return Response({"message": _("You have no open deletion request."), "code": "not_found", "fields": {}}, status=404)
        return Response(DeletionSerializer(pending).data)

    @extend_schema(
        operation_id="me_deletion_create",
        description="Confirm with the SMS code from /me/deletion/code/. The account is anonymised at "
        "scheduled_for; every session of the rider ends now (this app's token too), and signing in "
        "again before then cancels the request.",
        request=DeletionInputSerializer,
        responses={202: DeletionSerializer, 400: ErrorSerializer},
    )
    def post(self, request):
        s = DeletionInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        pending = services.deletion_request(rider=request.user, code=s.validated_data["code"])
        return Response(DeletionSerializer(pending).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(operation_id="me_deletion_cancel", responses={204: None, 404: ErrorSerializer})
    def delete(self, request):
        if services.deletion_cancel(rider=request.user) is None:
            return Response({"message": _("You have no open deletion request."), "code": "not_found", "fields": {}}, status=404)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnonymiseInputSerializer(CheckedSerializer):
    reason = serializers.CharField(max_length=300)


class AnonymisedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="rider_id", help_text="the rider")
    anonymised_at = serializers.DateTimeField(source="done_at")


class StaffAnonymiseApi(APIView):
    """Street admins: anonymise a rider at once (the rider asked in person), with a reason; audited."""

    permission_classes = [HasPerm.of(services.PERM_ANONYMISE)]

    @extend_schema(
        operation_id="staff_riders_anonymise",
        request=AnonymiseInputSerializer,
        responses={200: AnonymisedSerializer, 400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request, pk: int):
        rider = get_object_or_404(User, pk=pk)
        s = AnonymiseInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        done = services.rider_anonymise(actor=request.user, rider=rider, reason=s.validated_data["reason"])
        return Response(AnonymisedSerializer(done).data)
