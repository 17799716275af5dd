"""The programme's calendar: days and months in Asia/Shanghai (settings.TIME_ZONE) whatever the
viewer's or the server's time zone (caps, the dashboard's periods, monthly limits, exports),
and the years a date typed into a form or sent to the API may have."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

# The years a street office plans, appoints and reports in. A year typed wrong (0001, 9999) is
# refused before it reaches a query: year 1 in Beijing time is before year 1 in UTC, which
# neither the database nor Python can hold.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_today(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(local_zone()).date()


def local_day_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """The local day of `moment`: its first instant and the next day's."""
    zone = local_zone()
    day = moment.astimezone(zone).date()
    return datetime.combine(day, time.min, tzinfo=zone), datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def local_month_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """The local month of `moment`: its first instant and the next month's."""
    zone = local_zone()
    day = moment.astimezone(zone).date()
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return datetime.combine(first, time.min, tzinfo=zone), datetime.combine(following, time.min, tzinfo=zone)


def date_problem(moment: date | datetime) -> str | None:
    """Why a date typed in cannot be used (forms, the API and the services ask this one rule),
    or None."""
    if EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        return None
    return _("Enter a date between %(first)s and %(last)s.") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
