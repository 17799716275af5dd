"""Weekly opening hours: parsing, validation, "open now" and display.

A venue's week is a set of ranges `(day, start, end)` in minutes, where `day` is
0 (Monday) … 6 (Sunday), `start` is 0…1439 and `end` is start+1 … start+1440.
An `end` past 1440 runs into the next day: Saturday 22:00–02:00 is
`(5, 1320, 1560)`. "24 hours" is `(d, 0, 1440)`; a day without ranges is closed. A
venue's week without any range is "hours not given" (models.Venue.open_status): a week
nobody filled in must not tell riders the venue is always closed.

Why minutes with an `end` past midnight: "open at minute m of day d" is then two
comparisons that SQL can do as well as Python,

    (day = d AND start <= m AND end > m) OR (day = d-1 AND end > m + 1440)

so the list API filters and annotates "open now" in the database, one query for
any number of venues (see selectors.open_now_q).

All times are local to the venues: Asia/Shanghai, whatever the server's or the
user's time zone.

The text form (staff forms, CSV/XLSX import and export) is a small subset of
OpenStreetMap's opening_hours syntax, with Chinese spellings accepted too:

    Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-02:00+1; Su off
    24/7
    周一至周五 08:00-20:00；周六 22:00-次日02:00

A range that ends at or before it starts must say it runs overnight (`+1`,
`次日`, or an hour past 24 like `26:00`): otherwise it is refused as a typo.
Later rules replace earlier ones for the days they name (`Mo-Su 08:00-20:00; Su off`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from friendlystreet.lists import listed

VENUE_TZ = ZoneInfo("Asia/Shanghai")
DAY = 1440
WEEK = 7 * DAY

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_DAY_ALIASES: dict[str, int] = {}
for _i, _code in enumerate(DAY_CODES):
    _DAY_ALIASES[_code.lower()] = _i
for _i, _names in enumerate(
    (
        ("mon", "monday", "周一", "星期一", "礼拜一"),
        ("tue", "tues", "tuesday", "周二", "星期二", "礼拜二"),
        ("wed", "wednesday", "周三", "星期三", "礼拜三"),
        ("thu", "thur", "thurs", "thursday", "周四", "星期四", "礼拜四"),
        ("fri", "friday", "周五", "星期五", "礼拜五"),
        ("sat", "saturday", "周六", "星期六", "礼拜六"),
        ("sun", "sunday", "周日", "周天", "星期日", "星期天", "礼拜日", "礼拜天"),
    )
):
    for _name in _names:
        _DAY_ALIASES[_name] = _i

_OFF_WORDS = {"off", "closed", "休息", "闭馆", "关闭", "不营业", "休"}
_ALL_DAY_WORDS = {"24h", "24小时", "全天", "00:00-24:00"}


class Range(NamedTuple):
    day: int
    start: int
    end: int

    @property
    def overnight(self) -> bool:
        return self.end > DAY


def hhmm(minutes: int) -> str:
    """Minutes since midnight as HH:MM (24:00 for the end of a day)."""
    minutes = minutes % DAY if minutes > DAY else minutes
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- validation -------------------------------------------------------------------


def day_label(day: int) -> str:
    return str(WEEKDAYS[day])


def describe_range(r: Range) -> str:
    return f"{day_label(r.day)} {hhmm(r.start)}–{hhmm(r.end)}" + (" (+1)" if r.overnight else "")


def validate_ranges(ranges: Iterable[Range]) -> list[Range]:
    """Check each range and that no two overlap on the weekly clock; return them sorted.

    Overlap is checked on a 7-day circle, so Sunday 22:00–02:00 collides with a
    Monday range starting at 01:00.
    """
    ranges = sorted(Range(*r) for r in ranges)
    errors = []
    for r in ranges:
        if not 0 <= r.day <= 6:
            errors.append(_("Unknown day of the week."))
        elif not 0 <= r.start < DAY:
            errors.append(_("%(range)s: the opening time must be between 00:00 and 23:59.") % {"range": describe_range(r)})
        elif r.end <= r.start:
            errors.append(
                _("%(range)s: closes before it opens. If it stays open past midnight, mark it overnight.")
                % {"range": describe_range(r)}
            )
        elif r.end - r.start > DAY:
            errors.append(_("%(range)s: a range cannot be longer than 24 hours.") % {"range": describe_range(r)})
    if errors:
        raise ValidationError(errors)

    # Lay every range on the week's minute line; an overnight Sunday range wraps to Monday.
    spans = []
    for r in ranges:
        a, b = r.day * DAY + r.start, r.day * DAY + r.end
        spans.append((a, b, r))
        if b > WEEK:
            spans.append((a - WEEK, b - WEEK, r))
    spans.sort()
    for (_a1, b1, r1), (a2, _b2, r2) in zip(spans, spans[1:], strict=False):
        if a2 < b1 and r1 != r2:
            errors.append(
                _("Opening hours overlap: %(first)s and %(second)s.")
                % {"first": describe_range(r1), "second": describe_range(r2)}
            )
    if errors:
        raise ValidationError(sorted(set(errors)))
    return ranges


# --- the text form -----------------------------------------------------------------

_TIME = r"(\d{1,2})(?::|：|\.)?(\d{2})?"
_RANGE_RE = re.compile(rf"^{_TIME}\s*(?:-|–|—|~|～|至|到)\s*(次日|翌日|\+1\s*)?{_TIME}\s*(\(\+1\)|\+1|（次日）)?$")


def _normalise(text: str) -> str:
    text = text.strip()
    for a, b in (("；", ";"), ("，", ","), ("、", ","), ("：", ":"), ("\n", ";"), ("\r", "")):
        text = text.replace(a, b)
    return text


def _parse_days(spec: str) -> list[int]:
    days: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        bounds = re.split(r"\s*(?:-|–|—|~|～|至|到)\s*", part)
        if len(bounds) == 1:
            key = bounds[0].lower()
            if key not in _DAY_ALIASES:
                raise ValidationError(
                    _("“%(value)s” is not a day of the week (use Mo, Tu, We, Th, Fr, Sa, Su).") % {"value": part}
                )
            days.append(_DAY_ALIASES[key])
        elif len(bounds) == 2:
            try:
                first, last = _DAY_ALIASES[bounds[0].lower()], _DAY_ALIASES[bounds[1].lower()]
            except KeyError:
                raise ValidationError(_("“%(value)s” is not a range of days (e.g. Mo-Fr).") % {"value": part})
            d = first
            while True:  # Sa-Mo wraps over the weekend
                days.append(d)
                if d == last:
                    break
                d = (d + 1) % 7
        else:
            raise ValidationError(_("“%(value)s” is not a range of days (e.g. Mo-Fr).") % {"value": part})
    return days


def _parse_time(h: str, m: str | None, *, allow_past_midnight: bool) -> int:
    hour, minute = int(h), int(m or 0)
    limit = 48 if allow_past_midnight else 24
    if minute > 59 or hour > limit or (hour == limit and minute):
        raise ValidationError(_("“%(value)s” is not a time of day.") % {"value": f"{h}:{m or '00'}"})
    return hour * 60 + minute


def _parse_times(spec: str) -> list[tuple[int, int]]:
    spec = spec.strip()
    if spec.lower() in _OFF_WORDS:
        return []
    if spec.lower().replace(" ", "") in _ALL_DAY_WORDS:
        return [(0, DAY)]
    times = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if part.lower() in _ALL_DAY_WORDS:
            times.append((0, DAY))
            continue
        match = _RANGE_RE.match(part)
        if not match:
            raise ValidationError(_("“%(value)s” is not a time range (e.g. 08:00-18:00).") % {"value": part})
        h1, m1, next_day, h2, m2, suffix = match.groups()
        start = _parse_time(h1, m1, allow_past_midnight=False)
        end = _parse_time(h2, m2, allow_past_midnight=True)
        if next_day or suffix:
            if end > DAY:
                raise ValidationError(_("“%(value)s” is not a time range (e.g. 08:00-18:00).") % {"value": part})
            end += DAY
        times.append((start, end))
    return times


def parse_hours(text: str) -> list[Range]:
    """Parse the text form into validated ranges. Blank text gives no ranges: for a venue,
    its hours are not given; a gate's blank text is hours not known (Gate.hour_ranges)."""
    text = _normalise(text or "")
    if not text:
        return []
    if text.lower().replace(" ", "") in {"24/7", "7x24", "7*24", "全天24小时", "24小时营业"}:
        return [Range(d, 0, DAY) for d in range(7)]
    by_day: dict[int, list[tuple[int, int]]] = {}
    errors: list[str] = []
    for rule in text.split(";"):
        rule = rule.strip()
        if not rule:
            continue
        # "Mo-Fr 08:00-12:00" / "周一至周五 08:00-20:00" / "08:00-20:00" (every day)
        match = re.match(r"^([^\d]*?)\s*(\d.*|off|closed|休息|闭馆|关闭|不营业|休|24h|24小时|全天)$", rule, re.IGNORECASE)
        if not match:
            errors.append(_("“%(value)s” is not a rule like “Mo-Fr 08:00-18:00”.") % {"value": rule})
            continue
        day_spec, time_spec = match.group(1).strip(), match.group(2)
        try:
            days = _parse_days(day_spec) if day_spec else list(range(7))
            times = _parse_times(time_spec)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        for d in days:
            by_day[d] = list(times)  # a later rule replaces an earlier one for that day
    if errors:
        raise ValidationError(errors)
    return validate_ranges(Range(d, s, e) for d, times in by_day.items() for s, e in times)


