"""A week as the street admin, from the reviewer's notes: the exports and the dashboard.

1. A masked export never shows a whole phone number: riders read as merchants see them (张**,
   138****0001), staff and partners' operators who adjusted, decided, confirmed or answered in
   full (理发店王师傅 @barber), never by a username that is their phone (rider13700000004);
   riders are unmasked only for a street admin who gives a reason.
2. The communities' rows add up to the whole street: a row of no community and a total row,
   on the dashboard and in the monthly summary.
3. The monthly summary XLSX can be sent upward: a title, when it was made, columns as wide as
   their heads (a Chinese character counts two), the header frozen.
4. An activity that has not started is not held (dashboard and summary alike).
5. The riders export heads its person column 姓名.
6. /staff/exports/ fits a 360 px phone (Chromium).
7. The chart of redemptions by venue reads vouchers and points on two axes (Chromium).

Screenshots go to $SCREENSHOT_DIR when it is set, else to the test's temporary directory.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from playwright.sync_api import Page, expect

from friendlystreet.dashboard import figures
from friendlystreet.dashboard.periods import Period
from friendlystreet.dashboard.registry import FIGURE_KEYS, NOT_ADDITIVE
from friendlystreet.ledgers import registry
from friendlystreet.ledgers import services as export_services
from friendlystreet.ledgers.models import Export
from points.models import LedgerEntry, Reward, Voucher
from points.rewards.codes import new_code
from points.services import account_lock, claim_approve, ledger_post
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import PartnerFactory, ReviewerFactory, RiderFactory, StreetAdminFactory
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import CommunityFactory, CompoundFactory, TipFactory, VenueFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from venues.models import Tip
from volunteers.models import Activity, RiderProfile, Signup
from volunteers.models_reports import Report, ReportUpdate

SHANGHAI = ZoneInfo("Asia/Shanghai")
EXPORTS = "/staff/exports/"
ADDITIVE = [key for key in FIGURE_KEYS if key not in NOT_ADDITIVE]
# Any mainland mobile number, whole.
FULL_PHONE = re.compile(r"1[3-9]\d{9}")


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: a Chinese (wide) character two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def shots_folder(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- asking for an export and downloading it, as on /staff/exports/ ---------------------------


def download(client, kind: str, fmt: str, start, end, reason: str = "", capture=None) -> tuple[Export, bytes]:
    """The staff member fills in the export form, the task runs once the request commits, and
    they follow the download link of their newest export."""
    data = {"kind": kind, "format": fmt, "start": start.isoformat(), "end": end.isoformat()}
    if reason:
        data["reason"] = reason
    with capture(execute=True):
        response = client.post(EXPORTS, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    export = Export.objects.filter(owner_id=client.session["_auth_user_id"]).order_by("-id").first()
    assert export.status == Export.Status.DONE, export.error
    page = client.get(EXPORTS).content.decode()
    link = f"/staff/exports/{export.pk}/download/"
    assert f'href="{link}"' in page
    body = client.get(link)
    assert body.status_code == 200
    return export, b"".join(body.streaming_content)


def cells(fmt: str, data: bytes) -> list[list]:
    """Every row of the file, as the spreadsheet shows it."""
    if fmt == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    rows = [list(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def column(rows: list[list], head: str) -> list:
    """The values under `head` (the header is the row that has it)."""
    at = next(i for i, row in enumerate(rows) if head in row)
    index = rows[at].index(head)
    return [row[index] if index < len(row) else None for row in rows[at + 1 :]]


# --- 1. nobody's phone in a masked export -----------------------------------------------------


@pytest.fixture
def people_acting(db):
    """Today, riders and staff whose usernames are their phones act on every ledger: a rider
    (named) buys a voucher and is adjusted by a reviewer who signed up with their phone (no
    name); a partner of the same kind confirms the voucher; a nameless rider reports and the
    reviewer answers; the named rider's claim is decided by that reviewer."""
    zhang = RiderFactory(username="rider13800000001", phone="+8613800000001", display_name="张小骑")
    nameless = RiderFactory(username="rider13800000002", phone="+8613800000002", display_name="")
    checker = ReviewerFactory(username="rider13700000004", phone="+8613700000004", display_name="")
    counter = PartnerFactory(username="barber", phone="+8613900000003", display_name="理发店王师傅")

    give_points(zhang, 100)
    with transaction.atomic():
        ledger_post(
            account=account_lock(rider=zhang),
            kind=LedgerEntry.Kind.ADJUST,
            amount=5,
            actor=checker,
            description="街道办调整",
            note="补录",
        )
    voucher = issue(zhang, RewardFactory(title="免费快剪", cost=30))
    Voucher.objects.filter(pk=voucher.pk).update(status=Voucher.Status.REDEEMED, redeemed_at=timezone.now(), redeemed_by=counter)
    claim_approve(actor=checker, claim=ClaimFactory(rider=zhang))
    report = Report.objects.create(reporter=nameless, category="other", description="路灯坏了", address="成龙大道1号")
    ReportUpdate.objects.create(report=report, status="submitted", author=nameless)
    ReportUpdate.objects.create(report=report, status="accepted", note="已派人处理", author=checker)
    # At midnight: started, and today at any hour the test runs (an hour ago is yesterday
    # before 01:00 Asia/Shanghai, when CI often runs).
    activity = ActivityFactory(starts_at=timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0))
    SignupFactory(activity=activity, rider=zhang)
    return {"zhang": zhang, "nameless": nameless, "checker": checker, "counter": counter}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_masked_export_of_any_ledger_shows_no_ones_full_phone(
    fmt, people_acting, client_for, django_capture_on_commit_callbacks
):
    admin = StreetAdminFactory(display_name="街道管理员")
    client = client_for(admin)
    today = timezone.localdate()
    kinds = [kind.code for kind in registry.all_kinds()]
    assert {"ledger", "claims", "vouchers", "activities", "reports", "riders", "monthly_summary"} <= set(kinds)

    seen = {}
    for kind in kinds:
        # The default of the form: 隐去部分（默认）, no reason.
        export, data = download(client, kind, fmt, today, today, capture=django_capture_on_commit_callbacks)
        assert not export.personal_data
        rows = cells(fmt, data)
        leaked = [cell for row in rows for cell in row if FULL_PHONE.search(str(cell or ""))]
        assert not leaked, (kind, leaked)
        seen[kind] = rows

    # Riders read as merchants see them (张** 138****0001); staff and partners' operators in full,
    # by name and username (理发店王师傅 @barber), except a phone in a username, which is masked.
    assert set(column(seen["ledger"], "操作人")) >= {"137****0004", "张**"}  # the adjustment; the purchase
    assert "张**" in column(seen["ledger"], "骑手") and "138****0001" in column(seen["ledger"], "骑手手机号")
    assert "137****0004" in column(seen["claims"], "审核人")
    assert "理发店王师傅 @barber" in column(seen["vouchers"], "核销人")
    assert column(seen["vouchers"], "骑手手机号")[0] == "138****0001"
    # The reporter in their own columns; 处理人 is whoever on the staff answered.
    assert column(seen["reports"], "上报人手机号")[0] == "138****0002"
    assert column(seen["reports"], "处理人")[0] == "137****0004"
    assert column(seen["activities"], "骑手手机号") == ["138****0001"]
    assert column(seen["riders"], "电话") == ["138****0001", "138****0002"]


