"""Every reveal of a rider's personal data writes one access-log entry: who, what, why."""

from __future__ import annotations

from django.core.files.base import ContentFile

from friendlystreet.audit.models import AuditEntry
from tests.points.factories import image_bytes


def entries(action: str):
    return list(AuditEntry.objects.filter(action=action))


def test_revealing_name_and_phone_with_a_reason_writes_one_entry(client_for, street_admin, rider):
    client = client_for(street_admin)
    form = client.get(f"/staff/riders/{rider.pk}/personal-data/")
    assert form.status_code == 200 and rider.phone not in form.content.decode()
    assert entries("accounts.personal_data_viewed") == []
    page = client.post(f"/staff/riders/{rider.pk}/personal-data/", {"reason": "complaint"})
    assert rider.phone in page.content.decode() and page["Cache-Control"] == "private, no-store"
    [entry] = entries("accounts.personal_data_viewed")
    assert entry.actor == street_admin and entry.target_id == str(rider.pk)
    assert entry.data == {"fields": ["display_name", "phone"], "purpose": "complaint"}


def test_a_reason_outside_the_list_reveals_nothing(client_for, street_admin, rider):
    page = client_for(street_admin).post(f"/staff/riders/{rider.pk}/personal-data/", {"reason": "curious"})
    assert rider.phone not in page.content.decode()
    assert entries("accounts.personal_data_viewed") == []


def test_the_old_reveal_link_without_a_reason_reveals_nothing(client_for, street_admin, rider):
    page = client_for(street_admin).get(f"/staff/riders/{rider.pk}/decide/", {"reveal": "1"})
    assert page.status_code == 200 and rider.phone not in page.content.decode()
    assert entries("accounts.personal_data_viewed") == []


def test_the_verification_page_asks_why_before_the_reveal(client_for, street_admin, rider):
    page = client_for(street_admin).get(f"/staff/riders/{rider.pk}/decide/").content.decode()
    assert f'action="/staff/riders/{rider.pk}/personal-data/"' in page and 'name="reason"' in page


def test_each_opening_of_a_riders_evidence_by_staff_writes_one_entry(client_for, reviewer, rider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rider.verification_evidence.save("e.jpg", ContentFile(image_bytes()), save=True)
    for _ in range(2):
        assert client_for(reviewer).get(f"/riders/{rider.pk}/evidence/").status_code == 200
    assert client_for(rider).get(f"/riders/{rider.pk}/evidence/").status_code == 200  # their own: no entry
    found = entries("accounts.evidence_viewed")
    assert len(found) == 2 and {e.actor for e in found} == {reviewer}


def test_street_admins_filter_the_audit_page_by_the_access_action(client_for, street_admin, rider):
    client = client_for(street_admin)
    client.post(f"/staff/riders/{rider.pk}/personal-data/", {"reason": "rider_request"})
    page = client.get("/staff/audit/", {"action": "accounts.personal_data_viewed"})
    assert page.status_code == 200
