"""A rider who was not sure which community (社区) a problem is in files it as 不确定: staff who
triage set it on the report's page. The report is then found by the triage list's community
filter and counted under that community on the public page of resolved problems. Through the
reports service (the triage permission checked there too), audited, one transaction."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from friendlystreet.audit.models import AuditEntry
from tests.venues.factories import CommunityFactory
from volunteers.models import Report
from volunteers.reports import errors
from volunteers.reports.services import report_set_community, report_submit, report_transition

pytestmark = pytest.mark.django_db

S = Report.Status
RESOLVED = reverse("volunteers:report_map")


def unsure_report(rider) -> Report:
    """Filed with a pin and 社区：不确定."""
    return report_submit(rider=rider, category="sanitation", description="垃圾堆了三天没人清", lat=30.615, lng=104.115).report


def page(report) -> str:
    return reverse("volunteers:staff_report_detail", args=[report.pk])


def set_url(report) -> str:
    return reverse("volunteers:staff_report_community", args=[report.pk])


def test_a_reviewer_sets_the_community_the_rider_was_not_sure_of(client_for, reviewer, rider):
    jinhua = CommunityFactory(name="锦华社区")
    report = unsure_report(rider)
    staff = client_for(reviewer)

    html = staff.get(page(report)).content.decode()
    assert 'id="community-form"' in html
    assert 'data-testid="no-community"' in html  # says why it matters
    assert f'<option value="{jinhua.pk}">锦华社区</option>' in html

    response = staff.post(set_url(report), {"community": jinhua.pk})

    assert response.status_code == 302 and response.url == page(report)  # back to the page (a reload re-sends nothing)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"线索 #{report.pk} 已归入社区：锦华社区。"]
    report.refresh_from_db()
    assert report.community == jinhua
    entry = AuditEntry.objects.get(action="volunteers.report_community_set")
    assert (entry.actor, entry.data) == (reviewer, {"from": None, "to": jinhua.pk})

    # the triage list's community filter finds it now
    listed = staff.get(reverse("volunteers:staff_report_list"), {"community": jinhua.pk}).content.decode()
    assert page(report) in listed
    html = staff.get(page(report)).content.decode()
    assert f'<option value="{jinhua.pk}" selected>锦华社区</option>' in html
    assert 'data-testid="no-community"' not in html


def test_a_resolved_report_given_its_community_is_counted_there_on_the_public_page(client_for, client, reviewer, rider):
    jinhua = CommunityFactory(name="锦华社区")
    report = unsure_report(rider)
    report_transition(actor=reviewer, report=report, status=S.ACCEPTED)
    report_transition(actor=reviewer, report=report, status=S.RESOLVED, note="已清运")
    assert "锦华社区" not in client.get(RESOLVED).content.decode()  # the public page was read (and cached) before

    client_for(reviewer).post(set_url(report), {"community": jinhua.pk})

    html = client.get(RESOLVED).content.decode()
    assert "锦华社区 (1)" in html
    html = client.get(RESOLVED, {"community": jinhua.pk}).content.decode()
    assert len(re.findall(r'<tr data-testid="resolved">', html)) == 1


def test_a_community_set_by_mistake_can_be_corrected_or_taken_back(client_for, street_admin, rider):
    jinhua, yidu = CommunityFactory(name="锦华社区"), CommunityFactory(name="驿都社区")
    report = unsure_report(rider)
    staff = client_for(street_admin)

    staff.post(set_url(report), {"community": jinhua.pk})
    staff.post(set_url(report), {"community": yidu.pk})
    staff.post(set_url(report), {"community": yidu.pk})  # the same again: nothing to record
    staff.post(set_url(report), {"community": ""})

    report.refresh_from_db()
    assert report.community is None
    trail = [e.data for e in AuditEntry.objects.filter(action="volunteers.report_community_set").order_by("id")]
    assert trail == [{"from": None, "to": jinhua.pk}, {"from": jinhua.pk, "to": yidu.pk}, {"from": yidu.pk, "to": None}]


def test_only_staff_who_triage_set_a_community(client_for, rider, other_rider, merchant_a):
    jinhua = CommunityFactory(name="锦华社区")
    report = unsure_report(rider)

    for user in (rider, other_rider, merchant_a):
        assert client_for(user).post(set_url(report), {"community": jinhua.pk}).status_code in (403, 404)
        with pytest.raises(errors.NotAllowed):
            report_set_community(actor=user, report=report, community=jinhua)
    report.refresh_from_db()
    assert report.community is None
    assert not AuditEntry.objects.filter(action="volunteers.report_community_set").exists()


def test_a_community_that_is_no_more_changes_nothing(client_for, reviewer, rider):
    report = unsure_report(rider)

    response = client_for(reviewer).post(set_url(report), {"community": 999999}, follow=True)

    assert response.status_code == 200
    assert "请从列出的社区中选择。" in response.content.decode()
    report.refresh_from_db()
    assert report.community is None
