from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from .models import DataExport


def exports_of(rider) -> list[DataExport]:
    return list(DataExport.objects.filter(rider=rider, expires_at__gt=timezone.now()).order_by("-created_at")[:5])


def export_of(user, pk: int) -> DataExport:
    """The caller's own export, while it is kept; 404 for anyone else's (no hint it exists)."""
    if not user.is_authenticated:
        raise Http404
    export = DataExport.objects.filter(pk=pk, rider_id=user.pk, expires_at__gt=timezone.now()).first()
    if export is None:
        raise Http404
    return export


def downloadable(export: DataExport) -> bool:
    return export.status == DataExport.Status.DONE and bool(export.file) and export.expires_at > timezone.now()
