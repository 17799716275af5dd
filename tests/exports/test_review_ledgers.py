"""A month's ledgers, from the street admin's month-end review (staffdash #4, #5, #8, #9, #10, #15):

- the voucher ledger holds every voucher with something happening in the days (issued, used,
  cancelled or expired), so the dashboard's four voucher counts can be counted from the file;
- every ledger names its riders as merchants see them (张** 138****0001) with the community the
  dashboard counts them in, and the staff who acted in full (审核员 @reviewer3);
- the riders ledger is everyone registered by the last day, with who was active;
- 治理线索 is one row per report, and the list of exports counts the reports;
- the columns say 申请编号 and 受限于, as the rest of the site does;
- the files have Chinese names: 积分流水_2026年11月.csv.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from friendlystreet.dashboard.figures import compute
from friendlystreet.dashboard.periods import Period
from friendlystreet.dashboard.registry import FIGURE_KEYS
from friendlystreet.ledgers.models import Export
from points.models import Claim, Voucher
from points.services import claim_approve
from tests.factories import PartnerFactory, ReviewerFactory, RiderFactory, StreetAdminFactory
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import CommunityFactory
from volunteers.models import RiderProfile
from volunteers.models_reports import Report, ReportUpdate

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
EXPORTS = "/staff/exports/"
FULL_PHONE = re.compile(r"1[3-9]\d{9}")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def download(client, capture, kind: str, fmt: str, start: date, end: date, **extra) -> tuple[Export, object]:
    """Fill in the form, follow the newest export's link; (the export, the response)."""
    with capture(execute=True):
        response = client.post(EXPORTS, {"kind": kind, "format": fmt, "start": start, "end": end, **extra})
    assert response.status_code == 302
    export = Export.objects.filter(owner_id=client.session["_auth_user_id"]).latest("id")
    assert export.status == Export.Status.DONE, export.error
    file = client.get(f"/staff/exports/{export.pk}/download/")
    assert file.status_code == 200
    return export, file


