"""Opening hours: the text form, overnight ranges, closed days, 24 hours, on Beijing time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from tests.venues.factories import VenueFactory
from venues import hours as h
from venues.hours import DAY, Range
from venues.selectors import venue_list

SH = h.VENUE_TZ


def at(y, mo, d, hh, mm=0, tz=SH):
    return datetime(y, mo, d, hh, mm, tzinfo=tz)


# 2026-03-02 is a Monday.
MON, TUE, SAT, SUN = 2, 3, 7, 8


def test_weekday_ranges_with_a_lunch_break_and_a_closed_sunday():
    ranges = h.parse_hours("Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00; Su off")

    assert Range(0, 480, 720) in ranges and Range(0, 840, 1080) in ranges
    assert [r for r in ranges if r.day == 6] == []
    assert h.is_open(ranges, at(2026, 3, MON, 9))
    assert not h.is_open(ranges, at(2026, 3, MON, 12, 30))  # lunch
    assert h.is_open(ranges, at(2026, 3, MON, 17, 59))
    assert not h.is_open(ranges, at(2026, 3, MON, 18, 0))  # closing minute is closed
    assert not h.is_open(ranges, at(2026, 3, SUN, 10))


def test_an_overnight_range_is_open_after_midnight_on_the_next_day():
    ranges = h.parse_hours("Sa 20:00-03:00+1")

    assert ranges == [Range(5, 1200, 1620)]
    assert h.is_open(ranges, at(2026, 3, SAT, 23, 59))
    assert h.is_open(ranges, at(2026, 3, SUN, 2, 30))  # Saturday's night, on Sunday
    assert not h.is_open(ranges, at(2026, 3, SUN, 3, 0))
    assert not h.is_open(ranges, at(2026, 3, SUN, 21, 0))  # Sunday itself is closed


def test_sunday_night_runs_into_monday_across_the_week_boundary():
    ranges = h.parse_hours("Su 22:00-02:00+1")
    assert h.is_open(ranges, at(2026, 3, MON, 1, 0))
    assert not h.is_open(ranges, at(2026, 3, MON, 2, 0))


def test_24_7_and_24_hours_days():
    always = h.parse_hours("24/7")
    assert always == [Range(d, 0, DAY) for d in range(7)]
    assert h.format_hours(always) == "24/7"
    assert all(h.is_open(always, at(2026, 3, MON, hh)) for hh in range(24))
    assert h.status(always, at(2026, 3, MON, 3)) == h.Status(True, None)  # never closes

    weekdays = h.parse_hours("Mo-Fr 24h")
    assert h.is_open(weekdays, at(2026, 3, TUE, 0, 0))
    assert not h.is_open(weekdays, at(2026, 3, SAT, 0, 0))


def test_open_now_is_judged_on_beijing_time_whatever_the_clock_of_the_caller():
    ranges = h.parse_hours("Mo 08:00-09:00")
    # 00:30 UTC on Monday is 08:30 in Chengdu.
    assert h.is_open(ranges, datetime(2026, 3, MON, 0, 30, tzinfo=UTC))
    # 08:30 UTC is 16:30 in Chengdu: closed.
    assert not h.is_open(ranges, datetime(2026, 3, MON, 8, 30, tzinfo=UTC))


def test_chinese_spellings_are_understood():
    ranges = h.parse_hours("周一至周五 08:30-17:30；周六 22:00-次日02:00；周日 休息")
    assert Range(0, 510, 1050) in ranges and Range(4, 510, 1050) in ranges
    assert Range(5, 1320, 1560) in ranges
    assert not [r for r in ranges if r.day == 6]


def test_a_later_rule_replaces_an_earlier_one_for_its_days():
    ranges = h.parse_hours("Mo-Su 08:00-20:00; Su off")
    assert {r.day for r in ranges} == {0, 1, 2, 3, 4, 5}


def test_the_text_form_round_trips():
    text = "Mo-Fr 08:00-12:00,14:00-18:00; Sa 20:00-03:00+1"
    assert h.format_hours(h.parse_hours(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        "Mo 18:00-08:00",  # ends before it starts, not marked overnight
        "Mo 08:00-08:00",
        "Mo 08:00-12:00,11:00-14:00",  # overlap on one day
        "Mo 22:00-03:00+1; Tu 02:00-05:00",  # overnight spills into the next day's range
        "Su 23:00-01:00+1; Mo 00:30-02:00",  # across the week boundary
        "Xx 08:00-09:00",
        "Mo 25:00-26:00",
        "Mo 08:61-09:00",
        "Mo nonsense",
    ],
)
def test_bad_hours_are_refused_with_a_message(text):
    with pytest.raises(ValidationError) as excinfo:
        h.parse_hours(text)
    assert excinfo.value.messages


def test_status_says_until_when_or_from_when():
    ranges = h.parse_hours("Mo-Fr 08:00-18:00")
    open_ = h.status(ranges, at(2026, 3, MON, 9))
    assert open_.open and open_.change_at == at(2026, 3, MON, 18)
    closed = h.status(ranges, at(2026, 3, SAT, 9))  # opens on Monday
    assert not closed.open and closed.change_at == at(2026, 3, MON + 7, 8)
    assert h.status([], at(2026, 3, MON, 9)) == h.Status(False, None)


def test_week_rows_mark_closed_days_and_overnight_ranges():
    rows = h.week_rows(h.parse_hours("Sa 20:00-03:00+1"), today=datetime(2026, 3, SAT).date())
    assert rows[5]["today"] and len(rows[5]["times"]) == 1
    assert rows[6]["closed"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [
        at(2026, 3, SAT, 23, 0),
        at(2026, 3, SUN, 2, 59),
        at(2026, 3, SUN, 3, 0),
        at(2026, 3, MON, 0, 30),
        at(2026, 3, MON, 9, 0),
        at(2026, 3, MON, 12, 30),
        at(2026, 3, TUE, 0, 0),
    ],
)
def test_the_database_agrees_with_python_on_open_now(moment):
    specs = ["24/7", "Mo-Fr 08:00-12:00,14:00-18:00", "Sa 20:00-03:00+1", "Su 22:00-01:00+1", "Mo-Fr 24h", ""]
    venues = [VenueFactory(hours=spec) for spec in specs]

    in_sql = dict(venue_list(at=moment).values_list("id", "open_now"))

    for venue in venues:
        assert in_sql[venue.id] == h.is_open(venue.hour_ranges(), moment), (venue.hour_ranges(), moment)


def test_the_one_line_week_names_closed_days_in_the_pages_language():
    """Onboarding review #7: the one line (a voucher's, the API's hours_text) is the whole week,
    with "；" and "，" in Chinese; a compound's gate is 不开放 on its closed days, not 休息."""
    from django.utils import translation

    ranges = h.parse_hours("Mo 09:00-12:00,14:00-18:00; We-Fr 09:00-18:00")
    with translation.override("zh-hans"):
        assert h.summary(ranges) == "星期一 09:00–12:00，14:00–18:00；星期二休息；星期三–星期五 09:00–18:00；星期六–星期日休息"
        assert h.summary(ranges, gate=True).endswith("；星期六–星期日不开放")
    with translation.override("en"):
        assert h.summary(ranges) == "Mon 09:00–12:00, 14:00–18:00; Tue closed; Wed–Fri 09:00–18:00; Sat–Sun closed"
