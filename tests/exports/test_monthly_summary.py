"""The monthly summary (月度汇总): one row per community, for each figure of the dashboard its
value, the previous period's and the change (环比), the whole street last; the same numbers as
the dashboard's figures."""

from __future__ import annotations

from datetime import date

import pytest

from friendlystreet.dashboard.figures import by_community, change, compute
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


def value_column(key: str) -> int:
    """Where a figure's value is: after the community, three columns per figure."""
    return 1 + 3 * FIGURE_KEYS.index(key)


@pytest.fixture
def east_and_west(rider):
    east = Community.objects.create(name="东社区", position=1)
    west = Community.objects.create(name="西社区", position=2)
    report_in(east, rider, local(2025, 2, 1, 0, 0))  # February: the month compared with
    report_in(east, rider, local(2025, 3, 1, 0, 0))
    report_in(east, rider, local(2025, 3, 31, 23, 0))
    report_in(west, rider, local(2025, 3, 15, 9, 0))
    report_in(west, rider, local(2025, 4, 1, 0, 0))  # April
    return east, west


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_one_row_per_community_and_the_street_total(fmt, east_and_west, street_admin, export_as):
    rows = read_rows(export_as(street_admin, "monthly_summary", fmt, language="en"))

    if fmt == "xlsx":  # a title, when it was made and what it compares with, above the header
        assert rows[0][0] == "Chenglong Road Sub-district “Friendly Street” monthly summary (March 2025)"
        assert rows[1][0].startswith("Generated at ")
        assert rows[2][0] == "Compared with February 2025"
        # Under the table, after an empty row: how the rows are split, what "No community" holds,
        # how the change is counted.
        assert rows[-3][0].startswith("Riders and points earned count in the rider's home community")
        assert rows[-2][0].startswith("No community: riders who have not given a home community")
        assert rows[-1][0].startswith("Each figure is followed by the previous period's")
        assert rows[-4] == [None] * len(rows[-4])
        rows = rows[3:-4]
    assert rows[0][0] == "Community"
    assert len(rows[0]) == 1 + 3 * len(FIGURE_KEYS)
    received = value_column("reports_received")
    assert rows[0][received : received + 3] == [
        "Reports received",
        "Reports received, last month",
        "Reports received, change on last month (%)",
    ]
    assert [r[0] for r in rows[1:]] == ["东社区", "西社区", "No community", "Whole street"]
    # March, February and the change: 东社区 2 against 1 (+100 %), 西社区 1 against none (no
    # per cent of 0), the street 3 against 1 (+200 %).
    assert [[str(v) if v is not None else "" for v in r[received : received + 3]] for r in rows[1:]] == [
        ["2", "1", "100"],
        ["1", "0", ""],
        ["0", "0", ""],
        ["3", "1", "200"],
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_cell_is_the_dashboards_own_figure_and_change(fmt, east_and_west, street_admin, export_as):
    rows = read_rows(export_as(street_admin, "monthly_summary", fmt))
    header = next(i for i, row in enumerate(rows) if row[0] == "社区")
    width = len(rows[header])
    # Empty cells at a row's end are not stored in an XLSX: as wide as the header, as Excel shows it.
    table = [row + [None] * (width - len(row)) for row in rows[header + 1 : header + 5]]

    period = Period(*MARCH)
    previous = period.previous()
    assert (previous.start, previous.end) == (date(2025, 2, 1), date(2025, 2, 28))
    now_rows = [row["figures"] for row in by_community(period)] + [compute(period)]
    before_rows = [row["figures"] for row in by_community(previous)] + [compute(previous)]
    expected = []
    for now, before in zip(now_rows, before_rows, strict=True):
        cells = []
        for key in FIGURE_KEYS:
            cells += [now[key], before[key], change(now[key], before[key])["percent"]]
        expected.append(cells)
    if fmt == "csv":
        # Hours as the spreadsheet and the dashboard show them: 28, not 28.0 (plain_number).
        expected = [["" if v is None else str(plain_number(v)) for v in r] for r in expected]
    assert [r[1:] for r in table] == expected


def test_the_heads_say_what_the_period_is_compared_with(rider, street_admin, export_as):
    """A month against last month (上月, 环比); the first days of a month against the same days
    of last month (上月同期); a year so far against the same dates last year (去年同期, 同比)."""

    def heads(start: date, end: date) -> list[str]:
        rows = read_rows(export_as(street_admin, "monthly_summary", "csv", start=start, end=end))
        received = value_column("reports_received")
        return rows[0][received : received + 3]

    assert heads(date(2025, 3, 1), date(2025, 3, 31)) == ["收到的线索", "收到的线索（上月）", "收到的线索（环比%）"]
    assert heads(date(2025, 3, 1), date(2025, 3, 10)) == ["收到的线索", "收到的线索（上月同期）", "收到的线索（环比%）"]
    assert heads(date(2025, 1, 1), date(2025, 3, 31)) == ["收到的线索", "收到的线索（去年同期）", "收到的线索（同比%）"]
    assert heads(date(2025, 3, 5), date(2025, 3, 11)) == ["收到的线索", "收到的线索（上期）", "收到的线索（环比%）"]


def test_an_english_file_names_communities_by_their_english_names(east_and_west, street_admin, export_as):
    """An English summary is English throughout where staff gave English names: its "No
    community" and "Whole street" rows were English beside 东社区; a Chinese one keeps 东社区."""
    east, _west = east_and_west
    Community.objects.filter(pk=east.pk).update(name_en="East Community")

    english = read_rows(export_as(street_admin, "monthly_summary", "csv", language="en"))
    chinese = read_rows(export_as(street_admin, "monthly_summary", "csv", language="zh-hans"))

    assert [r[0] for r in english[1:]] == ["East Community", "西社区", "No community", "Whole street"]
    assert [r[0] for r in chinese[1:]] == ["东社区", "西社区", "未归属社区", "全街道合计"]
