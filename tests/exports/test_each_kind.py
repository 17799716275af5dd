"""Each kind of export, in CSV and XLSX: the header, and exactly the rows of the days asked
for (Beijing time: from midnight of the first day to midnight after the last)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import QuerySet

from points.models import Claim, LedgerEntry, Voucher
from points.services import account_lock, claim_approve, ledger_post
from tests.exports.conftest import local, read_rows
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import CommunityFactory, VenueFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from venues.models import Community
from volunteers.models import RiderProfile, Signup
from volunteers.models_reports import Report, ReportUpdate

pytestmark = pytest.mark.django_db

# The edges of March 2025 in Chengdu, and the moments just outside them.
FIRST = local(2025, 3, 1, 0, 0)
LAST = local(2025, 3, 31, 23, 59, 59)
BEFORE = local(2025, 2, 28, 23, 59, 59)
AFTER = local(2025, 4, 1, 0, 0)


def naive(moment: datetime) -> datetime:
    """What a spreadsheet shows of an aware moment: its Beijing wall-clock time."""
    return moment.replace(tzinfo=None)


def text(moment: datetime) -> str:
    return naive(moment).strftime("%Y-%m-%d %H:%M:%S")


def masked_phone(user) -> str:
    """138****0001: a rider's phone as an export shows it unless it unmasks personal data."""
    return f"{user.phone[3:6]}****{user.phone[-4:]}"


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
    # The ledger refuses updates (points.models.LedgerQuerySet): a test that dates an entry in
    # the past says so by calling the plain QuerySet's update, the one way around the rule.
    QuerySet.update(LedgerEntry.objects.filter(pk=entry.pk), created_at=when)
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
        "Entry ID", "Time", "Rider ID", "Rider", "Rider's phone", "Rider's community", "Type", "Points", "Balance after",
        "Description", "Reason", "Claim ID", "Voucher ID", "By",
    ]  # fmt: skip
    # The rider masked as merchants see them; who adjusted, a member of staff, by name and username.
    who = [rider.pk, "张**", masked_phone(rider), "No community"]
    by = f"管理员 @{street_admin.username}"
    # What the entry is, in the file's language as the passbook says it (the words stored with it are
    # Chinese); the reason staff typed, as typed.
    adjusted = "Adjustment by the street office"
    expected = [
        [first.pk, naive(FIRST), *who, "Adjusted by staff", 10, 15, adjusted, "'=1+1", None, None, by],
        [last.pk, naive(LAST), *who, "Adjusted by staff", -3, 12, adjusted, "补录", None, None, by],
    ]
    assert rows[1:] == (expected if fmt == "xlsx" else [as_csv(r) for r in expected])
    assert export.rows == 2
    assert export.progress == 100


def test_the_header_and_labels_are_in_chinese_by_default(rider, street_admin, export_as):
    adjust_at(rider, street_admin, FIRST, 10)

    rows = read_rows(export_as(street_admin, "ledger", "xlsx"))

    assert rows[0][:7] == ["流水号", "时间", "骑手编号", "骑手", "骑手手机号", "骑手所在社区", "类型"]
    assert rows[1][3:7] == ["张**", masked_phone(rider), "未归属社区", "人工调整"]


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
        "Claim ID", "Submitted at", "Rider ID", "Rider", "Rider's phone", "Rider's community", "Category", "Rule",
        "Quantity", "When it happened", "Location", "Description", "Source", "Status", "Points granted", "Capped by",
        "Decided at", "Decided by", "Reason",
    ]  # fmt: skip
    decided = naive(approved.decided_at.astimezone(FIRST.tzinfo)).replace(microsecond=approved.decided_at.microsecond)
    who = [rider.pk, "张**", masked_phone(rider), "No community"]
    expected = [
        [
            approved.pk, naive(FIRST), *who, "文明实践", "文明劝导", 1, naive(FIRST - timedelta(days=1)), None,
            "'=HYPERLINK(\"http://x\")", "Submitted by the rider", "Approved", 15, None, decided,
            f"审核员 @{reviewer.username}", None,
        ],
        [
            pending.pk, naive(LAST), *who, "文明实践", "文明劝导", 1, naive(FIRST), None, "扶老人过马路",
            "Submitted by the rider", "Pending", None, None, None, None, None,
        ],
    ]  # fmt: skip
    if fmt == "csv":
        rows[1][16] = rows[1][16][:19]  # the CSV keeps whole seconds
        expected = [as_csv(r) for r in expected]
        # A quantity reads 1 as in the XLSX (not the database's 1.0): writers.Cells, plain_number().
    else:
        rows[1][16] = rows[1][16].replace(microsecond=decided.microsecond)  # XLSX keeps milliseconds
    assert rows[1:] == expected


