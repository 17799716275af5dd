"""Rider verification shows what staff need to decide (issue 17): masked name and phone,
in full only for staff allowed to see personal data (each reveal audited); platform and
work ID; the rider's own evidence (cleaned, served only to them and to verifying staff);
the earlier decisions."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from friendlystreet.audit.models import AuditEntry
from points import services
from tests.factories import RiderFactory
from tests.points.factories import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return RiderFactory(
        display_name="王大锤",
        phone="+8613912345678",
        verification="unverified",
        platform="美团",
        work_id="MT-778899",
    )


def a_jpeg(name: str = "a.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(), content_type="image/jpeg")


def page_url(rider) -> str:
    return f"/staff/riders/{rider.pk}/decide/"


def jpeg_with_exif() -> SimpleUploadedFile:
    image = Image.new("RGB", (80, 60), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (30.0, 39.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("me.jpg", out.getvalue(), content_type="image/jpeg")


def test_a_reviewer_sees_masked_name_and_phone_and_no_reveal_link(client_for, reviewer, applicant):
    # A rider already decided: the name is no longer needed to verify (a waiting rider's
    # full name: tests/points/test_verifying_by_name.py).
    services.rider_verify(actor=reviewer, rider=applicant, approve=False, reason="截图看不清")
    body = client_for(reviewer).get(page_url(applicant)).content.decode()
    assert "王**" in body and "139****5678" in body
    assert "王大锤" not in body and "13912345678" not in body
    assert 'id="reveal"' not in body
    # asking for the reveal without the permission changes nothing and logs nothing
    body = client_for(reviewer).get(page_url(applicant), {"reveal": "1"}).content.decode()
    assert "王大锤" not in body
    assert not AuditEntry.objects.filter(action="accounts.personal_data_viewed").exists()


def test_a_street_admin_reveals_the_full_name_and_phone_and_it_is_audited(client_for, street_admin, applicant):
    client = client_for(street_admin)
    # The phone needs the reveal (the full name of a rider waiting for verification is on
    # the page already, logged as one entry: tests/points/test_verifying_by_name.py).
    body = client.get(page_url(applicant)).content.decode()
    assert 'id="reveal"' in body and "13912345678" not in body
    AuditEntry.objects.filter(action="accounts.personal_data_viewed").delete()
    # the page's reveal form asks why and sends staff to the personal-data page
    reveal = f"/staff/riders/{applicant.pk}/personal-data/"
    assert f'action="{reveal}"' in body
    response = client.post(reveal, {"reason": "rider_verification"})
    body = response.content.decode()
    assert "王大锤" in body and "139\u00a01234\u00a05678" in body
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="accounts.personal_data_viewed")
    assert (entry.actor, entry.target_type, entry.target_id) == (street_admin, "accounts.user", str(applicant.pk))
    assert entry.data == {"fields": ["display_name", "phone"], "purpose": "rider_verification"}
    client.post(reveal, {"reason": "complaint"})
    assert AuditEntry.objects.filter(action="accounts.personal_data_viewed").count() == 2  # each reveal
    # and the audit trail names it
    trail = client.get("/staff/audit/", {"action": "accounts.personal_data_viewed"}).content.decode()
    assert "查看了个人信息" in trail
    assert "核实骑手身份" in trail and "rider_verification" not in trail  # the reason in words


def test_the_queue_lists_riders_masked_with_platform_and_work_id(client_for, street_admin, applicant):
    body = client_for(street_admin).get("/staff/riders/").content.decode()
    assert "王**" in body and "王大锤" not in body and "13912345678" not in body
    assert "美团" in body and "MT-778899" in body
    assert page_url(applicant) in body


def test_the_decision_page_shows_platform_and_work_id(client_for, reviewer, applicant):
    body = client_for(reviewer).get(page_url(applicant)).content.decode()
    assert "美团" in body and "MT-778899" in body


def test_a_rider_uploads_evidence_cleaned_of_exif(client_for, rider):
    client = client_for(rider)
    assert client.get("/profile/evidence/").status_code == 200
    response = client.post("/profile/evidence/", {"evidence": jpeg_with_exif()})
    assert response.status_code == 302
    rider.refresh_from_db()
    assert rider.verification_evidence.name.startswith("evidence/")
    assert "me" not in rider.verification_evidence.name.rsplit("/", 1)[-1]  # our name, not theirs
    served = client.get(f"/riders/{rider.pk}/evidence/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    data = b"".join(served.streaming_content) if served.streaming else served.content
    stored = Image.open(io.BytesIO(data))
    assert not stored.getexif()
    assert b"PhoneMaker" not in data
    assert AuditEntry.objects.filter(action="accounts.evidence_uploaded", target_id=str(rider.pk)).exists()


def test_a_file_that_is_not_an_image_is_refused(client_for, rider):
    fake = SimpleUploadedFile("me.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client_for(rider).post("/profile/evidence/", {"evidence": fake})
    assert response.status_code == 200
    assert response.context["form"].errors
    rider.refresh_from_db()
    assert not rider.verification_evidence


def test_a_new_upload_replaces_the_old_file(client_for, rider):
    from django.core.files.storage import default_storage

    client = client_for(rider)
    client.post("/profile/evidence/", {"evidence": a_jpeg()})
    rider.refresh_from_db()
    first = rider.verification_evidence.name
    client.post("/profile/evidence/", {"evidence": SimpleUploadedFile("b.png", image_bytes("PNG"), content_type="image/png")})
    rider.refresh_from_db()
    assert rider.verification_evidence.name != first
    assert default_storage.exists(rider.verification_evidence.name)


def test_evidence_is_served_only_to_the_rider_and_verifying_staff(client_for, rider, other_rider, reviewer, merchant_a):
    client_for(rider).post("/profile/evidence/", {"evidence": a_jpeg()})
    url = f"/riders/{rider.pk}/evidence/"
    assert client_for(rider).get(url).status_code == 200
    assert client_for(reviewer).get(url).status_code == 200
    assert client_for(other_rider).get(url).status_code == 404
    assert client_for(merchant_a).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    # a rider without evidence: 404 for staff too
    assert client_for(reviewer).get(f"/riders/{other_rider.pk}/evidence/").status_code == 404


def test_staff_see_the_evidence_on_the_decision_page(client_for, reviewer, applicant):
    body = client_for(reviewer).get(page_url(applicant)).content.decode()
    assert 'id="no-evidence"' in body
    client_for(applicant).post("/profile/evidence/", {"evidence": a_jpeg()})
    body = client_for(reviewer).get(page_url(applicant)).content.decode()
    assert f'src="/riders/{applicant.pk}/evidence/"' in body


def test_partners_and_staff_cannot_upload_evidence(client_for, merchant_a, reviewer):
    for user in (merchant_a, reviewer):
        assert client_for(user).get("/profile/evidence/").status_code == 403


def test_the_history_lists_earlier_decisions_newest_first(client_for, reviewer, street_admin, applicant):
    services.rider_verify(actor=reviewer, rider=applicant, approve=False, reason="截图看不清工号")
    services.rider_verify(actor=street_admin, rider=applicant, approve=True)
    response = client_for(reviewer).get(page_url(applicant))
    history = response.context["history"]
    assert [(e.actor, verified, reason) for e, verified, reason in history] == [
        (street_admin, True, ""),
        (reviewer, False, "截图看不清工号"),
    ]
    body = response.content.decode()
    assert "截图看不清工号" in body and body.count('data-testid="decision"') == 2


def test_deciding_from_the_page_still_works_and_returns_to_the_queue(client_for, reviewer, applicant):
    response = client_for(reviewer).post(page_url(applicant), {"decision": "reject", "reason": "工号不符"})
    assert response["Location"] == "/staff/riders/"
    applicant.refresh_from_db()
    assert (applicant.verification, applicant.verification_note) == ("rejected", "工号不符")
    # without a reason: back to the page with a message, nothing changed
    other = RiderFactory(verification="unverified")
    response = client_for(reviewer).post(page_url(other), {"decision": "reject", "reason": ""})
    assert response["Location"] == page_url(other)
    other.refresh_from_db()
    assert other.verification == "unverified"


def test_an_unverified_rider_is_pointed_to_the_evidence_page(client_for, applicant):
    body = client_for(applicant).get("/points/claims/new/").content.decode()
    assert "/profile/evidence/" in body
