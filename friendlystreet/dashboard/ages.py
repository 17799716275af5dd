"""How long something has waited, in words a person says: 3 天 3 小时, 20 小时前, 刚刚.

Django's timesince writes "3 日，3 小时" and "20 小时，2 分钟前" (two units, a comma, 日 for
days) and "0 分钟" for a few seconds. Here: days with the hours beside them (3 天 3 小时,
or 3 天 on the hour), else only the hours (20 小时), else the minutes (5 分钟); under a
minute "刚刚" ("just now") or, as a duration, "不到 1 分钟". One helper for the dashboard's
cards of today's work and the staff's list of reports (the template filters `waited` and
`ago` in dashboard's template tags)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext, ngettext


def _parts(since: datetime, now: datetime | None) -> tuple[int, int, int]:
    seconds = max(0, int(((now or timezone.now()) - since).total_seconds()))
    return seconds // 86400, seconds % 86400 // 3600, seconds % 3600 // 60


def waited(since: datetime, now: datetime | None = None) -> str:
    """The time from `since` to now as a duration: "3 天 3 小时", "20 小时", "5 分钟",
    "不到 1 分钟"."""
    days, hours, minutes = _parts(since, now)
    if days:
        text = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
        if hours:
            text = gettext("%(days)s %(hours)s") % {
                "days": text,
                "hours": ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours},
            }
        return text
    if hours:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    if minutes:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return gettext("less than a minute")


def ago(since: datetime, now: datetime | None = None) -> str:
    """When `since` was, from now: "3 天 3 小时前", "20 小时前", "5 分钟前", "刚刚"."""
    if not any(_parts(since, now)):
        return gettext("just now")
    return gettext("%(age)s ago") % {"age": waited(since, now)}
