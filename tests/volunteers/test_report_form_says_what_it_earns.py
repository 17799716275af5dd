"""A rider opens 线索上报 and reads what an accepted report earns them: 受理后可得 20 积分。, or,
for a micro-grid member, 您是微网格员：受理后可得 30 积分。. The form used to say only
线索被受理后发放积分 with no number. The amount comes from the rule the acceptance pays by
(reports.selectors.acceptance_rule, the one choice the payout makes too), so what the form
says is what the rider is paid, also once staff switch the micro-grid rule off."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from points.models import Account, Rule
from volunteers.models import GridAppointment, Report

pytestmark = pytest.mark.django_db

NEW = reverse("volunteers:report_new")


def earns_line(html: str) -> str:
    found = re.search(r'<p data-testid="report-earns">(.*?)</p>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


def appoint(rider) -> None:
    GridAppointment.objects.create(rider=rider, area="成龙路第3网格", appointed_on=date(2026, 1, 5), certificate_number="WG-7")


def report_and_accept(client, staff) -> int:
    """The rider sends a report from the form; staff accept it. The rider's balance after."""
    client.post(NEW, {"category": "public_facility", "description": "路灯不亮了，晚上很黑", "address": "龙湖小区2号门旁"})
    report = Report.objects.get()
    staff.post(f"/staff/reports/{report.pk}/transition/", {"status": Report.Status.ACCEPTED})
    return Account.objects.get(rider=report.reporter).balance


def test_a_rider_reads_what_an_accepted_report_earns_and_is_paid_it(rider, client_for, staff):
    client = client_for(rider)

    assert earns_line(client.get(NEW).content.decode()) == "受理后可得 20 积分。"
    assert report_and_accept(client, staff) == 20


def test_a_micro_grid_member_reads_their_own_rules_amount_and_is_paid_it(rider, client_for, staff):
    appoint(rider)
    client = client_for(rider)

    assert earns_line(client.get(NEW).content.decode()) == "您是微网格员：受理后可得 30 积分。"
    assert report_and_accept(client, staff) == 30


def test_with_the_micro_grid_rule_switched_off_a_member_reads_the_ordinary_amount(rider, client_for, staff):
    appoint(rider)
    Rule.objects.filter(code=Rule.REPORT_ACCEPTED_GRID).update(active=False)
    client = client_for(rider)

    assert earns_line(client.get(NEW).content.decode()) == "受理后可得 20 积分。"
    assert report_and_accept(client, staff) == 20


def test_with_both_rules_switched_off_the_form_promises_no_amount(rider, client_for):
    Rule.objects.filter(code__in=[Rule.REPORT_ACCEPTED, Rule.REPORT_ACCEPTED_GRID]).update(active=False)

    assert 'data-testid="report-earns"' not in client_for(rider).get(NEW).content.decode()


def test_in_english(rider, other_rider, client_for):
    appoint(other_rider)
    for who, expected in (
        (rider, "Earns 20 points once accepted."),
        (other_rider, "Earns 30 points once accepted, as a micro-grid member."),
    ):
        client = client_for(who)
        client.cookies["django_language"] = "en"
        assert earns_line(client.get(NEW).content.decode()) == expected