@pytest.mark.django_db
def test_a_street_admin_who_says_why_sees_who_acted_unmasked(people_acting, client_for, django_capture_on_commit_callbacks):
    client = client_for(StreetAdminFactory(display_name="街道管理员"))
    today = timezone.localdate()

    export, data = download(
        client, "ledger", "xlsx", today, today, reason="authority_request", capture=django_capture_on_commit_callbacks
    )

    assert export.personal_data
    rows = cells("xlsx", data)
    # The riders in full; the member of staff as always (a phone in a username stays masked).
    assert column(rows, "骑手手机号")[0] == "13800000001"
    assert set(column(rows, "操作人")) >= {"137****0004", "张小骑"}
    # A reviewer may not: the form does not even ask them.
    assert 'name="reason"' not in client_for(ReviewerFactory()).get(EXPORTS).content.decode()


# --- 5. the riders export: 姓名 ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_riders_export_heads_the_persons_name_xing_ming(client_for, django_capture_on_commit_callbacks):
    RiderFactory(display_name="张小骑")
    today = timezone.localdate()

    _export, data = download(
        client_for(ReviewerFactory()), "riders", "xlsx", today, today, capture=django_capture_on_commit_callbacks
    )

    header = cells("xlsx", data)[0]
    assert header[2] == "姓名"
    assert "名称" not in header


