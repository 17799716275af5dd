"""Demo: every demo rider has the welcome notification in their inbox, from the day they
registered (idempotent)."""

from __future__ import annotations

from friendlystreet import demo_clock
from friendlystreet.accounts.models import User

from .models import Notification
from .services import notify


def seed(*, log) -> None:
    riders = User.objects.filter(username__startswith="rider", groups__name="rider").exclude(notifications__kind="welcome")
    n = 0
    for rider in riders:
        # In-app only: no SMS leaves the demo.
        demo_clock.schedule(rider.date_joined, lambda rider=rider: notify(rider, "welcome", {}, link="/home/"))
        n += 1
    log(f"notifications: welcome message for {n} riders ({Notification.objects.count()} in all)")
