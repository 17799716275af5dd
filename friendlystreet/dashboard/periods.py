"""Periods of the dashboard: whole days in Asia/Shanghai, both ends inclusive.

A period from 2025-03-01 to 2025-03-31 covers [2025-03-01 00:00 +08:00, 2025-04-01 00:00 +08:00):
every query filters `field__gte=period.since, field__lt=period.until`, so a claim decided at
23:59:59 on the 31st is in March and one at 00:00:00 on the 1st of April is not, whatever the
database's own time zone.

The previous period, which every figure is compared with, is the one people report against
(Period.previous(), one rule for the page, the API and the presets):
- a whole calendar month (上月, or any 1st-to-last-day range): the whole month before it
  (November against October 1-31, March against all of February);
- a month so far (本月, a range from the 1st that ends within the month): the same days of
  the month before, cut at that month's end (03-01..03-30 against 02-01..02-28);
- a year so far (今年, a range from 1 January that ends after January within the year): the
  same dates a year earlier (2026-01-01..12-06 against 2025-01-01..12-06);
- any other range: the same number of days, ending the day before it starts.
In January a range from the 1st is both a month and a year so far; it reads as a month
(against December) unless it was made as the year so far (the 今年 preset: basis=YEAR_TO_DATE).

A period never runs past today (parse() cuts it there, and refuses one that starts later):
the days to come have no figures, and a comparison with them would read as a collapse."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from friendlystreet.days import date_problem, local_today, local_zone

MAX_DAYS = 3 * 366  # a longer range is a typo, and its per-day series would be unreadable

PRESETS = {
    "this_month": _("This month"),
    "last_month": _("Last month"),
    "this_year": _("This year"),
}

# How a period's previous period is chosen (Period.basis; see the module's docstring).
MONTH = "month"
MONTH_TO_DATE = "month_to_date"
YEAR_TO_DATE = "year_to_date"
SAME_LENGTH = "same_length"


class BadPeriod(ValueError):
    """The dates do not make a period (a message the user reads)."""


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _clipped(year: int, month: int, day: int) -> date:
    """That day of that month, or the month's last day when it has fewer (31 → 28 in February)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def basis_of(start: date, end: date) -> str:
    """The comparison a range's shape asks for (a range from the 1st of January that ends
    within January reads as a month)."""
    if start.day == 1 and (start.year, start.month) == (end.year, end.month):
        return MONTH if end == _month_end(start) else MONTH_TO_DATE
    if (start.month, start.day) == (1, 1) and start.year == end.year:
        return YEAR_TO_DATE
    return SAME_LENGTH


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    basis: str = ""  # how previous() is chosen; "" = by the range's shape (basis_of)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadPeriod(_("The end date is before the start date."))
        if self.days > MAX_DAYS:
            raise BadPeriod(_("Choose a period of at most three years."))
        if not self.basis:
            object.__setattr__(self, "basis", basis_of(self.start, self.end))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def since(self) -> datetime:
        """The first moment of the period (midnight in Asia/Shanghai)."""
        return datetime.combine(self.start, time.min, tzinfo=local_zone())

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=local_zone())

    def previous(self) -> Period:
        """The period this one is compared with (the module's docstring)."""
        if self.basis in (MONTH, MONTH_TO_DATE):
            first = (self.start.replace(day=1) - timedelta(days=1)).replace(day=1)
            if self.basis == MONTH:
                return Period(first, _month_end(first))
            return Period(first, _clipped(first.year, first.month, self.end.day))
        if self.basis == YEAR_TO_DATE:
            year = self.start.year - 1
            return Period(date(year, 1, 1), _clipped(year, self.end.month, self.end.day))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def range(self, field: str) -> dict:
        """`filter(**period.range("created_at"))`."""
        return {f"{field}__gte": self.since, f"{field}__lt": self.until}

    def day_list(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def weeks(self, last: int = 12) -> list[Period]:
        """The calendar weeks (Monday to Sunday) the period touches, each cut to the period
        (so the first and the last may be shorter: partial_week), at most the `last` ones:
        the chart of active riders per week."""
        cuts = []
        monday = self.start - timedelta(days=self.start.weekday())
        while monday <= self.end:
            cuts.append(Period(max(monday, self.start), min(monday + timedelta(days=6), self.end), basis=SAME_LENGTH))
            monday += timedelta(days=7)
        return cuts[-last:]

    @property
    def partial_week(self) -> bool:
        """One of weeks() that is not a whole Monday-to-Sunday week."""
        return self.days < 7

    def week_label(self) -> str:
        """11-23 至 11-29; a cut week says so: 12-01 至 12-06（不满一周）."""
        if self.start == self.end:
            text = self.start.strftime("%m-%d")
        else:
            text = gettext("%(start)s to %(end)s") % {"start": self.start.strftime("%m-%d"), "end": self.end.strftime("%m-%d")}
        return gettext("%(days)s (part of a week)") % {"days": text} if self.partial_week else text


def preset(name: str, today: date | None = None) -> Period:
    today = today or local_today()
    if name == "last_month":
        last_day = today.replace(day=1) - timedelta(days=1)
        return Period(last_day.replace(day=1), last_day, basis=MONTH)
    if name == "this_year":
        return Period(today.replace(month=1, day=1), today, basis=YEAR_TO_DATE)
    # this_month (the default): from the 1st to today, against the same days of last month
    # (on the month's last day too: the day is not over)
    return Period(today.replace(day=1), today, basis=MONTH_TO_DATE)


def parse(start: str | None, end: str | None, preset_name: str = "", today: date | None = None) -> Period:
    """A period from ISO dates (either may be missing: the default month fills it in) or a
    preset name. An end after today is cut to today (Period.end says so; the caller tells the
    user); a start after today is refused. Raises BadPeriod with a message for the user."""
    today = today or local_today()
    if not (start or end):
        return preset(preset_name if preset_name in PRESETS else "this_month", today)
    default = preset("this_month", today)
    try:
        first = date.fromisoformat(start) if start else default.start
        last = date.fromisoformat(end) if end else (default.end if not start else max(first, default.end))
    except ValueError:
        raise BadPeriod(_("Dates are written YYYY-MM-DD.")) from None
    if problem := date_problem(first) or date_problem(last):
        raise BadPeriod(problem)
    if first > today:
        raise BadPeriod(_("The period starts after today: it has no figures yet."))
    if last < first:
        if not start:
            # Only an end was given, before this month's first day, which the start was filled
            # in with: "the end is before the start" would point at a date nobody chose.
            raise BadPeriod(
                gettext("Choose a start date too: without one the period starts on %(start)s, after the end date.")
                % {"start": first.isoformat()}
            )
        raise BadPeriod(_("The end date is before the start date."))
    return Period(first, min(last, today))