# --- 2. the communities add up to the street --------------------------------------------------


class TableReader(HTMLParser):
    """The rows of the table with data-testid=`testid`: [section, heading, [cells], data-figure]."""

    def __init__(self, testid: str):
        super().__init__()
        self.testid, self.depth, self.rows, self.section, self.cell = testid, 0, [], "", None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-testid") == self.testid:
            self.depth = 1
        elif not self.depth:
            return
        elif tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        elif tag == "tr":
            self.rows.append([self.section, None, [], attrs.get("data-figure")])
        elif tag in ("th", "td"):
            self.cell = [tag, ""]

    def handle_data(self, data):
        if self.depth and self.cell is not None:
            self.cell[1] += data

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "table":
            self.depth = 0
        elif tag in ("th", "td") and self.cell is not None:
            kind, text = self.cell
            row = self.rows[-1]
            if kind == "th" and row[1] is None:
                row[1] = text.strip()
            else:
                row[2].append(text.strip())
            self.cell = None


def table(html: str, testid: str) -> list:
    reader = TableReader(testid)
    reader.feed(html)
    return reader.rows


def number(text) -> float | None:
    text = str(text).replace(",", "").strip()
    return None if text in ("—", "", "None") else float(text)


@pytest.fixture
def loose_ends(db, reviewer):
    """In the last three days: what belongs to a community and what does not — a rider with no
    home community who claims and attends, an activity at a free-text place, a report of no
    community, a voucher at a venue of none, a tip on a compound of none."""
    a, b = CommunityFactory(name="甲社区", position=1), CommunityFactory(name="乙社区", position=2)
    venue_a = VenueFactory(community=a)
    venue_none = VenueFactory(community=None)
    homed, drifter = RiderFactory(), RiderFactory()
    RiderProfile.objects.create(rider=homed, home_community=a)
    for rider in (homed, drifter):
        claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider))
    give_points(drifter, 50)
    issue(drifter, RewardFactory(venue=venue_none, cost=20))
    issue(homed, RewardFactory(venue=venue_a, cost=10))
    street_corner = ActivityFactory(venue=None, place="成龙路口", starts_at=timezone.now() - timedelta(hours=1))
    SignupFactory(activity=street_corner, rider=drifter, attendance=Signup.Attendance.ATTENDED, checked_in_at=timezone.now())
    at_a = ActivityFactory(venue=venue_a, starts_at=timezone.now() - timedelta(hours=2))
    SignupFactory(activity=at_a, rider=homed, attendance=Signup.Attendance.ATTENDED, checked_in_at=timezone.now())
    for community in (None, b):
        Report.objects.create(reporter=drifter, category="other", description="占道", address="某处", community=community)
    for compound in (CompoundFactory(community=None), CompoundFactory(community=a)):
        tip = TipFactory(compound=compound, author=homed)
        Tip.objects.filter(pk=tip.pk).update(status="approved", reviewed_at=timezone.now(), reviewed_by=reviewer)
    today = timezone.localdate()
    return Period(today - timedelta(days=2), today)


