"""Demo: every demo rider has the welcome notification in their inbox (idempotent)."""

from __future__ import annotations

from friendlystreet.accounts.models import User

from .models import Notification
from .services import notify


def seed(*, log) -> None:
    riders = User.objects.filter(username__startswith="rider", groups__name="rider").exclude(notifications__kind="welcome")
    n = 0
    for rider in riders:
        notify(rider, "welcome", {}, link="/home/")  # in-app only: no SMS leaves the demo
        n += 1
    log(f"notifications: welcome message for {n} riders ({Notification.objects.count()} in all)")
