"""孙浩 reports a lot: the street office capped what accepted reports pay (the ordinary rule: at
most 20 points a day, 50 a month). The report form said 受理后可得 20 积分。 whatever he had
earned, though once the cap is reached an accepted report pays less, or nothing. It now says
what accepting the report he is writing would pay him now, the caps applied by the points app's
one computation (points.selectors.expected_awards, as the claim list's "expected +N" says it),
and once nothing is left, which cap: 今日已达上限 / 本月已达上限，受理后不再加分。 What the form
says is what the acceptance pays."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from points.models import Account, Rule
from tests.volunteers.test_report_form_says_what_it_earns import earns_line
from volunteers.models import GridAppointment, Report

pytestmark = pytest.mark.django_db

NEW = reverse("volunteers:report_new")


def capped(code: str = Rule.REPORT_ACCEPTED, *, day: int | None = None, month: int | None = None) -> None:
    Rule.objects.filter(code=code).update(max_per_day=day, max_per_month=month)


def report_accepted(client, staff, text: str = "路灯不亮了，晚上很黑") -> int:
    """The rider sends a report from the form; staff accept it. The rider's balance after."""
    client.post(NEW, {"category": "public_facility", "description": text, "address": "龙湖小区2号门旁"})
    report = Report.objects.latest("pk")
    staff.post(f"/staff/reports/{report.pk}/transition/", {"status": Report.Status.ACCEPTED})
    return Account.objects.get(rider=report.reporter).balance


def test_a_rider_near_the_monthly_cap_reads_what_is_left_and_is_paid_it(rider, client_for, staff):
    capped(month=50)
    client = client_for(rider)
    assert report_accepted(client, staff, "路灯不亮了") == 20
    assert report_accepted(client, staff, "井盖松动") == 40

    assert earns_line(client.get(NEW).content.decode()) == "受理后可得 10 积分。"
    assert report_accepted(client, staff, "消防通道被堵") == 50
    assert earns_line(client.get(NEW).content.decode()) == "本月已达上限，受理后不再加分。"
    assert report_accepted(client, staff, "垃圾堆积") == 50


def test_a_rider_at_the_daily_cap_reads_that_today_pays_nothing_more(rider, client_for, staff):
    capped(day=20, month=100)
    client = client_for(rider)
    client.cookies["django_language"] = "en"
    assert earns_line(client.get(NEW).content.decode()) == "Earns 20 points once accepted."
    assert report_accepted(client, staff) == 20

    assert earns_line(client.get(NEW).content.decode()) == "You have reached today's cap: no points for now."
    assert report_accepted(client, staff, "井盖松动") == 20


def test_a_micro_grid_member_reads_their_own_rules_cap(rider, client_for, staff):
    GridAppointment.objects.create(rider=rider, area="成龙路第3网格", appointed_on=date(2026, 1, 5), certificate_number="WG-7")
    capped(Rule.REPORT_ACCEPTED_GRID, month=40)
    client = client_for(rider)
    assert report_accepted(client, staff) == 30

    assert earns_line(client.get(NEW).content.decode()) == "您是微网格员：受理后可得 10 积分。"
    client.cookies["django_language"] = "en"
    assert earns_line(client.get(NEW).content.decode()) == "Earns 10 points once accepted, as a micro-grid member."
    assert report_accepted(client, staff, "井盖松动") == 40
    assert earns_line(client.get(NEW).content.decode()) == "You have reached this month's cap: no points for now."
