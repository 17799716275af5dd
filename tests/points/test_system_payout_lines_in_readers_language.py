"""What the programme paid for reads in the reader's language: a passbook line, the ledger API and
the claims API build "Report #13 (Blocked fire lane): …" (第13号线索（消防通道堵塞）：…) when shown,
from the report the claim paid for, not from the words stored when a Chinese-speaking reviewer
accepted it; an attendance names its activity as it is now. A claim whose object is gone shows
its stored words. One query per kind of object on a page, however many lines."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from points import services
from points.models import Claim
from tests.points.factories import ClaimFactory, RuleFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import Report
from volunteers.reports.services import report_submit, report_transition

pytestmark = pytest.mark.django_db

WRITTEN = "消防通道被电动车堵住"


@pytest.fixture
def accepted(rider, reviewer) -> Report:
    """The rider reported a blocked fire lane; a reviewer reading Chinese accepted it (20 points)."""
    report = report_submit(rider=rider, category="fire_lane", description=WRITTEN, address="成龙路168号").report
    report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED, note="已派人查看")
    assert Claim.objects.get(source="report").description.startswith(f"第{report.pk}号线索")  # stored so
    return report


def passbook_lines(client_for, rider, language: str) -> list[str]:
    page = client_for(rider)
    page.cookies["django_language"] = language
    return [entry.text for entry, _kind in page.get("/points/").context["rows"]]


def test_a_rider_reading_english_sees_their_accepted_report_in_english(client_for, rider, accepted):
    (line,) = passbook_lines(client_for, rider, "en")

    assert f"· Report #{accepted.pk} (Blocked fire" in line
    assert "号线索" not in line


def test_the_same_line_reads_chinese_for_a_chinese_reader(client_for, rider, accepted):
    (line,) = passbook_lines(client_for, rider, "zh-hans")

    assert line.endswith(f"· 第{accepted.pk}号线索（消防通道堵塞）：{WRITTEN}")


def test_the_app_reads_the_report_in_its_language(api_for, rider, accepted):
    client = api_for(rider)
    (entry,) = client.get("/api/v1/me/ledger/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    (claim,) = client.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    one = client.get(f"/api/v1/claims/{claim['id']}/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert f"· Report #{accepted.pk} (Blocked fire" in entry["description"]
    assert claim["description"] == one["description"] == f"Report #{accepted.pk} (Blocked fire lane): {WRITTEN}"
    chinese = client.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"][0]
    assert chinese["description"] == f"第{accepted.pk}号线索（消防通道堵塞）：{WRITTEN}"


def test_the_claims_page_says_what_it_paid_for_in_english(client_for, rider, accepted):
    page = client_for(rider)
    page.cookies["django_language"] = "en"
    claim = Claim.objects.get(source="report")

    html = page.get(f"/points/claims/{claim.pk}/").content.decode()

    assert f"Report #{accepted.pk} (Blocked fire lane): {WRITTEN}" in html


def test_an_attendance_names_its_activity_as_it_is_now(client_for, reviewer, rider):
    activity = ActivityFactory(title="街道清洁日")
    SignupFactory(activity=activity, rider=rider)
    client_for(reviewer).post(f"/staff/activities/{activity.pk}/checkin/", {"code": rider.phone[3:]})
    activity.title = "成龙路街道清洁日"  # staff corrected the title afterwards
    activity.save(update_fields=["title"])

    (line,) = passbook_lines(client_for, rider, "en")

    assert line.endswith("· 成龙路街道清洁日")


def test_a_claim_whose_report_is_gone_shows_its_stored_words(client_for, rider, reviewer):
    claim = ClaimFactory(rider=rider, source="report", source_ref="report-999999", description="第999999号线索（其他）：旧")
    services.claim_approve(actor=reviewer, claim=claim)

    (line,) = passbook_lines(client_for, rider, "en")

    assert line.endswith("· 第999999号线索（其他）：旧")


def queries(client, url: str) -> tuple[int, int]:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries), len([q for q in ctx.captured_queries if "volunteers_" in q["sql"]])


def test_the_lines_cost_one_query_per_kind_however_many(client_for, api_for, rider, reviewer):
    def pay(n: int) -> None:
        for _ in range(n):
            report = report_submit(rider=rider, category="sanitation", description="垃圾没人清", address="成龙路1号").report
            report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED)
            signup = SignupFactory(activity=ActivityFactory(), rider=rider)
            claim = ClaimFactory(rider=rider, rule=RuleFactory(), source="activity", source_ref=signup.claim_ref)
            services.claim_approve(actor=reviewer, claim=claim)

    pay(1)
    small = [queries(client_for(rider), "/points/"), queries(api_for(rider), "/api/v1/me/ledger/")]
    small.append(queries(api_for(rider), "/api/v1/claims/"))
    pay(6)
    large = [queries(client_for(rider), "/points/"), queries(api_for(rider), "/api/v1/me/ledger/")]
    large.append(queries(api_for(rider), "/api/v1/claims/"))

    assert small == large
    # The reports and the sign-ups (with their activities) on the page: one query each.
    assert [ours for _total, ours in large] == [2, 2, 2]
