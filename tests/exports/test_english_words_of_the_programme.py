"""An export written in English reads in English wherever the programme wrote the words, as the
rider's passbook and claims read them (points.selectors.entry_text, paid_for): a ledger entry
says what it paid for by the rule's English name, "Report #13 (Blocked fire lane): …" and the
reward's English title, not the Chinese words stored when it was written; the claims name their
category and rule in English, the vouchers their reward. What people typed stays as typed (a
rider's description, a report's text, a staff reason). A Chinese export keeps the stored words,
as the street office files them. The English words cost one query per kind of object a chunk of
rows refers to, however many rows."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from friendlystreet.ledgers.registry import ExportScope
from points.exports import claim_rows, ledger_rows
from points.models import Claim, LedgerEntry
from points.rewards.services import voucher_cancel
from points.services import balance_adjust, claim_approve
from tests.exports.conftest import read_rows
from tests.points.factories import CategoryFactory, ClaimFactory, RuleFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from volunteers.models import Report
from volunteers.reports.services import report_submit, report_transition

pytestmark = pytest.mark.django_db

WRITTEN = "消防通道被电动车堵住"


@pytest.fixture
def month(rider, reviewer, street_admin) -> dict:
    """A rider's day: a report accepted by a reviewer reading Chinese, a claim of their own
    approved, a haircut bought and given back, and a correction by the street office."""
    report = report_submit(rider=rider, category="fire_lane", description=WRITTEN, address="成龙路168号").report
    report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED, note="已派人查看")
    category = CategoryFactory(name="邻里互助", name_en="Neighbourly help")
    rule = RuleFactory(name="扶老人过马路", name_en="Helping an elder cross", category=category)
    claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule, description="在成龙路口扶了一位老人"))
    give_points(rider, 100)
    voucher = issue(rider, RewardFactory(title="免费快剪", title_en="Free haircut", cost=30))
    voucher_cancel(rider=rider, code=voucher.code)
    balance_adjust(actor=street_admin, rider=rider, amount=5, reason="补录上周的活动")
    return {"report": report, "voucher": voucher}


def column(rows: list[list], heading: str) -> list:
    at = rows[0].index(heading)
    return [row[at] for row in rows[1:]]


def export(export_as, street_admin, kind: str, fmt: str, language: str) -> list[list]:
    today = timezone.localdate()
    return read_rows(export_as(street_admin, kind, fmt, language=language, start=today, end=today))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_english_ledger_says_what_each_entry_was_for_in_english(street_admin, export_as, month, fmt):
    rows = export(export_as, street_admin, "ledger", fmt, "en")
    report, voucher = month["report"], month["voucher"]

    paid_for_the_report, *others = column(rows, "Description")
    # The rule's English name, then the report as the passbook shortens it.
    assert paid_for_the_report.startswith("Report on a local issue accepted · ")
    # Cut to the passbook's length, so how much of the subject shows depends on the report's
    # number (one digit on SQLite, more on PostgreSQL, whose sequences outlive each test).
    assert f"· Report #{report.pk} (Blocked" in paid_for_the_report and paid_for_the_report.endswith("…")
    assert others == [
        "Helping an elder cross",
        "Adjustment by the street office",  # the test's opening balance
        f"Free haircut · {voucher.venue.name}",
        "Cancelled: Free haircut",
        "Adjustment by the street office",
    ]
    # The reason staff typed stays as typed.
    assert column(rows, "Reason")[-1] == "补录上周的活动"


def test_the_chinese_ledger_keeps_the_words_stored_with_each_entry(street_admin, export_as, month):
    rows = export(export_as, street_admin, "ledger", "csv", "zh-hans")

    assert column(rows, "说明") == list(LedgerEntry.objects.order_by("id").values_list("description", flat=True))
    assert "号线索" in column(rows, "说明")[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_english_claims_name_category_rule_and_report_in_english(street_admin, export_as, month, fmt):
    rows = export(export_as, street_admin, "claims", fmt, "en")
    report = month["report"]

    assert column(rows, "Category")[1] == "Neighbourly help"
    assert column(rows, "Rule")[1] == "Helping an elder cross"
    assert column(rows, "Description") == [
        f"Report #{report.pk} (Blocked fire lane): {WRITTEN}",  # the report's text as the rider wrote it
        "在成龙路口扶了一位老人",  # the rider's own words, as typed
    ]


def test_the_chinese_claims_keep_the_chinese_names_and_stored_words(street_admin, export_as, month):
    rows = export(export_as, street_admin, "claims", "csv", "zh-hans")

    assert column(rows, "类别")[1] == "邻里互助"
    assert column(rows, "规则")[1] == "扶老人过马路"
    assert column(rows, "说明") == list(Claim.objects.order_by("id").values_list("description", flat=True))


def test_the_vouchers_name_the_reward_in_the_files_language(street_admin, export_as, month):
    assert column(export(export_as, street_admin, "vouchers", "xlsx", "en"), "Reward") == ["Free haircut"]
    assert column(export(export_as, street_admin, "vouchers", "csv", "zh-hans"), "奖品") == ["免费快剪"]


def test_the_english_words_cost_one_query_per_kind_of_object_however_many_rows(rider, reviewer):
    def pay_for_a_report() -> None:
        report = report_submit(rider=rider, category="sanitation", description="垃圾没人清", address="成龙路1号").report
        report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED)

    def queries(rows, language: str) -> int:
        scope = ExportScope(start=timezone.localdate(), end=timezone.localdate())
        with translation.override(language), CaptureQueriesContext(connection) as ctx:
            list(rows(scope))
        return len(ctx.captured_queries)

    pay_for_a_report()
    small = [queries(rows, language) for rows in (ledger_rows, claim_rows) for language in ("en", "zh-hans")]
    with transaction.atomic():
        for _ in range(5):
            pay_for_a_report()
    large = [queries(rows, language) for rows in (ledger_rows, claim_rows) for language in ("en", "zh-hans")]

    assert small == large
    # The communities' names and the rows; in English one more, for the reports paid for.
    assert large == [3, 2, 3, 2]


def test_the_english_ledger_says_of_each_entry_what_the_riders_passbook_says(street_admin, export_as, api_for, rider, month):
    """A ledger line reads one way wherever it is read (points.selectors.entry_text, from what
    selectors.TEXT_FIELDS loads): the street office's English file says of every entry of the
    rider's month what the rider's own passbook says of it, in the same words."""
    passbook = api_for(rider).get("/api/v1/me/ledger/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    rows = export(export_as, street_admin, "ledger", "xlsx", "en")

    assert column(rows, "Entry ID") == [entry["id"] for entry in reversed(passbook)]
    assert column(rows, "Description") == [entry["description"] for entry in reversed(passbook)]
    assert "Cancelled: Free haircut" in column(rows, "Description")
