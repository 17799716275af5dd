"""A street admin reading the audit trail opens a sign-up's activity roster from the entry (a
sign-up has no page of its own: it is a row of the roster), and gets no "Open its page" link to
a claim or a report deleted since, which would only lead to "not found". Both cost one query per
type of object on the page, whatever the number of entries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendlystreet.audit.services import audit_record
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.reports.services import report_submit

pytestmark = pytest.mark.django_db

URL = "/staff/audit/"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def links_by_entry(body: str) -> dict[str, str]:
    """{entry id: its "Open its page" link} of the trail's entries that have one."""
    links = {}
    for entry_id, html in re.findall(r'data-entry-id="(\d+)"(.*?)</li>', body, re.S):
        found = re.search(r'<a href="([^"]*)" data-testid="audit-object-page">打开页面</a>', html)
        if found:
            links[entry_id] = found.group(1)
    return links


def test_a_sign_up_links_to_its_activitys_roster(client_for, street_admin, rider):
    activity = ActivityFactory(title="春季清洁")
    signup = SignupFactory(activity=activity, rider=rider)
    entry = audit_record(actor=rider, action="volunteers.signed_up", target=signup, data={"status": "registered"})

    client = client_for(street_admin)
    links = links_by_entry(client.get(URL, **ZH).content.decode())

    assert links[str(entry.pk)] == f"/staff/activities/{activity.pk}/"
    assert client.get(links[str(entry.pk)]).status_code == 200


def test_a_deleted_claim_or_report_gets_no_link_an_existing_one_does(client_for, street_admin, reviewer, rider):
    kept, gone = ClaimFactory(rider=rider), ClaimFactory(rider=rider)
    kept_entry = audit_record(actor=rider, action="points.claim_submitted", target=kept)
    gone_entry = audit_record(actor=rider, action="points.claim_submitted", target=gone)
    report = report_submit(
        rider=rider, category="sanitation", description="消防通道旁堆满了装修垃圾", address="成龙路168号"
    ).report
    report_entry = audit_record(actor=rider, action="volunteers.report_submitted", target=report)
    gone.delete()
    report.delete()

    links = links_by_entry(client_for(street_admin).get(URL, **ZH).content.decode())

    assert links.get(str(kept_entry.pk)) == f"/staff/claims/{kept.pk}/"
    assert str(gone_entry.pk) not in links
    assert str(report_entry.pk) not in links


def test_links_cost_one_query_per_type_of_object_whatever_the_entries(client_for, street_admin):
    rule = RuleFactory(points=10)

    def entries(n: int) -> None:
        for _ in range(n):
            rider = RiderFactory()
            audit_record(actor=rider, action="points.claim_submitted", target=ClaimFactory(rider=rider, rule=rule))
            audit_record(actor=rider, action="volunteers.signed_up", target=SignupFactory(rider=rider))

    client = client_for(street_admin)
    entries(1)
    client.get(URL)  # warm up (content types, session)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    entries(5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)

    assert len(many.captured_queries) == len(few.captured_queries)
    for table in ("points_claim", "volunteers_signup"):
        assert sum(f'FROM "{table}"' in q["sql"] for q in many.captured_queries) == 1, table
    assert len(links_by_entry(response.content.decode())) == 12
