"""The staff report page showed the reporter's masked phone (138****0001), which nobody can call
to ask where exactly the problem is. Staff allowed to see personal data (street admins) now read
the full number, a link to call, and each showing is an access-log entry ("personal data viewed",
the phone, for handling a report), as rider verification logs the full name it shows. Staff
without that permission (reviewers) still read it masked, and nothing is logged for them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from friendlystreet.audit.models import AuditEntry
from friendlystreet.privacy.access import PERSONAL_DATA_VIEWED
from tests.factories import RiderFactory
from volunteers.reports import errors
from volunteers.reports.services import report_submit, reporter_phone_for_triage

pytestmark = pytest.mark.django_db


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


def test_a_street_admin_reads_and_can_call_the_reporters_full_phone_and_it_is_logged(client_for, street_admin, report, reporter):
    response = client_for(street_admin).get(page(report))

    html = response.content.decode()
    assert '<a class="tap" href="tel:+8613912345678" data-testid="reporter-phone">139\u00a01234\u00a05678</a>' in html
    assert "（本次查看已记入操作记录）" in html
    assert "139****5678" not in html
    assert response["Cache-Control"] == "private, no-store"  # not kept by a shared cache or the browser's history
    entry = AuditEntry.objects.get(action=PERSONAL_DATA_VIEWED)
    assert (entry.actor, entry.target_id) == (street_admin, str(reporter.pk))
    assert entry.data == {"fields": ["phone"], "purpose": "complaint"}  # 处理投诉或上报

    client_for(street_admin).get(page(report))
    assert AuditEntry.objects.filter(action=PERSONAL_DATA_VIEWED).count() == 2  # each showing


def test_a_reviewer_without_the_personal_data_permission_reads_it_masked_and_nothing_is_logged(client_for, reviewer, report):
    html = client_for(reviewer).get(page(report)).content.decode()

    assert '<span class="muted" data-testid="reporter-phone">139****5678</span>' in html
    assert "13912345678" not in html and "139\u00a01234\u00a05678" not in html and "tel:" not in html
    assert not AuditEntry.objects.filter(action=PERSONAL_DATA_VIEWED).exists()


def test_an_anonymised_reporter_has_no_phone_to_show_and_nothing_is_logged(client_for, street_admin, report, reporter):
    reporter.phone = None
    reporter.save(update_fields=["phone"])

    response = client_for(street_admin).get(page(report))

    assert response.status_code == 200
    assert 'href="tel:' not in response.content.decode()
    assert not AuditEntry.objects.filter(action=PERSONAL_DATA_VIEWED).exists()


def test_the_service_checks_the_triage_permission_itself(rider, report):
    with pytest.raises(errors.NotAllowed):
        reporter_phone_for_triage(viewer=rider, report=report)
    assert not AuditEntry.objects.filter(action=PERSONAL_DATA_VIEWED).exists()