@pytest.mark.django_db
def test_the_dashboards_communities_and_no_community_add_up_to_the_street(loose_ends, client_for, street_admin):
    period = loose_ends
    html = client_for(street_admin).get(f"/staff/?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}").content.decode()

    rows = table(html, "by-community")
    body = {r[1]: r[2] for r in rows if r[0] == "tbody"}
    assert list(body) == ["甲社区", "乙社区", "未归属社区"]
    (total,) = [r[2] for r in rows if r[0] == "tfoot"]
    assert [r[1] for r in rows if r[0] == "tfoot"] == ["全街道合计"]
    keys = list(FIGURE_KEYS)
    unassigned = dict(zip(keys, body["未归属社区"], strict=True))
    # What the old table dropped: the drifter, the street corner, the report and voucher of no community.
    for key in ("riders_active", "points_earned", "activities_held", "attendance", "reports_received", "vouchers_issued"):
        assert number(unassigned[key]) >= 1, key
    # The rows add up to the total, and the total is the whole street's figure above.
    street_figures = {r[3]: r[2][0] for r in table(html, "figures") if r[0] == "tbody"}
    for key in ADDITIVE:
        i = keys.index(key)
        assert round(sum(number(values[i]) for values in body.values()), 1) == number(total[i]), key
        assert number(total[i]) == number(street_figures[key]), key
    assert number(total[keys.index("activities_held")]) == 2


@pytest.mark.django_db
def test_one_communitys_page_keeps_the_whole_street_as_the_total(loose_ends, client_for, street_admin):
    period = loose_ends
    a = figures.communities()[0]["id"]
    html = (
        client_for(street_admin)
        .get(f"/staff/?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}&community={a}")
        .content.decode()
    )

    (total,) = [r[2] for r in table(html, "by-community") if r[0] == "tfoot"]
    assert number(total[list(FIGURE_KEYS).index("activities_held")]) == 2  # the street's, not 甲社区's 1


def summary_sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


@pytest.mark.django_db
def test_the_monthly_summary_adds_up_and_can_be_sent_upward(
    loose_ends, client_for, street_admin, django_capture_on_commit_callbacks
):
    period = loose_ends
    _export, data = download(
        client_for(street_admin), "monthly_summary", "xlsx", period.start, period.end, capture=django_capture_on_commit_callbacks
    )
    sheet = summary_sheet(data)
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    # 3. A title, when it was made and the days it is compared with, above the header.
    previous = period.previous()
    assert rows[0][0] == f"成龙路街道“友好街道”月度汇总（{period.start:%Y-%m-%d}至{period.end:%Y-%m-%d}）"
    assert re.fullmatch(r"生成时间：\d{4}-\d\d-\d\d \d\d:\d\d（北京时间）", rows[1][0])
    assert rows[2][0] == f"对比期：{previous.start:%Y-%m-%d}至{previous.end:%Y-%m-%d}"
    header = rows[3]
    assert header[0] == "社区"
    # The header stays in view, and the communities' names when scrolling sideways.
    assert sheet.freeze_panes == "B5"
    # Every column as wide as its head (a Chinese character counts two) and its first value.
    for i, head in enumerate(header, start=1):
        width = sheet.column_dimensions[get_column_letter(i)].width
        assert width >= display_width(head), (head, width)
    assert sheet.column_dimensions["A"].width >= display_width("未归属社区")
    assert sheet.cell(1, 1).font.b and sheet.cell(4, 2).font.b

    # Under the table, after an empty row: how riders and places are counted, what 未归属社区 is
    # and how the change is counted.
    assert rows[-3][0].startswith("骑手和获得积分按骑手的常住社区统计")
    assert rows[-2][0].startswith("未归属社区：")
    assert rows[-1][0].startswith("每项数据后依次为对比期的数值和增减百分比")
    rows = rows[:-4]

    # 2. The communities, no community, and the whole street, which they add up to, in this
    # period and the one it is compared with.
    names = [row[0] for row in rows[4:]]
    assert names == ["甲社区", "乙社区", "未归属社区", "全街道合计"]
    street = rows[-1]
    whole, before = figures.compute(period), figures.compute(previous)
    for key in ADDITIVE:
        i = 1 + 3 * list(FIGURE_KEYS).index(key)
        assert header[i + 1] == f"{header[i]}（上期）" and header[i + 2] == f"{header[i]}（环比%）"
        assert round(sum(row[i] for row in rows[4:-1]), 1) == street[i] == whole[key], key
        assert round(sum(row[i + 1] or 0 for row in rows[4:-1]), 1) == street[i + 1] == before[key], key