# --- vouchers and redemptions -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_vouchers_issued_used_cancelled_or_expired_in_the_days(fmt, rider, merchant_a, street_admin, export_as):
    give_points(rider, 200)
    reward = RewardFactory(
        title="免费快剪", cost=30, venue__name="成龙路理发店", venue__community=CommunityFactory(name="成龙社区")
    )
    in_march = issue(rider, reward)
    used_in_march = issue(rider, reward)
    cancelled_in_march = issue(rider, reward)
    expired_in_march = issue(rider, reward)
    february_only = issue(rider, reward)
    Voucher.objects.filter(pk=in_march.pk).update(issued_at=LAST, expires_at=LAST + timedelta(days=30))
    Voucher.objects.exclude(pk=in_march.pk).update(issued_at=BEFORE, expires_at=BEFORE + timedelta(days=30))
    Voucher.objects.filter(pk=used_in_march.pk).update(status=Voucher.Status.REDEEMED, redeemed_at=FIRST, redeemed_by=merchant_a)
    Voucher.objects.filter(pk=cancelled_in_march.pk).update(status=Voucher.Status.CANCELLED, cancelled_at=FIRST)
    Voucher.objects.filter(pk=expired_in_march.pk).update(status=Voucher.Status.EXPIRED, expired_at=LAST)
    assert february_only.pk

    rows = read_rows(export_as(street_admin, "vouchers", fmt, language="en"))

    assert rows[0] == [
        "Voucher ID", "Issued at", "Rider ID", "Rider", "Rider's phone", "Reward", "Venue", "Venue's community",
        "Points paid", "Status", "Valid until", "Used at", "Confirmed by", "Cancelled at", "Expired at",
    ]  # fmt: skip
    who = [rider.pk, "张**", masked_phone(rider), "免费快剪", "成龙路理发店", "成龙社区", 30]
    valid = naive(BEFORE + timedelta(days=30))
    expected = [
        [in_march.pk, naive(LAST), *who, "Ready to use", naive(LAST + timedelta(days=30)), None, None, None, None],
        # The partner's operator who confirmed it, by name and username.
        [used_in_march.pk, naive(BEFORE), *who, "Used", valid, naive(FIRST), f"商家甲 @{merchant_a.username}", None, None],
        [cancelled_in_march.pk, naive(BEFORE), *who, "Cancelled", valid, None, None, naive(FIRST), None],
        [expired_in_march.pk, naive(BEFORE), *who, "Expired", valid, None, None, None, naive(LAST)],
    ]
    assert rows[1:] == (expected if fmt == "xlsx" else [as_csv(r) for r in expected])
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
    # What the check-in paid, as the ledger has it (services._pay_attendance writes this claim).
    ClaimFactory(
        rider=rider,
        rule=held.rule,
        source=Claim.Source.ACTIVITY,
        source_ref=came.claim_ref,
        status=Claim.Status.APPROVED,
        points=10,
        decided_at=FIRST + timedelta(hours=9),
    )
    SignupFactory(activity=held, rider=other_rider, status=Signup.Status.WAITLISTED, queued_at=FIRST)
    station = VenueFactory(name="驿都驿站", community=CommunityFactory(name="驿都社区"))
    empty = ActivityFactory(title="夜间巡查", starts_at=LAST - timedelta(hours=1), ends_at=LAST, venue=station, place="")
    ActivityFactory(title="四月活动", starts_at=AFTER, ends_at=AFTER + timedelta(hours=1))
    ActivityFactory(title="二月活动", starts_at=BEFORE - timedelta(hours=1), ends_at=BEFORE)

    export = export_as(reviewer, "activities", fmt, language="en")

    rows = read_rows(export)
    assert rows[0] == [
        "Activity ID", "Title", "Category", "Starts at", "Ends at", "Hours", "Place", "Activity's community", "Capacity",
        "State", "Rider ID", "Rider", "Rider's phone", "Sign-up", "Signed up at", "Attendance", "Checked in at",
        "Points earned",
    ]  # fmt: skip
    start, end = naive(FIRST + timedelta(hours=9)), naive(FIRST + timedelta(hours=11, minutes=30))
    # A place that is no venue belongs to no community, as in the dashboard's table.
    activity = [held.pk, "成龙路清洁", "Street clean-up", start, end, 2.5, "成龙路口", "No community", 10, "Published"]
    expected = [
        [*activity, rider.pk, "张**", masked_phone(rider), "Registered", naive(BEFORE), "Attended", start, 10],
        [*activity, other_rider.pk, "李**", masked_phone(other_rider), "On the waitlist", naive(FIRST), "Not checked in"]
        + [None, None],
        [empty.pk, "夜间巡查", "Street clean-up", naive(LAST - timedelta(hours=1)), naive(LAST), 1, "驿都驿站", "驿都社区", 10]
        + ["Published"]
        + [None] * 8,
    ]
    if fmt == "csv":
        expected = [as_csv(r) for r in expected]
    assert rows[1:] == expected
    assert export.rows == 3