def _fmt_range(start: int, end: int) -> str:
    if end > DAY:
        return f"{hhmm(start)}-{hhmm(end - DAY)}+1"
    return f"{hhmm(start)}-{hhmm(end)}"


def _grouped(ranges: Iterable[Range]) -> list[tuple[list[int], tuple[tuple[int, int], ...]]]:
    """Consecutive days with the same ranges, in week order: [([0,1,2,3,4], ((480,1080),)), …]."""
    per_day: dict[int, tuple[tuple[int, int], ...]] = dict.fromkeys(range(7), ())
    for r in sorted(ranges):
        per_day[r.day] = (*per_day[r.day], (r.start, r.end))
    groups: list[tuple[list[int], tuple[tuple[int, int], ...]]] = []
    for d in range(7):
        if groups and groups[-1][1] == per_day[d] and groups[-1][0][-1] == d - 1:
            groups[-1][0].append(d)
        else:
            groups.append(([d], per_day[d]))
    return groups


def _days_text(days: list[int], names, through: str = "-") -> str:
    return names[days[0]] if len(days) == 1 else f"{names[days[0]]}{through}{names[days[-1]]}"


# The Chinese spelling of the text form, which parse_hours reads too: 周一至周五 08:00-18:00.
DAY_NAMES_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def format_hours(ranges: Iterable[Range], *, chinese: bool = False) -> str:
    """The canonical text form (the inverse of parse_hours), e.g. for exports; `chinese`
    spells the days as staff read them (周一至周五) in a form's field."""
    ranges = list(ranges)
    if sorted(ranges) == [Range(d, 0, DAY) for d in range(7)]:
        return "24/7"
    rules = []
    for days, times in _grouped(ranges):
        if not times:
            continue
        names, through = (DAY_NAMES_ZH, "至") if chinese else (DAY_CODES, "-")
        rules.append(f"{_days_text(days, names, through)} " + ",".join(_fmt_range(s, e) for s, e in times))
    return "; ".join(rules)


