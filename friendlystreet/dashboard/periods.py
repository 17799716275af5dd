"""Periods of the dashboard: whole days in Asia/Shanghai, both ends inclusive.

A period from 2025-03-01 to 2025-03-31 covers [2025-03-01 00:00 +08:00, 2025-04-01 00:00 +08:00):
every query filters `field__gte=period.since, field__lt=period.until`, so a claim decided at
23:59:59 on the 31st is in March and one at 00:00:00 on the 1st of April is not, whatever the
database's own time zone. The previous period has the same number of days and ends the day
before this one starts (March's is the 28 (or 29) days before it, not February)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 3 * 366  # a longer range is a typo, and its per-day series would be unreadable

PRESETS = {
    "this_month": _("This month"),
    "last_month": _("Last month"),
    "this_year": _("This year"),
}


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_today(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(zone()).date()


class BadPeriod(ValueError):
    """The dates do not make a period (a message the user reads)."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadPeriod(_("The end date is before the start date."))
        if self.days > MAX_DAYS:
            raise BadPeriod(_("Choose a period of at most three years."))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def since(self) -> datetime:
        """The first moment of the period (midnight in Asia/Shanghai)."""
        return datetime.combine(self.start, time.min, tzinfo=zone())

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone())

    def previous(self) -> Period:
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def range(self, field: str) -> dict:
        """`filter(**period.range("created_at"))`."""
        return {f"{field}__gte": self.since, f"{field}__lt": self.until}

    def day_list(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def weeks(self, last: int = 12) -> list[Period]:
        """The period cut into weeks from its start (the last may be shorter), at most the
        `last` ones: the chart of active riders per week."""
        cuts = []
        day = self.start
        while day <= self.end:
            cuts.append(Period(day, min(day + timedelta(days=6), self.end)))
            day += timedelta(days=7)
        return cuts[-last:]


def preset(name: str, today: date | None = None) -> Period:
    today = today or local_today()
    if name == "last_month":
        last_day = today.replace(day=1) - timedelta(days=1)
        return Period(last_day.replace(day=1), last_day)
    if name == "this_year":
        return Period(today.replace(month=1, day=1), today)
    # this_month (the default): from the 1st to today
    return Period(today.replace(day=1), today)


def parse(start: str | None, end: str | None, preset_name: str = "", today: date | None = None) -> Period:
    """A period from ISO dates (either may be missing: the default month fills it in) or a
    preset name. Raises BadPeriod with a message for the user."""
    if preset_name in PRESETS and not (start or end):
        return preset(preset_name, today)
    default = preset("this_month", today)
    try:
        first = date.fromisoformat(start) if start else default.start
        last = date.fromisoformat(end) if end else (default.end if not start else max(first, default.end))
    except ValueError:
        raise BadPeriod(_("Dates are written YYYY-MM-DD.")) from None
    return Period(first, last)