# --- reports, one row each, and their updates ------------------------------------------------


def march_report(rider, reviewer, community):
    """A report filed on the last day of March, accepted in April by the reviewer."""
    report = Report.objects.create(
        reporter=rider,
        category="fire_lane",
        description="+消防通道被占",
        address="成龙大道1号",
        community=community,
        status="accepted",
        assigned_to=reviewer,
    )
    submitted = ReportUpdate.objects.create(report=report, status="submitted", note="", author=rider)
    accepted = ReportUpdate.objects.create(report=report, status="accepted", note="已派人处理", author=reviewer)
    Report.objects.filter(pk=report.pk).update(created_at=LAST, responded_at=AFTER)
    ReportUpdate.objects.filter(pk=submitted.pk).update(created_at=LAST)
    ReportUpdate.objects.filter(pk=accepted.pk).update(created_at=AFTER)
    later = Report.objects.create(reporter=rider, category="other", description="四月的", address="别处")
    Report.objects.filter(pk=later.pk).update(created_at=AFTER)
    return report


REPORT_HEADER = [
    "Report ID", "Submitted at", "Reporter ID", "Reporter", "Reporter's phone", "Category", "Description", "Address",
    "Venue", "Community", "Current status", "Duplicate of", "Answered at", "Resolved at", "Assigned to", "Number of updates",
    "Latest update at", "Latest update status", "Latest update note", "Handled by",
]  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reports_one_row_each_with_the_latest_update(fmt, rider, reviewer, export_as):
    report = march_report(rider, reviewer, Community.objects.create(name="成龙社区"))
    quiet = Report.objects.create(reporter=rider, category="other", description="路灯坏了", address="成龙大道2号")
    Report.objects.filter(pk=quiet.pk).update(created_at=FIRST)

    export = export_as(reviewer, "reports", fmt, language="en")

    main = read_sheets(export)[0] if fmt == "xlsx" else read_rows(export)
    assert main[0] == REPORT_HEADER
    staff = f"审核员 @{reviewer.username}"
    expected = [
        # The reporter in their own columns, masked; the reviewer who handled it by name and username.
        [
            report.pk, naive(LAST), rider.pk, "张**", masked_phone(rider), "Blocked fire lane", "'+消防通道被占",
            "成龙大道1号", None, "成龙社区", "Accepted", None, naive(AFTER), None, staff, 2, naive(AFTER), "Accepted",
            "已派人处理", staff,
        ],
        [
            quiet.pk, naive(FIRST), rider.pk, "张**", masked_phone(rider), "Other", "路灯坏了", "成龙大道2号", None,
            "No community", "Submitted", None, None, None, None, 0, None, None, None, None,
        ],
    ]  # fmt: skip
    assert main[1:] == (expected if fmt == "xlsx" else [as_csv(r) for r in expected])
    # The list of exports counts the reports, not their updates.
    assert export.rows == 2


