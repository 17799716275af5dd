"""Staff filter the reports by "overdue" and "micro-grid members' reports", in the app and on
the triage page, and both read the two flags as every flag of the site (`?open_now=`,
`?mine=`): `?overdue=` (empty) and `?overdue=0` are no, in the app not a 400 and on the page
not a hidden yes; text nobody can read is a 400 naming it in the app, and on the page a filter
it drops."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.flags import JUNK, NO, YES
from volunteers.models import GridAppointment, Report, ReportUpdate

pytestmark = pytest.mark.django_db

S = Report.Status


def a_report(reporter, *, age: timedelta) -> Report:
    report = Report.objects.create(
        reporter=reporter,
        status=S.SUBMITTED,
        category="sanitation",
        description="消防通道旁堆满了装修垃圾",
        address="成龙路168号",
    )
    ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=reporter)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - age)
    return report


@pytest.fixture
def fresh_and_late(rider, other_rider):
    """A fresh report of a rider, and an overdue one of a micro-grid member."""
    GridAppointment.objects.create(rider=other_rider, area="成龙路北段", appointed_on=date(2025, 1, 1), certificate_number="WG-1")
    return a_report(rider, age=timedelta(minutes=5)), a_report(other_rider, age=timedelta(hours=49))


def in_the_app(api_for, staff_user, name: str, value: str) -> set[int]:
    response = api_for(staff_user).get("/api/v1/reports/", {name: value})
    assert response.status_code == 200, (name, value, response.content)
    return {r["id"] for r in response.json()["results"]}


def on_the_page(client_for, staff_user, name: str, value: str) -> set[int]:
    response = client_for(staff_user).get("/staff/reports/", {name: value})
    assert response.status_code == 200, (name, value)
    return {int(x) for x in re.findall(r'data-testid="report-row" data-report-id="(\d+)"', response.content.decode())}


@pytest.mark.parametrize("name", ["overdue", "grid"])
@pytest.mark.parametrize("value", YES)
def test_yes_lists_the_late_report_of_the_micro_grid_member(api_for, client_for, street_admin, fresh_and_late, name, value):
    _fresh, late = fresh_and_late

    assert in_the_app(api_for, street_admin, name, value) == {late.pk} == on_the_page(client_for, street_admin, name, value)


@pytest.mark.parametrize("name", ["overdue", "grid"])
@pytest.mark.parametrize("value", NO)
def test_no_or_nothing_lists_every_open_report(api_for, client_for, street_admin, fresh_and_late, name, value):
    everything = {r.pk for r in fresh_and_late}

    assert in_the_app(api_for, street_admin, name, value) == everything == on_the_page(client_for, street_admin, name, value)


@pytest.mark.parametrize("name", ["overdue", "grid"])
def test_the_app_is_told_which_parameter_it_cannot_read(api_for, street_admin, fresh_and_late, name):
    response = api_for(street_admin).get("/api/v1/reports/", {name: JUNK}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["fields"] == {name: ["Must be a valid boolean."]}


@pytest.mark.parametrize("name", ["overdue", "grid"])
def test_the_page_drops_a_filter_it_cannot_read(client_for, street_admin, fresh_and_late, name):
    assert on_the_page(client_for, street_admin, name, JUNK) == {r.pk for r in fresh_and_late}


def test_a_rider_sending_a_flag_it_cannot_read_is_told_too(api_for, rider):
    # The filters are staff's; a rider's are checked all the same (and ignored).
    response = api_for(rider).get("/api/v1/reports/", {"grid": JUNK}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["grid"]


@pytest.mark.parametrize(("bad", "kept"), [("grid", "overdue"), ("overdue", "grid")])
def test_a_flag_the_page_cannot_read_drops_itself_not_the_other_filters(client_for, street_admin, fresh_and_late, bad, kept):
    _fresh, late = fresh_and_late
    fire_lane = a_report(street_admin, age=timedelta(hours=50))
    Report.objects.filter(pk=fire_lane.pk).update(category="fire_lane")

    page = client_for(street_admin).get("/staff/reports/", {"category": "sanitation", kept: "1", bad: JUNK})

    assert page.status_code == 200
    html = page.content.decode()
    assert {int(x) for x in re.findall(r'data-testid="report-row" data-report-id="(\d+)"', html)} == {late.pk}
    assert '<option value="sanitation" selected>' in html  # the form still shows what is applied
    assert re.search(rf'name="{kept}" value="1" id="f-{kept}" checked', html)
    assert not re.search(rf'name="{bad}" value="1" id="f-{bad}" checked', html)
