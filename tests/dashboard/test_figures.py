"""The figures of a period against hand-computed expectations (conftest.py's street)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from friendlystreet.dashboard import figures
from friendlystreet.dashboard.periods import BadPeriod, Period, parse, preset
from tests.dashboard.conftest import MARCH, MARCH_FIGURES, PREVIOUS_FIGURES, at, report

pytestmark = pytest.mark.django_db


def test_a_whole_month_compares_with_the_whole_month_before():
    assert MARCH.previous() == Period(date(2025, 2, 1), date(2025, 2, 28))
    assert Period(date(2026, 11, 1), date(2026, 11, 30)).previous() == Period(date(2026, 10, 1), date(2026, 10, 31))
    assert Period(date(2026, 1, 1), date(2026, 1, 31)).previous() == Period(date(2025, 12, 1), date(2025, 12, 31))


def test_any_other_range_compares_with_as_many_days_ending_the_day_before():
    assert Period(date(2025, 3, 10), date(2025, 3, 10)).previous() == Period(date(2025, 3, 9), date(2025, 3, 9))
    assert Period(date(2025, 3, 5), date(2025, 3, 20)).previous() == Period(date(2025, 2, 17), date(2025, 3, 4))


def test_a_period_runs_from_midnight_to_midnight_in_shanghai():
    assert MARCH.since.isoformat() == "2025-03-01T00:00:00+08:00"
    assert MARCH.until.isoformat() == "2025-04-01T00:00:00+08:00"


def test_presets_and_parsing():
    today = date(2025, 3, 18)
    assert preset("this_month", today) == Period(date(2025, 3, 1), today)
    assert preset("last_month", today) == Period(date(2025, 2, 1), date(2025, 2, 28))
    assert preset("this_year", today) == Period(date(2025, 1, 1), today)
    assert parse(None, None, today=today) == Period(date(2025, 3, 1), today)
    assert parse("2025-01-05", "2025-01-07", today=today) == Period(date(2025, 1, 5), date(2025, 1, 7))
    for start, end in (("2025-02-30", None), ("2025-03-05", "2025-03-01"), ("2020-01-01", "2025-01-01")):
        with pytest.raises(BadPeriod):
            parse(start, end, today=today)


def test_march_figures_by_hand(street):
    assert figures.compute(MARCH) == MARCH_FIGURES


def test_the_previous_period_by_hand(street):
    assert figures.compute(MARCH.previous()) == PREVIOUS_FIGURES


def test_midnight_boundaries(street):
    """r1 joined at 00:00:00 on 1 March (in), r2 at 23:59:59 on 28 February (out); r3 at
    23:59:59 on 31 March (in); a claim decided at 00:00 on 1 April is April's."""
    last_day = figures.compute(Period(date(2025, 3, 31), date(2025, 3, 31)))
    assert last_day["riders_registered"] == 1  # r3
    assert last_day["points_earned"] == 20  # 23:30 in; the 7 decided at midnight is not
    first_of_april = figures.compute(Period(date(2025, 4, 1), date(2025, 4, 1)))
    assert first_of_april["points_earned"] == 7
    assert first_of_april["activities_held"] == 1
    assert figures.compute(Period(date(2025, 3, 1), date(2025, 3, 1)))["riders_registered"] == 1  # r1
    assert figures.compute(Period(date(2025, 2, 28), date(2025, 2, 28)))["riders_registered"] == 1  # r2


def test_change_against_the_previous_period():
    assert figures.change(50, 0) == {"delta": 50, "percent": None}
    assert figures.change(3, 2) == {"delta": 1, "percent": 50}
    assert figures.change(8.0, 4.0) == {"delta": 4.0, "percent": 100}
    assert figures.change(None, 4.0) == {"delta": None, "percent": None}


def test_every_figure_by_community(street):
    rows = {row["community"]["name"]: row for row in figures.by_community(MARCH)}
    assert list(rows) == ["甲社区", "乙社区", "未归属社区"]  # and what belongs to no community
    a, b = rows["甲社区"]["figures"], rows["乙社区"]["figures"]
    assert a == {
        **dict.fromkeys(MARCH_FIGURES, 0),
        "riders_registered": 1,
        "riders_verified": 1,
        "riders_active": 1,
        "points_earned": 30,
        "points_redeemed": 15,
        "vouchers_issued": 1,
        "vouchers_redeemed": 1,
        "activities_held": 1,
        "signups": 2,
        "attendance": 1,
        "volunteer_hours": 2.5,
        "reports_received": 1,
        "reports_accepted": 1,
        "reports_resolved": 1,
        "median_hours_to_accept": 10.0,  # rep1
        "median_hours_to_resolve": 24.0,
        "tips_approved": 1,
    }
    assert b == {
        **dict.fromkeys(MARCH_FIGURES, 0),
        "riders_active": 1,
        "points_earned": 20,
        "points_redeemed": -5,  # 8 paid, 8 + 5 given back (a cancel, February's voucher expired)
        "vouchers_issued": 1,
        "vouchers_expired": 1,
        "vouchers_cancelled": 1,
        "reports_received": 1,
        "reports_accepted": 1,
        "reports_resolved": 1,
        "median_hours_to_accept": 6.0,  # rep2
        "median_hours_to_resolve": 72.0,
    }


