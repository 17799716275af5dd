from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Export
from .registry import all_kinds

# The staff page lists a member's latest exports (seven days' worth is rarely more).
LIST_LIMIT = 50


def exports_of(user) -> QuerySet[Export]:
    """The user's own exports that are still kept, newest first."""
    return Export.objects.filter(owner=user, expires_at__gt=timezone.now())


def export_of(user, pk: int) -> Export:
    """One of the user's own exports; 404 for anyone else's (whoever asks)."""
    return get_object_or_404(exports_of(user), pk=pk)


def downloadable(export: Export) -> bool:
    return export.status == Export.Status.DONE and bool(export.file)


def kind_choices() -> list[tuple[str, str]]:
    return [(k.code, k.label) for k in all_kinds()]


def kind_labels() -> dict[str, str]:
    return {k.code: k.label for k in all_kinds()}