# --- 4. an activity counts as held once it has started ----------------------------------------


@pytest.mark.django_db
def test_an_activity_starting_later_today_is_not_held_yet(
    monkeypatch, client_for, street_admin, rider, other_rider, django_capture_on_commit_callbacks
):
    now = datetime(2030, 3, 15, 10, 0, tzinfo=SHANGHAI)
    begun = ActivityFactory(starts_at=now, ends_at=now + timedelta(hours=2), signup_deadline=now - timedelta(hours=1))
    SignupFactory(activity=begun, rider=rider, attendance=Signup.Attendance.ATTENDED, checked_in_at=now)
    later = ActivityFactory(
        starts_at=now + timedelta(seconds=1), ends_at=now + timedelta(hours=3), signup_deadline=now - timedelta(hours=1)
    )
    SignupFactory(activity=later, rider=other_rider)
    SignupFactory(activity=later, rider=rider)
    ActivityFactory(
        state=Activity.State.CANCELLED,
        starts_at=now - timedelta(hours=2),
        ends_at=now - timedelta(hours=1),
        signup_deadline=now - timedelta(hours=3),
    )
    # 10:00 on the 15th: the first has just begun (start <= now), the second begins a second later.
    monkeypatch.setattr(timezone, "now", lambda: now)
    client = client_for(street_admin)

    html = client.get("/staff/?start=2030-03-15&end=2030-03-15").content.decode()
    shown = {r[3]: r[2][0] for r in table(html, "figures") if r[0] == "tbody"}
    assert shown["activities_held"] == "1"
    assert shown["signups"] == "1"  # the later one's two sign-ups wait for it to start
    assert shown["attendance"] == "1"
    assert shown["volunteer_hours"] == "2"  # hours without a trailing .0 (numbers.plain_number)

    # The monthly summary counts with the dashboard's one rule.
    day = now.date()
    _export, data = download(client, "monthly_summary", "csv", day, day, capture=django_capture_on_commit_callbacks)
    assert column(cells("csv", data), "举办活动")[-1] == "1"


# --- 6. /staff/exports/ on a phone ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_exports_list_fits_a_phone(live_server, page: Page, tmp_path):
    admin = StreetAdminFactory(display_name="街道管理员")
    RiderFactory()
    today = timezone.localdate()
    for kind, fmt in (("monthly_summary", "xlsx"), ("riders", "csv"), ("ledger", "xlsx")):
        # No transaction around it: the task runs as the request commits, in-process.
        export_services.export_request(owner=admin, kind=kind, fmt=fmt, start=today.replace(day=1), end=today)
    assert Export.objects.filter(owner=admin, status=Export.Status.DONE).count() == 3
    folder = shots_folder(tmp_path)

    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}{EXPORTS}")
    links = page.get_by_test_id("export-download")
    expect(links).to_have_count(3)
    page.screenshot(path=str(folder / "exports-360.png"), full_page=True)
    assert no_sideways_scroll(page)
    # Nothing hides sideways in a box that scrolls either (the old table did, cutting 下载 off).
    wrap = page.locator(".table-wrap:has(#exports)")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth")
    for i in range(3):
        link = links.nth(i)
        box = link.bounding_box()  # where it is without scrolling sideways
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box  # the whole link, not clipped
        assert box["height"] >= 44  # a thumb's target
        status = page.get_by_test_id("export-status").nth(i)
        expect(status).to_have_text("已完成")
        shape = status.bounding_box()
        assert shape["width"] > shape["height"], shape  # one line, not a character per line

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    expect(page.locator("#exports thead")).to_be_visible()  # a table again on a wide screen
    page.screenshot(path=str(folder / "exports-1280.png"), full_page=True)
    for i in range(3):
        box = links.nth(i).bounding_box()
        assert box["x"] + box["width"] <= 1280