def test_one_communitys_figures_agree_with_its_row(street):
    for community in (street.a, street.b):
        row = next(r for r in figures.by_community(MARCH) if r["community"]["id"] == community.pk)
        assert figures.compute(MARCH, community.pk) == row["figures"]


def hours_after(start: str, hours: float) -> str:
    return (at(start) + timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M")


def test_medians_per_community_by_hand(street):
    """The middle value of an odd count, the mean of the two middle values of an even one; a
    report of no community counts for the whole street only."""
    # A: accepted after 10 (rep1), 2, 30 and 50 hours -> (10 + 30) / 2 = 20; resolved after
    # 24 (rep1), 40 and 100 hours (the one accepted after 50 is still open) -> 40.
    for accept, resolve in ((2, 40), (30, 100), (50, None)):
        report(
            street.r1,
            street.a,
            "2025-03-10 08:00",
            accepted=hours_after("2025-03-10 08:00", accept),
            resolved=hours_after("2025-03-10 08:00", resolve) if resolve else None,
        )
    # B: accepted after 6 (rep2) and 9 hours -> 7.5; resolved after 72 (rep2) only.
    report(street.r2, street.b, "2025-03-12 08:00", accepted="2025-03-12 17:00")
    # No community: accepted after 1,000 hours, in March.
    report(street.r3, None, hours_after("2025-03-20 00:00", -1000), accepted="2025-03-20 00:00")

    rows = {row["community"]["name"]: row["figures"] for row in figures.by_community(MARCH)}
    assert (rows["甲社区"]["median_hours_to_accept"], rows["甲社区"]["median_hours_to_resolve"]) == (20.0, 40.0)
    assert (rows["乙社区"]["median_hours_to_accept"], rows["乙社区"]["median_hours_to_resolve"]) == (7.5, 72.0)
    # The whole street: accepted after 2, 6, 9, 10, 30, 50 and 1,000 hours -> 10; resolved after
    # 24, 40, 72 and 100 hours -> (40 + 72) / 2 = 56.
    street_wide = figures.compute(MARCH)
    assert (street_wide["median_hours_to_accept"], street_wide["median_hours_to_resolve"]) == (10.0, 56.0)
    # One community's figures are its row's, medians included.
    assert figures.compute(MARCH, street.a.pk)["median_hours_to_accept"] == 20.0
    # A period with nothing to take a median of: no value rather than zero.
    january = Period(date(2024, 1, 1), date(2024, 1, 31))
    empty = {row["community"]["name"]: row["figures"] for row in figures.by_community(january)}
    assert empty["甲社区"]["median_hours_to_accept"] is None


def test_communities_sit_at_the_mean_of_their_active_venues(street):
    places = {c["name"]: (round(c["lat"], 3), round(c["lng"], 3)) for c in figures.communities()}
    assert places == {"甲社区": (30.6, 104.1), "乙社区": (30.63, 104.13)}


def test_charts_have_their_tables(street):
    result = figures.bundle(MARCH)
    charts = {c["code"]: c for c in result.charts}
    assert set(charts) == {
        "points_per_day",
        "claims_by_category",
        "redemptions_by_venue",
        "reports_by_state_and_category",
        "active_riders_per_week",
    }
    per_day = charts["points_per_day"]
    assert len(per_day["labels"]) == 31
    earned, redeemed = (s["data"] for s in per_day["series"])
    assert sum(earned) == 50 and earned[4] == 30 and earned[30] == 20
    # Net of refunds, as the figure: 15 paid on the 2nd; 5 given back on the 29th (expired);
    # 8 paid and given back on the 30th (cancelled the same day).
    assert sum(redeemed) == 10 and redeemed[1] == 15 and redeemed[28] == -5 and redeemed[29] == 0
    assert charts["redemptions_by_venue"]["series"][0]["data"] == [1]
    weeks = charts["active_riders_per_week"]
    # Calendar weeks, Monday to Sunday: 1 March 2025 is a Saturday, the 31st a Monday.
    assert weeks["labels"] == [
        "03-01 至 03-02（不满一周）",
        "03-03 至 03-09",
        "03-10 至 03-16",
        "03-17 至 03-23",
        "03-24 至 03-30",
        "03-31（不满一周）",
    ]
    # r1's voucher on the 2nd; r1's claim on the 4th; r1 attended on the 15th; nobody; r3's
    # voucher on the 30th; r1's and r2's claims on the 31st.
    assert weeks["series"][0]["data"] == [1, 1, 1, 0, 1, 2]
    reports = charts["reports_by_state_and_category"]
    assert sum(sum(s["data"]) for s in reports["series"]) == 2