# --- open now -----------------------------------------------------------------------


def local(at: datetime | None = None) -> datetime:
    """`at` (default: now) on the venues' clock, Asia/Shanghai."""
    return timezone.localtime(at or timezone.now(), VENUE_TZ)


def minute_of_week(at: datetime) -> tuple[int, int]:
    at = local(at)
    return at.weekday(), at.hour * 60 + at.minute


def is_open(ranges: Iterable[Range], at: datetime | None = None) -> bool:
    """The same rule as selectors.open_now_q, in Python (for one venue's page)."""
    day, minute = minute_of_week(local(at))
    yesterday = (day - 1) % 7
    return any((r.day == day and r.start <= minute < r.end) or (r.day == yesterday and r.end > minute + DAY) for r in ranges)


class Status(NamedTuple):
    open: bool
    change_at: datetime | None  # when it next closes (if open) or opens (if closed); None: never


def status(ranges: Iterable[Range], at: datetime | None = None) -> Status:
    """Open now, and until when (or from when). Ranges that touch (a 24/7 week) merge."""
    now = local(at)
    ranges = list(ranges)
    if not ranges:
        return Status(False, None)
    monday = datetime.combine(now.date() - timedelta(days=now.weekday()), datetime.min.time(), tzinfo=VENUE_TZ)
    m = now.weekday() * DAY + now.hour * 60 + now.minute
    # Spans over three weeks (last, this, next) cover wrap-around and "opens next Monday".
    spans = sorted((r.day * DAY + r.start + k * WEEK, r.day * DAY + r.end + k * WEEK) for r in ranges for k in (-1, 0, 1))
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])

    def at_minute(x: int) -> datetime:
        # Wall-clock arithmetic: Asia/Shanghai has no DST, so minutes map straight to times.
        return monday + timedelta(minutes=x)

    for a, b in merged:
        if a <= m < b:
            return Status(True, None if b - a >= 2 * WEEK else at_minute(b))
        if a > m:
            return Status(False, at_minute(a))
    return Status(False, None)