def table(fmt: str, file) -> list[dict]:
    """The rows of the file's first table, as {header: cell}."""
    data = b"".join(file.streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
        rows = [["" if v is None else v for v in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    header = rows[0]
    # An XLSX row stores no empty cells at its end: as wide as the header, as Excel shows it.
    return [dict(zip(header, [*row, *[""] * (len(header) - len(row))], strict=True)) for row in rows[1:]]


def in_days(cell, start: date, end: date) -> bool:
    """A time cell (CSV text or XLSX datetime) falls on one of the days."""
    if not cell:
        return False
    day = cell.date() if isinstance(cell, datetime) else date.fromisoformat(str(cell)[:10])
    return start <= day <= end


# --- #4: the voucher ledger adds up to the dashboard ------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_dashboards_voucher_counts_can_be_counted_from_the_voucher_ledger(
    fmt, client_for, django_capture_on_commit_callbacks
):
    rider, counter = RiderFactory(display_name="高峰"), PartnerFactory(display_name="理发店王师傅", username="barber")
    give_points(rider, 500)
    reward = RewardFactory(title="免费快剪", cost=20)
    bought = [issue(rider, reward) for _ in range(5)]
    # Bought on 11-29, expired on 12-06: in December's file (the reviewer's voucher #5).
    Voucher.objects.filter(pk=bought[0].pk).update(
        issued_at=at(2026, 11, 29, 10), status=Voucher.Status.EXPIRED, expired_at=at(2026, 12, 6, 0, 5)
    )
    # Bought in November, used in December.
    Voucher.objects.filter(pk=bought[1].pk).update(
        issued_at=at(2026, 11, 20, 9), status=Voucher.Status.REDEEMED, redeemed_at=at(2026, 12, 2, 15), redeemed_by=counter
    )
    # Bought and cancelled in December.
    Voucher.objects.filter(pk=bought[2].pk).update(
        issued_at=at(2026, 12, 3, 9), status=Voucher.Status.CANCELLED, cancelled_at=at(2026, 12, 3, 18)
    )
    # Bought in December, not used yet.
    Voucher.objects.filter(pk=bought[3].pk).update(issued_at=at(2026, 12, 5, 12))
    # November only: not in the file.
    Voucher.objects.filter(pk=bought[4].pk).update(issued_at=at(2026, 11, 10, 12))
    start, end = date(2026, 12, 1), date(2026, 12, 6)

    _export, file = download(client_for(StreetAdminFactory()), django_capture_on_commit_callbacks, "vouchers", fmt, start, end)

    rows = table(fmt, file)
    assert sorted(int(row["兑换券编号"]) for row in rows) == sorted(v.pk for v in bought[:4])
    dashboard = compute(Period(start, end))
    counted = {
        key: sum(in_days(row[column], start, end) for row in rows)
        for key, column in (
            ("vouchers_issued", "发放时间"),
            ("vouchers_redeemed", "核销时间"),
            ("vouchers_cancelled", "取消时间"),
            ("vouchers_expired", "过期时间"),
        )
    }
    assert (
        counted
        == {key: dashboard[key] for key in counted}
        == {
            "vouchers_issued": 2,
            "vouchers_redeemed": 1,
            "vouchers_cancelled": 1,
            "vouchers_expired": 1,
        }
    )
    # Who confirmed the used one: the barber in full; the rider as merchants see them.
    used = next(row for row in rows if row["核销人"])
    assert used["核销人"] == "理发店王师傅 @barber"
    assert (used["骑手"], used["骑手手机号"]) == ("高*", f"{rider.phone[3:6]}****{rider.phone[-4:]}")


# --- #5, #8: riders masked with their community, staff in full --------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_points_earned_per_community_can_be_counted_from_the_points_ledger(fmt, client_for, django_capture_on_commit_callbacks):
    yidu, changbai = CommunityFactory(name="驿都社区"), CommunityFactory(name="长柏社区")
    zhang = RiderFactory(display_name="张小骑", phone="+8613800000001")
    li = RiderFactory(display_name="李四", phone="+8613800000002")
    wu = RiderFactory(display_name="吴五", phone="+8613800000003")  # no home community
    RiderProfile.objects.create(rider=zhang, home_community=yidu)
    RiderProfile.objects.create(rider=li, home_community=changbai)
    checker = ReviewerFactory(display_name="审核员小周", username="zhou")
    for rider in (zhang, zhang, li, wu):
        claim_approve(actor=checker, claim=ClaimFactory(rider=rider))
    today = timezone.localdate()
    admin = StreetAdminFactory()

    _export, file = download(client_for(admin), django_capture_on_commit_callbacks, "ledger", fmt, today, today)

    rows = table(fmt, file)
    earned: dict[str, int] = {}
    for row in rows:
        earned[row["骑手所在社区"]] = earned.get(row["骑手所在社区"], 0) + int(row["积分"])
    summary = {
        row["社区"]: row
        for row in table(
            "csv", download(client_for(admin), django_capture_on_commit_callbacks, "monthly_summary", "csv", today, today)[1]
        )
    }
    points = "获得积分"
    assert points in next(iter(summary.values())), "the summary's column of points earned"
    assert {name: int(summary[name][points]) for name in ("驿都社区", "长柏社区", "未归属社区")} == earned
    # Each row names its rider as merchants see them, and the reviewer who approved in full.
    mine = [row for row in rows if row["骑手编号"] in (zhang.pk, str(zhang.pk))]
    assert {(row["骑手"], row["骑手手机号"], row["操作人"]) for row in mine} == {("张**", "138****0001", "审核员小周 @zhou")}
    assert not [cell for row in rows for cell in row.values() if FULL_PHONE.search(str(cell))]


def test_the_riders_ledger_finds_the_people_behind_last_months_rider_ids(client_for, django_capture_on_commit_callbacks):
    yidu = CommunityFactory(name="驿都社区")
    veteran = RiderFactory(display_name="王老骑", phone="+8613700000009", date_joined=at(2025, 5, 1, 9))
    RiderProfile.objects.create(rider=veteran, home_community=yidu)
    idle = RiderFactory(display_name="赵闲", date_joined=at(2026, 10, 1, 9))
    newcomer = RiderFactory(display_name="钱新", date_joined=at(2026, 11, 20, 9))
    RiderFactory(display_name="孙后来", date_joined=at(2026, 12, 2, 9))  # registered after November
    claim = ClaimFactory(rider=veteran)
    Claim.objects.filter(pk=claim.pk).update(created_at=at(2026, 11, 12, 10))

    _export, file = download(
        client_for(ReviewerFactory()), django_capture_on_commit_callbacks, "riders", "xlsx", date(2026, 11, 1), date(2026, 11, 30)
    )

    rows = {row["骑手编号"]: row for row in table("xlsx", file)}
    assert set(rows) == {veteran.pk, idle.pk, newcomer.pk}
    assert [rows[veteran.pk][k] for k in ("姓名", "电话", "所在社区", "本期注册", "本期活跃")] == [
        "王**",
        "137****0009",
        "驿都社区",
        "否",
        "是",
    ]
    assert [rows[newcomer.pk][k] for k in ("所在社区", "本期注册", "本期活跃")] == ["未归属社区", "是", "否"]
    assert [rows[idle.pk][k] for k in ("本期注册", "本期活跃")] == ["否", "否"]


# --- #9: one row per report -------------------------------------------------------------------


def test_the_list_of_exports_counts_the_reports_not_their_updates(client_for, django_capture_on_commit_callbacks):
    reporter, reviewer = RiderFactory(display_name="吴小报"), ReviewerFactory(display_name="审核员", username="shen")
    report = Report.objects.create(reporter=reporter, category="other", description="路灯坏了", address="成龙大道1号")
    for status, author in (("submitted", reporter), ("accepted", reviewer), ("in_progress", reviewer), ("resolved", reviewer)):
        ReportUpdate.objects.create(report=report, status=status, note="", author=author)
    Report.objects.filter(pk=report.pk).update(status="resolved")
    today = timezone.localdate()
    client = client_for(reviewer)

    export, file = download(client, django_capture_on_commit_callbacks, "reports", "csv", today, today)

    assert export.rows == 1
    row = client.get(EXPORTS).content.decode()
    assert re.search(rf'data-id="{export.pk}".*?data-testid="export-rows">1<', row, flags=re.S)
    (only,) = table("csv", file)
    # The reporter in their own columns; 处理人 the reviewer, never the reporter.
    assert (only["上报人"], only["当前状态"], only["进展条数"], only["处理人"]) == ("吴**", "已办结", "4", "审核员 @shen")


# --- #10: the site's words --------------------------------------------------------------------


def test_the_claims_ledger_says_shen_qing_and_shou_xian_yu(client_for, django_capture_on_commit_callbacks):
    rider = RiderFactory()
    claim = ClaimFactory(rider=rider)
    Claim.objects.filter(pk=claim.pk).update(
        status=Claim.Status.APPROVED, points=5, capped_by=Claim.Cap.DAY, decided_at=timezone.now()
    )
    today = timezone.localdate()
    client = client_for(ReviewerFactory())

    _export, file = download(client, django_capture_on_commit_callbacks, "claims", "xlsx", today, today)

    (row,) = table("xlsx", file)
    assert row["申请编号"] == claim.pk
    assert row["受限于"] == "每日上限"  # as the audit trail says it
    _export, file = download(client, django_capture_on_commit_callbacks, "ledger", "csv", today, today)
    header = next(csv.reader(io.StringIO(b"".join(file.streaming_content).decode("utf-8-sig"))))
    assert "申请编号" in header and "申领编号" not in header


# --- #15: file names --------------------------------------------------------------------------


def saved_as(response) -> str:
    disposition = response["Content-Disposition"]
    prefix = "attachment; filename*=utf-8''"
    assert disposition.startswith(prefix), disposition
    return disposition.removeprefix(prefix)


@pytest.mark.parametrize(
    ("kind", "fmt", "start", "end", "name"),
    [
        ("ledger", "csv", date(2026, 11, 1), date(2026, 11, 30), "积分流水_2026年11月.csv"),
        ("monthly_summary", "xlsx", date(2026, 11, 1), date(2026, 11, 30), "月度汇总（按社区）_2026年11月.xlsx"),
        ("vouchers", "xlsx", date(2026, 12, 1), date(2026, 12, 6), "兑换券及核销_2026-12-01至2026-12-06.xlsx"),
        ("reports", "csv", date(2026, 2, 1), date(2026, 2, 28), "治理线索_2026年2月.csv"),
    ],
)
def test_files_are_saved_under_chinese_names(kind, fmt, start, end, name, client_for, django_capture_on_commit_callbacks):
    _export, file = download(client_for(StreetAdminFactory()), django_capture_on_commit_callbacks, kind, fmt, start, end)

    assert saved_as(file) == quote(name)


def test_an_english_export_is_saved_under_its_english_name(street_admin, export_as, client_for):
    export = export_as(street_admin, "ledger", "csv", start=date(2026, 11, 1), end=date(2026, 11, 30), language="en")

    response = client_for(street_admin).get(f"/staff/exports/{export.pk}/download/")
    assert response["Content-Disposition"] == 'attachment; filename="Points ledger_November 2026.csv"'


def test_the_summary_of_a_whole_month_is_titled_by_the_month(client_for, django_capture_on_commit_callbacks):
    client = client_for(StreetAdminFactory())

    _export, file = download(
        client, django_capture_on_commit_callbacks, "monthly_summary", "xlsx", date(2026, 11, 1), date(2026, 11, 30)
    )
    sheet = load_workbook(io.BytesIO(b"".join(file.streaming_content)), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0][0] == "成龙路街道“友好街道”月度汇总（2026年11月）"
    assert rows[2][0] == "对比期：2026年10月"  # a whole month against the whole month before
    assert rows[-2][0].startswith("未归属社区：尚未填写常住社区的骑手")
    assert len(rows[3]) == 1 + 3 * len(FIGURE_KEYS)
