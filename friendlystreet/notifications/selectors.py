"""Reads of the notifications app."""

from __future__ import annotations

import contextlib

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from . import kinds
from .models import Delivery, Notification
from .preferences import saved_choices, wanted_channels


def inbox(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    qs = Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def notification_get(*, user, notification_id: int) -> Notification:
    """One of the user's own notifications; anyone else's is a 404, not a 403 (which would
    tell that the id exists)."""
    return get_object_or_404(Notification, pk=notification_id, recipient=user)


UNREAD_ATTR = "fs_unread_count"


def unread_count(*, user) -> int:
    """The number on the bell: one indexed count per signed-in page, kept on this request's
    user object (as Django keeps their permissions) for the page's other uses of it."""
    count = getattr(user, UNREAD_ATTR, None)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        setattr(user, UNREAD_ATTR, count)
    return count


def forget_unread_count(user) -> None:
    """After a write that changes the number. delattr, not __dict__.pop: request.user is a
    lazy wrapper whose own __dict__ does not hold the user's attributes."""
    with contextlib.suppress(AttributeError):
        delattr(user, UNREAD_ATTR)


def preference_rows(*, user) -> list[dict]:
    """For the settings page: each kind this user may receive, with its choosable channels
    and whether each is on now. One query."""
    choices = saved_choices(user)
    rows = []
    for kind in kinds.kinds_for(user):
        channels = kind.choosable_channels()
        if not channels:
            continue
        wanted = wanted_channels(user, kind, choices)
        rows.append({"kind": kind, "channels": [(c, c in wanted) for c in channels]})
    return rows


def deliveries_for_staff(*, status: str | None = Delivery.Status.FAILED, channel: str = "") -> QuerySet[Delivery]:
    qs = Delivery.objects.select_related("notification__recipient").order_by("-updated_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    return qs
