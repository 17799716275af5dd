"""The monthly summary (月度汇总): one row per community, one column per figure of the dashboard,
the whole street last; the same numbers as the dashboard's figures."""

from __future__ import annotations

import pytest

from friendlystreet.dashboard.figures import by_community, compute
from friendlystreet.dashboard.numbers import plain_number
from friendlystreet.dashboard.periods import Period
from friendlystreet.dashboard.registry import FIGURE_KEYS
from tests.exports.conftest import MARCH, local, read_rows
from venues.models import Community
from volunteers.models_reports import Report

pytestmark = pytest.mark.django_db


def report_in(community, rider, when):
    report = Report.objects.create(reporter=rider, category="other", description="路灯坏了", address="某处", community=community)
    Report.objects.filter(pk=report.pk).update(created_at=when)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_one_row_per_community_and_the_street_total(fmt, rider, street_admin, export_as):
    east = Community.objects.create(name="东社区", position=1)
    west = Community.objects.create(name="西社区", position=2)
    report_in(east, rider, local(2030, 3, 1, 0, 0))
    report_in(east, rider, local(2030, 3, 31, 23, 0))
    report_in(west, rider, local(2030, 3, 15, 9, 0))
    report_in(west, rider, local(2030, 4, 1, 0, 0))  # April

    rows = read_rows(export_as(street_admin, "monthly_summary", fmt, language="en"))

    if fmt == "xlsx":  # a title and when it was made above the header (tests/dashboard/test_admin_review.py)
        assert rows[0][0] == "Chenglong Road Sub-district “Friendly Street” monthly summary (March 2030)"
        assert rows[1][0].startswith("Generated at ")
        # Under the table, after an empty row: how the rows are split, and what "No community" holds.
        assert rows[-2][0].startswith("Riders and points earned count in the rider's home community")
        assert rows[-1][0].startswith("No community: riders who have not given a home community")
        assert rows[-3] == [None] * len(rows[-3])
        rows = rows[2:-3]
    assert rows[0][0] == "Community"
    assert len(rows[0]) == 1 + len(FIGURE_KEYS)
    assert rows[0][FIGURE_KEYS.index("reports_received") + 1] == "Reports received"
    assert [r[0] for r in rows[1:]] == ["东社区", "西社区", "No community", "Whole street"]
    received = FIGURE_KEYS.index("reports_received") + 1
    assert [str(r[received]) for r in rows[1:]] == ["2", "1", "0", "3"]
    # The dashboard's own numbers, figure by figure.
    period = Period(*MARCH)
    expected = [[row["figures"][k] for k in FIGURE_KEYS] for row in by_community(period)] + [
        [compute(period)[k] for k in FIGURE_KEYS]
    ]
    if fmt == "csv":
        # Hours as the spreadsheet and the dashboard show them: 28, not 28.0 (plain_number).
        expected = [["" if v is None else str(plain_number(v)) for v in r] for r in expected]
    assert [r[1:] for r in rows[1:]] == expected
