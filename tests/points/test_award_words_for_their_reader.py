"""What the programme paid for reads in the language of whoever reads it, wherever it is shown, not
in the language of the reviewer who accepted it: the street office's page of a rider's balance
builds each line when shown (as the rider's passbook does), and the "points received" notice is
written in its recipient's language, in the inbox and in the SMS alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from friendlystreet.notifications.models import Delivery, Notification
from points.models import LedgerEntry, Rule
from tests.points.factories import ClaimFactory, RuleFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import Activity, Report, ReportUpdate

pytestmark = pytest.mark.django_db

WRITTEN = "消防通道被电动车堵住"


def reads(client_for, user, language: str):
    client = client_for(user)
    client.cookies["django_language"] = language
    return client


def reported(rider, description: str = WRITTEN) -> Report:
    report = Report.objects.create(reporter=rider, category="fire_lane", description=description, address="成龙路168号")
    ReportUpdate.objects.create(report=report, status=Report.Status.SUBMITTED, author=rider)
    return report


def accept(staff, report: Report) -> None:
    response = staff.post(reverse("volunteers:staff_report_transition", args=[report.pk]), {"status": "accepted", "note": ""})
    assert response.status_code == 302


def balance_lines(client, rider) -> list[str]:
    html = client.get(reverse("points:balance_rider", args=[rider.pk])).content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row.split("</tr>")[0] for row in body.split("<tr>")[1:]]


def test_the_street_office_reading_english_sees_lines_written_in_chinese_in_english(client_for, reviewer, street_admin, rider):
    report = reported(rider)  # the rider reads the site's language: the line is stored in Chinese
    accept(reads(client_for, reviewer, "zh-hans"), report)

    (line,) = balance_lines(reads(client_for, street_admin, "en"), rider)

    # The rule by its English name (points migration 0014), the report as the page reads it.
    # Cut at 30 characters: where depends on how many digits the report's number has (PostgreSQL's
    # sequences are not reset between tests).
    assert f"Report on a local issue accepted · Report #{report.pk} (Blocked fire" in line
    assert "号线索" not in line


def test_and_lines_written_in_english_in_chinese_for_a_chinese_reader(client_for, reviewer, street_admin, rider):
    speaks(rider, "en")  # the line is stored in the reporter's language
    report = reported(rider)
    accept(reads(client_for, reviewer, "en"), report)

    (line,) = balance_lines(reads(client_for, street_admin, "zh-hans"), rider)

    stored = LedgerEntry.objects.get(claim__source="report").description
    assert f"Report #{report.pk} (Blocked fire" in stored and stored.endswith("…")
    assert f"治理线索被采纳 · 第{report.pk}号线索（消防通道堵塞）：{WRITTEN}" in line
    assert "Report #" not in line


def test_the_balance_page_costs_one_query_per_kind_however_many_lines(client_for, reviewer, street_admin, rider):
    staff = reads(client_for, reviewer, "zh-hans")

    def pay(n: int) -> None:
        for _ in range(n):
            accept(staff, reported(rider, "垃圾没人清"))
            signup = SignupFactory(activity=ActivityFactory(), rider=rider)
            claim = ClaimFactory(rider=rider, rule=RuleFactory(), source="activity", source_ref=signup.claim_ref)
            staff.post(reverse("points:claim_approve", args=[claim.pk]))

    def queries() -> tuple[int, int]:
        client = reads(client_for, street_admin, "en")
        url = reverse("points:balance_rider", args=[rider.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        ours = [q for q in ctx.captured_queries if "volunteers_report" in q["sql"] or "volunteers_signup" in q["sql"]]
        return len(ctx.captured_queries), len(ours)

    pay(1)
    small = queries()
    pay(6)
    large = queries()

    assert len(balance_lines(reads(client_for, street_admin, "en"), rider)) == 14
    assert small == large
    assert large[1] == 2  # the reports on the page, the sign-ups with their activities


def speaks(rider, language: str) -> None:
    rider.language = language  # chosen on the site: what we send them is written in it
    rider.save(update_fields=["language"])


def notice_and_sms(rider) -> tuple[str, str]:
    notice = Notification.objects.get(recipient=rider, kind="points_awarded")
    (sms,) = Delivery.objects.filter(notification=notice, channel="sms").values_list("text", flat=True)
    return notice.body, sms


def attended(rider) -> Activity:
    rule = RuleFactory(name="志愿服务", unit=Rule.Unit.HOUR, rider_claimable=False)
    activity = ActivityFactory(title="街道清洁日", rule=rule)  # two hours
    SignupFactory(activity=activity, rider=rider)
    return activity


def check_in(staff, activity: Activity, rider) -> None:
    staff.post(reverse("volunteers:staff_checkin", args=[activity.pk]), {"code": rider.phone[3:]})


def test_a_rider_reading_english_is_told_in_english_of_an_attendance_a_chinese_reviewer_recorded(client_for, reviewer, rider):
    speaks(rider, "en")
    activity = attended(rider)

    check_in(reads(client_for, reviewer, "zh-hans"), activity, rider)

    said = "You received 20 points for 志愿服务 × 2 h · 街道清洁日."
    inbox = reads(client_for, rider, "en").get(reverse("notifications:inbox")).content.decode()
    assert said in inbox
    body, sms = notice_and_sms(rider)
    assert said in body and said in sms
    assert "小时" not in body + sms


def test_a_rider_reading_chinese_is_told_in_chinese_when_an_english_reviewer_recorded_it(client_for, reviewer, rider):
    speaks(rider, "zh-hans")
    activity = attended(rider)

    check_in(reads(client_for, reviewer, "en"), activity, rider)

    body, sms = notice_and_sms(rider)
    assert "志愿服务 × 2 小时 · 街道清洁日" in body and "志愿服务 × 2 小时 · 街道清洁日" in sms
    assert " h " not in body + sms


def test_a_report_paid_through_the_queue_is_named_in_the_riders_language(client_for, reviewer, rider):
    """A claim another app made for a report, approved on the review page by a reviewer reading
    Chinese: the notice names the report as the rider reads it (its stored words are Chinese)."""
    speaks(rider, "en")
    report = reported(rider)
    claim = ClaimFactory(
        rider=rider, source="report", source_ref=report.claim_ref, description=f"第{report.pk}号线索（消防通道堵塞）：{WRITTEN}"
    )

    reads(client_for, reviewer, "zh-hans").post(reverse("points:claim_approve", args=[claim.pk]))

    body, sms = notice_and_sms(rider)
    said = f"You received 10 points for {claim.rule.name} · Report #{report.pk} (Blocked fire"
    assert said in body and said in sms
    assert "…." in body and "…." in sms  # the subject cut at 30 characters
    assert "号线索" not in body + sms
