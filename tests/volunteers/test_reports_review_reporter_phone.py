"""A street admin handling a neighbourhood report may need the reporter's phone (to call and ask
where exactly, or what they saw). The report's page shows it masked, as it shows the name; the
full name and phone are one press away, on a secondary button that reveals them the way a
rider's verification page does (the privacy app's POST, privacy:personal_data), for the reason
handling a report implies, so staff are not asked. Only that press writes an access-log entry
("personal data viewed"). Opening the report, accepting it and the page that comes back write
none: before, every load showed the full phone and wrote one, so triaging a report once left
three "viewed personal data" entries and buried the decisions in the audit trail.
Staff without the personal-data permission (reviewers) read it masked with nothing to press."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.urls import reverse

from friendlystreet.audit.models import AuditEntry
from friendlystreet.privacy.access import PERSONAL_DATA_VIEWED
from tests.factories import RiderFactory
from volunteers.models import Report
from volunteers.reports import errors, services
from volunteers.reports.services import report_submit

pytestmark = pytest.mark.django_db

FULL = "139\u00a01234\u00a05678"  # as every page writes a number
MASKED = "139****5678"


@pytest.fixture
def reporter(db):
    return RiderFactory(display_name="张小骑", phone="+8613912345678")


@pytest.fixture
def report(reporter):
    return report_submit(
        rider=reporter, category="sanitation", description="消防通道旁堆满了装修垃圾", address="成龙路168号"
    ).report


def page(report) -> str:
    return reverse("volunteers:staff_report_detail", args=[report.pk])


def access_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=PERSONAL_DATA_VIEWED))


def reveal_form(html: str) -> tuple[str, dict[str, str], str] | None:
    """The reporter's reveal form on the report's page: where it is sent, its hidden fields (the
    CSRF token aside) and its button's words; None if the page has none."""
    match = re.search(r'<form method="post" action="([^"]+)"[^>]*data-testid="reveal-reporter">(.*?)</form>', html, re.S)
    if match is None:
        return None
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', match.group(2)))
    hidden.pop("csrfmiddlewaretoken", None)
    [button] = re.findall(r'<button type="submit" class="secondary">([^<]+)</button>', match.group(2))
    return match.group(1), {k: htmllib.unescape(v) for k, v in hidden.items()}, button


def test_a_street_admin_opens_a_report_accepts_it_and_reloads_and_no_access_is_logged(client_for, street_admin, report):
    admin = client_for(street_admin)

    html = admin.get(page(report)).content.decode()
    assert f'<span class="muted" data-testid="reporter-phone">{MASKED}</span>' in html
    assert FULL not in html and "13912345678" not in html and "tel:" not in html
    assert access_entries() == []

    response = admin.post(
        reverse("volunteers:staff_report_transition", args=[report.pk]),
        {"status": "accepted", "note": "已受理，明天去现场看。"},
        follow=True,
    )  # the page comes back after the save (POST, redirect, GET)
    assert response.redirect_chain == [(page(report), 302)]
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    assert MASKED in response.content.decode() and FULL not in response.content.decode()

    admin.get(page(report))  # and once more, as a reload
    assert access_entries() == []  # the trail holds the decision only
    assert AuditEntry.objects.filter(target_id=str(report.pk), action__startswith="volunteers.report_").exists()


def test_a_street_admin_presses_reveal_and_sees_the_full_phone_with_exactly_one_entry(client_for, street_admin, report, reporter):
    admin = client_for(street_admin)
    action, fields, button = reveal_form(admin.get(page(report)).content.decode())
    # The rider verification page's reveal, for the reason handling a report implies; it leads back.
    assert action == reverse("privacy:personal_data", args=[reporter.pk])
    assert fields == {"next": page(report), "reason": "complaint"}
    assert button == "显示完整姓名和手机号"

    response = admin.post(action, fields)

    assert response.status_code == 200  # shown on this response, not on a GET a reload would repeat
    html = response.content.decode()
    assert f'<dd data-testid="rider-phone"><a class="tap" href="tel:+8613912345678">{FULL}</a></dd>' in html
    assert '<dd data-testid="rider-name">张小骑</dd>' in html
    assert f'<a href="{page(report)}" id="back">' in html  # back to the report
    assert response["Cache-Control"] == "private, no-store"
    [entry] = access_entries()
    assert (entry.actor, entry.target_id) == (street_admin, str(reporter.pk))
    assert entry.data == {"fields": ["display_name", "phone"], "purpose": "complaint"}  # 处理投诉或线索

    # Back on the report: masked again, and nothing more logged.
    html = admin.get(page(report)).content.decode()
    assert MASKED in html and FULL not in html
    assert len(access_entries()) == 1


def test_the_report_page_says_the_reveal_is_recorded_and_why(client_for, street_admin, report):
    html = client_for(street_admin).get(page(report)).content.decode()
    assert "（将记入操作记录，原因：处理投诉或线索）" in html

    english = client_for(street_admin).get(page(report), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "(recorded in the audit trail as “Handling a complaint or a report”)" in english


def test_a_reviewer_reads_it_masked_has_nothing_to_press_and_cannot_post_the_reveal(client_for, reviewer, report, reporter):
    html = client_for(reviewer).get(page(report)).content.decode()

    assert f'<span class="muted" data-testid="reporter-phone">{MASKED}</span>' in html
    assert reveal_form(html) is None
    assert "13912345678" not in html and FULL not in html and "tel:" not in html
    sent = client_for(reviewer).post(reverse("privacy:personal_data", args=[reporter.pk]), {"reason": "complaint"})
    assert sent.status_code == 403
    assert access_entries() == []


def test_an_anonymised_reporter_has_no_phone_to_reveal(client_for, street_admin, report, reporter):
    reporter.phone = None
    reporter.save(update_fields=["phone"])

    response = client_for(street_admin).get(page(report))

    assert response.status_code == 200
    assert reveal_form(response.content.decode()) is None
    assert access_entries() == []


def test_the_service_checks_the_triage_permission_itself_and_logs_nothing(rider, street_admin, report):
    with pytest.raises(errors.NotAllowed):
        services.reporter_phone_revealable(viewer=rider, report=report)
    assert services.reporter_phone_revealable(viewer=street_admin, report=report) is True
    assert access_entries() == []
