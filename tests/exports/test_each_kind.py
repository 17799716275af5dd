"""Each kind of export, in CSV and XLSX: the header, and exactly the rows of the days asked
for (Beijing time: from midnight of the first day to midnight after the last)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import transaction

from points.models import Claim, LedgerEntry, Voucher
from points.services import account_lock, claim_approve, ledger_post
from tests.exports.conftest import local, read_rows
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.volunteers.factories import ActivityFactory, SignupFactory
from venues.models import Community
from volunteers.models import Signup
from volunteers.models_reports import Report, ReportUpdate

pytestmark = pytest.mark.django_db

# The edges of March 2030 in Chengdu, and the moments just outside them.
FIRST = local(2030, 3, 1, 0, 0)
LAST = local(2030, 3, 31, 23, 59, 59)
BEFORE = local(2030, 2, 28, 23, 59, 59)
AFTER = local(2030, 4, 1, 0, 0)


def naive(moment: datetime) -> datetime:
    """What a spreadsheet shows of an aware moment: its Beijing wall-clock time."""
    return moment.replace(tzinfo=None)


def text(moment: datetime) -> str:
    return naive(moment).strftime("%Y-%m-%d %H:%M:%S")


def as_csv(row: list) -> list[str]:
    """An XLSX row as the CSV writes it."""
    out = []
    for v in row:
        if v is None:
            out.append("")
        elif isinstance(v, datetime):
            out.append(text(v))
        else:
            out.append(str(v))
    return out


# --- the ledger -------------------------------------------------------------------------------


def adjust_at(rider, actor, when: datetime, amount: int, note: str = "补录") -> LedgerEntry:
    with transaction.atomic():
        entry = ledger_post(
            account=account_lock(rider=rider),
            kind=LedgerEntry.Kind.ADJUST,
            amount=amount,
            actor=actor,
            description="街道办调整",
            note=note,
        )
    LedgerEntry.objects.filter(pk=entry.pk).update(created_at=when)
    return entry


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_ledger_has_every_entry_of_the_days_and_none_outside(fmt, rider, street_admin, export_as):
    adjust_at(rider, street_admin, BEFORE, 5)
    first = adjust_at(rider, street_admin, FIRST, 10, note="=1+1")
    last = adjust_at(rider, street_admin, LAST, -3)
    adjust_at(rider, street_admin, AFTER, 1)

    export = export_as(street_admin, "ledger", fmt, language="en")

    rows = read_rows(export)
    assert rows[0] == [
        "Entry ID", "Time", "Rider ID", "Type", "Points", "Balance after", "Description", "Reason", "Claim ID",
        "Voucher ID", "By",
    ]  # fmt: skip
    expected = [
        # Who adjusted, as a person column shows anyone: masked (管理员 → 管**), never the username.
        [first.pk, naive(FIRST), rider.pk, "Adjusted by staff", 10, 15, "街道办调整", "'=1+1", None, None, "管**"],
        [last.pk, naive(LAST), rider.pk, "Adjusted by staff", -3, 12, "街道办调整", "补录", None, None, "管**"],
    ]
    assert rows[1:] == (expected if fmt == "xlsx" else [as_csv(r) for r in expected])
    assert export.rows == 2
    assert export.progress == 100


def test_the_header_and_labels_are_in_chinese_by_default(rider, street_admin, export_as):
    adjust_at(rider, street_admin, FIRST, 10)

    rows = read_rows(export_as(street_admin, "ledger", "xlsx"))

    assert rows[0][:4] == ["流水号", "时间", "骑手编号", "类型"]
    assert rows[1][3] == "人工调整"


# --- claims -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_claims_of_the_days_with_their_review(fmt, rider, reviewer, export_as):
    rule = RuleFactory(name="文明劝导", points=15, category__name="文明实践")
    approved = ClaimFactory(rider=rider, rule=rule, description='=HYPERLINK("http://x")', occurred_at=FIRST - timedelta(days=1))
    pending = ClaimFactory(rider=rider, rule=rule, description="扶老人过马路", occurred_at=FIRST)
    outside = ClaimFactory(rider=rider, rule=rule, occurred_at=FIRST)
    Claim.objects.filter(pk=approved.pk).update(created_at=FIRST)
    Claim.objects.filter(pk=pending.pk).update(created_at=LAST)
    Claim.objects.filter(pk=outside.pk).update(created_at=AFTER)
    approved = claim_approve(actor=reviewer, claim=Claim.objects.get(pk=approved.pk))

    export = export_as(reviewer, "claims", fmt, language="en")

    rows = read_rows(export)
    assert rows[0] == [
        "Claim ID", "Submitted at", "Rider ID", "Category", "Rule", "Quantity", "When it happened", "Location", "Description",
        "Source", "Status", "Points granted", "Capped by", "Decided at", "Decided by", "Reason",
    ]  # fmt: skip
    decided = naive(approved.decided_at.astimezone(FIRST.tzinfo)).replace(microsecond=approved.decided_at.microsecond)
    expected = [
        [
            approved.pk, naive(FIRST), rider.pk, "文明实践", "文明劝导", 1, naive(FIRST - timedelta(days=1)), None,
            "'=HYPERLINK(\"http://x\")", "Submitted by the rider", "Approved", 15, None, decided, "审**", None,
        ],
        [
            pending.pk, naive(LAST), rider.pk, "文明实践", "文明劝导", 1, naive(FIRST), None, "扶老人过马路",
            "Submitted by the rider", "Pending", None, None, None, None, None,
        ],
    ]  # fmt: skip
    if fmt == "csv":
        rows[1][13] = rows[1][13][:19]  # the CSV keeps whole seconds
        expected = [as_csv(r) for r in expected]
        # A quantity reads 1 as in the XLSX (not the database's 1.0): writers.Cells, plain_number().
    else:
        rows[1][13] = rows[1][13].replace(microsecond=decided.microsecond)  # XLSX keeps milliseconds
    assert rows[1:] == expected


# --- vouchers and redemptions -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_vouchers_issued_or_used_in_the_days(fmt, rider, merchant_a, street_admin, export_as):
    give_points(rider, 100)
    reward = RewardFactory(title="免费快剪", cost=30, venue__name="成龙路理发店")
    in_march = issue(rider, reward)
    used_in_march = issue(rider, reward)
    february_only = issue(rider, reward)
    Voucher.objects.filter(pk=in_march.pk).update(issued_at=LAST, expires_at=LAST + timedelta(days=30))
    Voucher.objects.filter(pk=used_in_march.pk).update(
        issued_at=BEFORE,
        expires_at=BEFORE + timedelta(days=30),
        status=Voucher.Status.REDEEMED,
        redeemed_at=FIRST,
        redeemed_by=merchant_a,
    )
    Voucher.objects.filter(pk=february_only.pk).update(issued_at=BEFORE, expires_at=BEFORE + timedelta(days=30))

    rows = read_rows(export_as(street_admin, "vouchers", fmt, language="en"))

    assert rows[0] == [
        "Voucher ID", "Issued at", "Rider ID", "Reward", "Venue", "Points paid", "Status", "Valid until", "Used at",
        "Confirmed by", "Cancelled at", "Expired at",
    ]  # fmt: skip
    expected = [
        [
            in_march.pk, naive(LAST), rider.pk, "免费快剪", "成龙路理发店", 30, "Ready to use",
            naive(LAST + timedelta(days=30)), None, None, None, None,
        ],
        [
            used_in_march.pk, naive(BEFORE), rider.pk, "免费快剪", "成龙路理发店", 30, "Used",
            naive(BEFORE + timedelta(days=30)), naive(FIRST), "商**", None, None,
        ],
    ]  # fmt: skip
    assert sorted(rows[1:]) == sorted(expected if fmt == "xlsx" else [as_csv(r) for r in expected])
    assert all(in_march.code not in str(cell) for row in rows for cell in row), "a voucher's code is what a rider pays with"


# --- activities and attendance ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_activities_with_one_row_per_signup(fmt, rider, other_rider, reviewer, export_as):
    held = ActivityFactory(
        title="成龙路清洁",
        starts_at=FIRST + timedelta(hours=9),
        ends_at=FIRST + timedelta(hours=11, minutes=30),
        place="成龙路口",
    )
    came = SignupFactory(activity=held, rider=rider, queued_at=BEFORE)
    Signup.objects.filter(pk=came.pk).update(attendance=Signup.Attendance.ATTENDED, checked_in_at=FIRST + timedelta(hours=9))
    SignupFactory(activity=held, rider=other_rider, status=Signup.Status.WAITLISTED, queued_at=FIRST)
    empty = ActivityFactory(title="夜间巡查", starts_at=LAST - timedelta(hours=1), ends_at=LAST, place="社区")
    ActivityFactory(title="四月活动", starts_at=AFTER, ends_at=AFTER + timedelta(hours=1))
    ActivityFactory(title="二月活动", starts_at=BEFORE - timedelta(hours=1), ends_at=BEFORE)

    export = export_as(reviewer, "activities", fmt, language="en")

    rows = read_rows(export)
    assert rows[0] == [
        "Activity ID", "Title", "Category", "Starts at", "Ends at", "Hours", "Place", "Capacity", "State", "Rider ID",
        "Sign-up", "Signed up at", "Attendance", "Checked in at",
    ]  # fmt: skip
    start, end = naive(FIRST + timedelta(hours=9)), naive(FIRST + timedelta(hours=11, minutes=30))
    activity = [held.pk, "成龙路清洁", "Street clean-up", start, end, 2.5, "成龙路口", 10, "Published"]
    expected = [
        [*activity, rider.pk, "Registered", naive(BEFORE), "Attended", start],
        [*activity, other_rider.pk, "On the waitlist", naive(FIRST), "Not recorded", None],
        [empty.pk, "夜间巡查", "Street clean-up", naive(LAST - timedelta(hours=1)), naive(LAST), 1, "社区", 10, "Published"]
        + [None] * 5,
    ]
    if fmt == "csv":
        expected = [as_csv(r) for r in expected]
    assert rows[1:] == expected
    assert export.rows == 3


# --- reports and their updates ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reports_with_one_row_per_update(fmt, rider, reviewer, export_as):
    community = Community.objects.create(name="成龙社区")
    report = Report.objects.create(
        reporter=rider,
        category="fire_lane",
        description="+消防通道被占",
        address="成龙大道1号",
        community=community,
        status="accepted",
    )
    submitted = ReportUpdate.objects.create(report=report, status="submitted", note="", author=rider)
    accepted = ReportUpdate.objects.create(report=report, status="accepted", note="已派人处理", author=reviewer)
    Report.objects.filter(pk=report.pk).update(created_at=LAST, responded_at=AFTER)
    ReportUpdate.objects.filter(pk=submitted.pk).update(created_at=LAST)
    ReportUpdate.objects.filter(pk=accepted.pk).update(created_at=AFTER)
    later = Report.objects.create(reporter=rider, category="other", description="四月的", address="别处")
    Report.objects.filter(pk=later.pk).update(created_at=AFTER)

    rows = read_rows(export_as(reviewer, "reports", fmt, language="en"))

    assert rows[0] == [
        "Report ID", "Submitted at", "Reporter ID", "Category", "Description", "Address", "Community", "Current status",
        "Duplicate of", "Answered at", "Resolved at", "Update at", "Update status", "Update note", "Update by",
    ]  # fmt: skip
    common = [
        report.pk,
        naive(LAST),
        rider.pk,
        "Blocked fire lane",
        "'+消防通道被占",
        "成龙大道1号",
        "成龙社区",
        "Accepted",
        None,
        naive(AFTER),
        None,
    ]
    expected = [
        [*common, naive(LAST), "Submitted", None, "张**"],
        [*common, naive(AFTER), "Accepted", "已派人处理", "审**"],
    ]
    assert rows[1:] == (expected if fmt == "xlsx" else [as_csv(r) for r in expected])


# --- riders -----------------------------------------------------------------------------------


def riders_of_march():
    zhang = RiderFactory(display_name="张小骑", phone="+8613800000001", date_joined=FIRST)
    ouyang = RiderFactory(display_name="欧阳娜娜", phone="+8613900000002", date_joined=LAST)
    RiderFactory(display_name="四月人", date_joined=AFTER)
    RiderFactory(display_name="二月人", date_joined=BEFORE)
    return zhang, ouyang


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_riders_registered_in_the_days(fmt, reviewer, export_as):
    zhang, ouyang = riders_of_march()

    export = export_as(reviewer, "riders", fmt, language="en")

    rows = read_rows(export)
    assert rows[0] == [
        "Rider ID",
        "Registered at",
        "Name",
        "Phone",
        "Work type",
        "Platform",
        "Verification",
        "Phone verified",
        "Account active",
    ]
    expected = [
        [zhang.pk, naive(FIRST), "张**", "138****0001", "Food delivery", "美团", "Verified", "Yes", "Yes"],
        [ouyang.pk, naive(LAST), "欧***", "139****0002", "Food delivery", "美团", "Verified", "Yes", "Yes"],
    ]
    assert rows[1:] == (expected if fmt == "xlsx" else [as_csv(r) for r in expected])
    assert not export.personal_data


def test_an_export_of_a_day_with_nothing_has_only_the_header(street_admin, export_as):
    export = export_as(street_admin, "ledger", "xlsx", start=date(2030, 1, 1), end=date(2030, 1, 1), language="en")

    assert read_rows(export) == [
        [
            "Entry ID",
            "Time",
            "Rider ID",
            "Type",
            "Points",
            "Balance after",
            "Description",
            "Reason",
            "Claim ID",
            "Voucher ID",
            "By",
        ]
    ]
    assert export.rows == 0
    assert export.progress == 100


def test_quantities_keep_their_decimal(rider, reviewer, export_as):
    rule = RuleFactory(unit="hour")
    claim = ClaimFactory(rider=rider, rule=rule, quantity=Decimal("2.5"))
    Claim.objects.filter(pk=claim.pk).update(created_at=FIRST)

    assert read_rows(export_as(reviewer, "claims", "xlsx"))[1][5] == 2.5