# --- 7. vouchers and points on two axes -------------------------------------------------------


def redeemed(venue, rider, cost: int, by) -> Voucher:
    now = timezone.now()
    reward = Reward.objects.create(
        venue=venue, title="免费理发", cost=cost, stock=None, active=True, published_at=now - timedelta(days=1)
    )
    return Voucher.objects.create(
        code=new_code(),
        reward=reward,
        venue=venue,
        title=reward.title,
        cost=cost,
        rider=rider,
        issued_at=now - timedelta(hours=1),
        expires_at=now + timedelta(days=30),
        status=Voucher.Status.REDEEMED,
        redeemed_at=now,
        redeemed_by=by,
    )


def test_the_redemptions_chart_puts_points_on_their_own_axis(db, client_for, reviewer, rider):
    venue = VenueFactory(name="王师傅理发店")
    barber = PartnerFactory()
    for _ in range(2):
        redeemed(venue, rider, 100, barber)

    html = client_for(reviewer).get("/staff/").content.decode()
    charts = {c["code"]: c for c in json.loads(re.search(r'id="dashboard-charts"[^>]*>(.*?)</script>', html).group(1))}

    vouchers, points = charts["redemptions_by_venue"]["series"]
    assert (vouchers["label"], vouchers["data"], vouchers["axis"]) == ("已使用兑换券", [2], "left")
    assert (points["label"], points["data"], points["axis"]) == ("已核销积分", [200], "right")
    # Claims and the points they earned, the same way.
    assert [s["axis"] for s in charts["claims_by_category"]["series"]] == ["left", "right"]


@pytest.mark.django_db(transaction=True)
def test_the_voucher_counts_can_be_seen_beside_the_points(live_server, page: Page, tmp_path):
    venue = VenueFactory(name="王师傅理发店", community=CommunityFactory(name="成龙社区"))
    rider, barber = RiderFactory(), PartnerFactory()
    for _ in range(2):
        redeemed(venue, rider, 105, barber)
    reviewer = ReviewerFactory(display_name="王审核")

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/")
    canvas = page.locator('[data-chart-canvas="redemptions_by_venue"]')
    expect(canvas).to_be_visible()
    drawn = page.evaluate(
        """() => {
          const chart = Chart.getChart(document.querySelector('[data-chart-canvas="redemptions_by_venue"]'));
          return {
            axes: Object.keys(chart.scales).sort(),
            ids: chart.data.datasets.map(d => d.xAxisID),
            second: chart.scales.x1 && chart.scales.x1.options.position,
            titles: [chart.scales.x.options.title.text, chart.scales.x1 && chart.scales.x1.options.title.text],
            counts: chart.getDatasetMeta(0).data[0].width,
            points: chart.getDatasetMeta(1).data[0].width,
          };
        }"""
    )
    # The chart lies on its side (names down the left): counts are read along the bottom,
    # points along the top.
    assert drawn["axes"] == ["x", "x1", "y"]
    assert drawn["ids"] == ["x", "x1"]
    assert drawn["second"] == "top"
    assert drawn["titles"] == ["已使用兑换券", "已核销积分"]
    # Two vouchers reach as far as their 210 points, not flat at the start (2 of 250).
    assert drawn["counts"] > 60 and drawn["points"] > 60, drawn
    canvas.scroll_into_view_if_needed()
    page.locator('[data-chart="redemptions_by_venue"]').screenshot(path=str(shots_folder(tmp_path) / "redemptions-by-venue.png"))