# --- display --------------------------------------------------------------------------


def week_rows(ranges: Iterable[Range], today: date | None = None) -> list[dict]:
    """One row per day for a venue page: label, time texts, whether it is today."""
    today = today or local().date()
    per_day: dict[int, list[Range]] = {d: [] for d in range(7)}
    for r in sorted(ranges):
        per_day[r.day].append(r)
    rows = []
    for d in range(7):
        texts = []
        for r in per_day[d]:
            if r.start == 0 and r.end == DAY:
                texts.append(_("24 hours"))
            elif r.overnight:
                texts.append(_("%(opens)s–%(closes)s (next day)") % {"opens": hhmm(r.start), "closes": hhmm(r.end)})
            else:
                texts.append(f"{hhmm(r.start)}–{hhmm(r.end)}")
        rows.append({"day": d, "label": day_label(d), "times": texts, "closed": not texts, "today": d == today.weekday()})
    return rows


def hours_not_given() -> str:
    """What riders read for a venue whose week nobody filled in, instead of "closed"."""
    return _("Opening hours not given")


def summary(ranges: Iterable[Range], *, gate: bool = False) -> str:
    """A short human text in the active language: "Mon–Fri 08:00–18:00; Sat 09:00–12:00; Sun
    closed", "星期一–星期五 08:00–12:00，14:00–18:00；星期六–星期日休息", "Every day 06:00–23:00".
    Closed days are named, so that the one line (a voucher's, the API's) is the whole week.
    A `gate` is open or shut, where a venue is open for business: "24小时开放" and
    "不开放", not a shop's "24小时营业" and "休息". A venue without any range
    has not given its hours (a gate's week is None then, and never comes here)."""
    ranges = list(ranges)
    if not ranges:
        return pgettext("a compound's gate", "Closed") if gate else hours_not_given()
    if sorted(ranges) == [Range(d, 0, DAY) for d in range(7)]:
        return pgettext("a compound's gate", "Open 24 hours") if gate else _("Open 24 hours")
    names = [str(n) for n in WEEKDAYS_ABBR.values()]
    parts = []
    for days, times in _grouped(ranges):
        if len(days) == 7:
            label = _("Every day")
        elif len(days) == 1:
            label = names[days[0]]
        else:
            label = f"{names[days[0]]}–{names[days[-1]]}"
        if not times:
            # Named, not left out: a rider reading "Mon–Sat 09:00–21:00" alone may go on Sunday.
            closed = pgettext("a compound's gate", "%(days)s closed") if gate else _("%(days)s closed")
            parts.append(closed % {"days": label})
            continue
        texts = []
        for s, e in times:
            if s == 0 and e == DAY:
                texts.append(_("24 hours"))
            elif e > DAY:
                texts.append(_("%(opens)s–%(closes)s (next day)") % {"opens": hhmm(s), "closes": hhmm(e)})
            else:
                texts.append(f"{hhmm(s)}–{hhmm(e)}")
        parts.append(f"{label} {pgettext('between the opening times of one day', ', ').join(texts)}")
    # The page's punctuation between days: "；" in Chinese, "; " in English (friendlystreet.lists).
    return listed(parts, semicolons=True)