def test_the_xlsx_lists_every_update_on_a_second_sheet(rider, reviewer, export_as):
    report = march_report(rider, reviewer, Community.objects.create(name="成龙社区"))

    export = export_as(reviewer, "reports", "xlsx", language="en")

    sheets = read_sheets(export)
    assert sheets.titles == ["Neighbourhood reports", "Report updates"]
    assert len(sheets[0]) == 2  # the header and the one report
    assert sheets[1] == [
        ["Report ID", "Update at", "Update status", "Update note", "By"],
        # The reporter's own update says so: their name is on the report's row.
        [report.pk, naive(LAST), "Submitted", None, "Reporter"],
        [report.pk, naive(AFTER), "Accepted", "已派人处理", f"审核员 @{reviewer.username}"],
    ]


class Sheets(list):
    titles: list[str]


def read_sheets(export) -> Sheets:
    """Each sheet of an XLSX export, as its rows (empty cells None)."""
    import io

    from django.core.files.storage import default_storage
    from openpyxl import load_workbook

    with default_storage.open(export.file.name, "rb") as f:
        workbook = load_workbook(io.BytesIO(f.read()), read_only=True)
    sheets = Sheets()
    sheets.titles = workbook.sheetnames
    for sheet in workbook.worksheets:
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        sheets.append([row + [None] * (len(rows[0]) - len(row)) for row in rows])
    workbook.close()
    return sheets


# --- riders -----------------------------------------------------------------------------------


def riders_of_march():
    zhang = RiderFactory(display_name="张小骑", phone="+8613800000001", date_joined=FIRST)
    ouyang = RiderFactory(display_name="欧阳娜娜", phone="+8613900000002", date_joined=LAST)
    RiderFactory(display_name="四月人", date_joined=AFTER)
    veteran = RiderFactory(display_name="王老骑", phone="+8613700000003", date_joined=BEFORE - timedelta(days=400))
    return zhang, ouyang, veteran


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_riders_ledger_is_everyone_registered_by_the_last_day_with_their_march(fmt, reviewer, export_as):
    zhang, ouyang, veteran = riders_of_march()
    RiderProfile.objects.create(rider=veteran, home_community=CommunityFactory(name="驿都社区"))
    # The veteran claimed in March: active, though registered long before.
    claim = ClaimFactory(rider=veteran)
    Claim.objects.filter(pk=claim.pk).update(created_at=FIRST + timedelta(days=3))

    export = export_as(reviewer, "riders", fmt, language="en")

    rows = read_rows(export)
    assert rows[0] == [
        "Rider ID", "Registered at", "Name", "Phone", "Home community", "Work type", "Platform", "Verification",
        "Phone verified", "Account active", "Registered in the range", "Active in the range",
    ]  # fmt: skip
    job = ["Food delivery", "美团", "Verified", "Yes", "Yes"]
    expected = [
        [zhang.pk, naive(FIRST), "张**", "138****0001", "No community", *job, "Yes", "No"],
        [ouyang.pk, naive(LAST), "欧***", "139****0002", "No community", *job, "Yes", "No"],
        [veteran.pk, naive(BEFORE - timedelta(days=400)), "王**", "137****0003", "驿都社区", *job, "No", "Yes"],
    ]
    assert sorted(rows[1:]) == sorted(expected if fmt == "xlsx" else [as_csv(r) for r in expected])
    assert not export.personal_data


def test_an_export_of_a_day_with_nothing_has_only_the_header(street_admin, export_as):
    export = export_as(street_admin, "ledger", "xlsx", start=date(2025, 1, 1), end=date(2025, 1, 1), language="en")

    assert read_rows(export) == [
        [
            "Entry ID",
            "Time",
            "Rider ID",
            "Rider",
            "Rider's phone",
            "Rider's community",
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

    assert read_rows(export_as(reviewer, "claims", "xlsx"))[1][8] == 2.5
