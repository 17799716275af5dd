"""Retention of the verification screenshot and of refused or withdrawn tips' photos: each goes
some time after its decision, with real files in a temporary MEDIA_ROOT; the decisions stay,
nothing of a rider who still waits goes, and a second run deletes nothing more."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from friendlystreet.accounts.models import User, Verification
from friendlystreet.audit.models import AuditEntry
from friendlystreet.privacy import services as privacy
from points import services as points_services
from points import verification
from tests.factories import RiderFactory
from tests.points.factories import image_bytes
from tests.venues.factories import CompoundFactory, TipFactory
from venues import services as venues_services
from venues.models import Tip, TipStatus


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SMS_BACKEND = "outbox"
    settings.PRIVACY_EVIDENCE_RETENTION_DAYS = 30
    settings.PRIVACY_PHOTO_RETENTION_DAYS = 180


def sends_screenshot(rider: User) -> str:
    User.objects.filter(pk=rider.pk).update(verification=Verification.UNVERIFIED)
    rider.refresh_from_db()
    upload = SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg")
    return verification.evidence_save(rider=rider, upload=upload).verification_evidence.name


def decided_days_ago(rider: User, days: int) -> None:
    AuditEntry.objects.filter(target_type="accounts.user", target_id=str(rider.pk), action__in=verification.DECISIONS).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def test_the_screenshot_goes_after_the_appeal_window_and_the_decision_stays(media, reviewer, client_for):
    verified, refused, recent, waiting, again = (RiderFactory() for _ in range(5))
    verified_file = sends_screenshot(verified)
    points_services.rider_verify(actor=reviewer, rider=verified, approve=True)
    decided_days_ago(verified, 31)
    refused_file = sends_screenshot(refused)
    points_services.rider_verify(actor=reviewer, rider=refused, approve=False, reason="截图看不清")
    decided_days_ago(refused, 31)
    recent_file = sends_screenshot(recent)
    points_services.rider_verify(actor=reviewer, rider=recent, approve=False, reason="截图看不清")
    decided_days_ago(recent, 29)
    waiting_file = sends_screenshot(waiting)
    User.objects.filter(pk=waiting.pk).update(date_joined=timezone.now() - timedelta(days=400))
    # Refused long ago, sent a new screenshot since: waiting again, whatever the old date.
    sends_screenshot(again)
    points_services.rider_verify(actor=reviewer, rider=again, approve=False, reason="截图看不清")
    decided_days_ago(again, 60)
    again_file = sends_screenshot(again)

    counts = privacy.retention_run()

    assert counts["verification_evidence"] == 2
    assert not default_storage.exists(verified_file) and not default_storage.exists(refused_file)
    for rider, status, note in ((verified, Verification.VERIFIED, ""), (refused, Verification.REJECTED, "截图看不清")):
        rider.refresh_from_db()
        assert (rider.verification_evidence.name, rider.verification, rider.verification_note) == ("", status, note)
        [decision] = verification.decision_history(rider)
        assert decision.actor == reviewer
    # Staff opening the screenshot find it gone, not an error; the decision page says why.
    assert client_for(reviewer).get(reverse("points:rider_evidence", args=[verified.pk])).status_code == 404
    page = client_for(reviewer).get(f"/staff/riders/{verified.pk}/decide/").content.decode()
    assert "截图未保留：截图在认证处理完成 30 天后删除。" in page
    assert 'data-testid="rider-evidence"' not in page
    for rider, name in ((recent, recent_file), (waiting, waiting_file), (again, again_file)):
        rider.refresh_from_db()
        assert rider.verification_evidence.name == name and default_storage.exists(name)

    assert privacy.retention_run()["verification_evidence"] == 0
    assert default_storage.exists(recent_file) and default_storage.exists(waiting_file) and default_storage.exists(again_file)


def test_a_decided_rider_with_no_decision_on_record_keeps_the_screenshot(media, rider):
    rider.verification_evidence.save("e.jpg", ContentFile(image_bytes()), save=True)  # verified, by no recorded decision

    assert privacy.retention_run()["verification_evidence"] == 0
    assert default_storage.exists(rider.verification_evidence.name)


def tip_with_photo(compound, author) -> Tip:
    tip = TipFactory(compound=compound, author=author)
    tip.photo.save("t.jpg", ContentFile(image_bytes()), save=True)
    return tip


def test_refused_and_withdrawn_tips_lose_their_photo_after_the_period(media, rider, reviewer):
    compound = CompoundFactory()
    long_ago = timezone.now() - timedelta(days=181)
    refused_old, refused_recent, approved_old, withdrawn_old, withdrawn_recent = (
        tip_with_photo(compound, rider) for _ in range(5)
    )
    for tip in (refused_old, refused_recent):
        venues_services.tip_reject(reviewer=reviewer, tip=tip, reason="门已经改了")
    for tip in (approved_old, withdrawn_old, withdrawn_recent):
        venues_services.tip_approve(reviewer=reviewer, tip=tip)
    for tip in (withdrawn_old, withdrawn_recent):
        venues_services.tip_withdraw(reviewer=reviewer, tip=tip, reason="规定变了")
    Tip.objects.filter(pk=refused_old.pk).update(reviewed_at=long_ago)
    # Approved long ago, all three; only one was withdrawn long ago: the withdrawal's date counts.
    Tip.objects.filter(pk__in=[approved_old.pk, withdrawn_old.pk, withdrawn_recent.pk]).update(
        reviewed_at=timezone.now() - timedelta(days=400)
    )
    AuditEntry.objects.filter(action="venues.tip.withdraw", target_id=str(withdrawn_old.pk)).update(created_at=long_ago)
    files = {tip.pk: tip.photo.name for tip in (refused_old, refused_recent, approved_old, withdrawn_old, withdrawn_recent)}

    assert privacy.retention_run()["tip_photos"] == 2

    for tip in (refused_old, withdrawn_old):
        tip.refresh_from_db()
        assert tip.photo.name == "" and not default_storage.exists(files[tip.pk])
        assert tip.reject_reason and tip.reviewed_by == reviewer
    assert refused_old.status == TipStatus.REJECTED and withdrawn_old.status == TipStatus.WITHDRAWN
    for tip in (refused_recent, approved_old, withdrawn_recent):
        tip.refresh_from_db()
        assert tip.photo.name == files[tip.pk] and default_storage.exists(files[tip.pk])

    assert privacy.retention_run()["tip_photos"] == 0
    assert all(default_storage.exists(files[t.pk]) for t in (refused_recent, approved_old, withdrawn_recent))
