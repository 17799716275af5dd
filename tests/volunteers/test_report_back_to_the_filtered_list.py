"""A reviewer working through a filtered list of reports (overdue only, sanitation, assigned to
them) opens one, answers it, assigns it, sets its community, and goes back to the list: the
list they come back to is the one they filtered, not every open report. Before, the report's
"← Neighbourhood reports" dropped the filters and each answer cost choosing them again."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ReviewerFactory, RiderFactory
from tests.venues.factories import CommunityFactory
from volunteers.models import Report, ReportUpdate

pytestmark = pytest.mark.django_db

FILTERED = "/staff/reports/?category=sanitation&overdue=1&assigned=me"


def overdue_report(assigned_to) -> Report:
    rider = RiderFactory()
    report = Report.objects.create(
        reporter=rider, category="sanitation", description="绿化带里堆了装修垃圾", address="静康路路口", assigned_to=assigned_to
    )
    ReportUpdate.objects.create(report=report, status=Report.Status.SUBMITTED, author=rider)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=3))
    return report


def href(html: str, element_id: str) -> str:
    return re.search(r'<a href="([^"]*)" id="' + element_id + '"', html).group(1).replace("&amp;", "&")


def action(html: str, form_id: str) -> str:
    return re.search(r'<form method="post" action="([^"]*)"[^>]*id="' + form_id + '"', html).group(1).replace("&amp;", "&")


def test_the_way_back_from_a_report_keeps_the_lists_filters(client_for):
    reviewer = ReviewerFactory()
    report = overdue_report(reviewer)
    community = CommunityFactory()
    client = client_for(reviewer)

    listed = client.get(FILTERED).content.decode()
    opened = re.search(r'<a href="([^"]*)" class="rs-open"', listed).group(1).replace("&amp;", "&")
    assert opened.startswith(f"/staff/reports/{report.pk}/?")
    page = client.get(opened).content.decode()
    back = href(page, "back-to-list")
    assert client.get(back).content.decode().count('data-testid="report-row"') == 1
    assert sorted(back.split("?")[1].split("&")) == ["assigned=me", "category=sanitation", "overdue=1"]

    # Accepted with a note: back on the report, the way back still leads to the filtered list.
    answered = client.post(action(page, "transition-form"), {"status": "accepted", "note": "已转环卫"})
    assert answered.status_code == 302
    page = client.get(answered.url).content.decode()
    assert href(page, "back-to-list") == back
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED

    # A refused answer (an update with no note) keeps them too.
    refused = client.post(action(page, "transition-form"), {"status": "keep", "note": ""})
    page = client.get(refused.url).content.decode()
    assert href(page, "back-to-list") == back

    set_community = client.post(action(page, "community-form"), {"community": community.pk})
    page = client.get(set_community.url).content.decode()
    assert href(page, "back-to-list") == back

    assigned = client.post(action(page, "assign-form"), {"assigned_to": reviewer.pk})
    assert href(client.get(assigned.url).content.decode(), "back-to-list") == back


def test_the_default_list_opens_reports_at_their_plain_address(client_for):
    reviewer = ReviewerFactory()
    report = overdue_report(None)
    client = client_for(reviewer)
    listed = client.get("/staff/reports/").content.decode()
    assert f'<a href="/staff/reports/{report.pk}/" class="rs-open">' in listed
    page = client.get(f"/staff/reports/{report.pk}/").content.decode()
    assert href(page, "back-to-list") == "/staff/reports/"
