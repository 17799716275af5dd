"""Retention: photos go some time after the decision, the decisions stay; old notifications and
expired data exports go."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from friendlystreet.privacy import services
from friendlystreet.privacy.models import DataExport
from points.models import Claim, ClaimPhoto
from volunteers.models_reports import Report, ReportPhoto


def test_retention_deletes_the_files_and_keeps_the_decisions(lives, settings):
    mine, theirs = lives
    settings.PRIVACY_PHOTO_RETENTION_DAYS = 180
    long_ago = timezone.now() - timedelta(days=181)
    Claim.objects.filter(pk=mine.claim.pk).update(decided_at=long_ago)
    Report.objects.filter(pk=mine.report.pk).update(status="resolved", resolved_at=long_ago)
    old = Notification.objects.filter(recipient=mine.rider).first()
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=366))
    export = DataExport.objects.create(
        rider=mine.rider, status="done", created_at=long_ago, expires_at=timezone.now() - timedelta(hours=1)
    )
    export.file.save("x.zip", ContentFile(b"zip"))
    export_file = export.file.name

    counts = services.retention_run()

    assert counts == {
        "claim_photos": 1,
        "report_photos": 1,
        "tip_photos": 0,  # approved tips keep theirs
        "verification_evidence": 0,  # no decision on record (tests/privacy/test_retention_evidence_and_tips.py)
        "notifications": 1,
        "data_exports": 1,
    }
    assert not default_storage.exists(mine.claim_photo) and not default_storage.exists(mine.report_photo)
    assert not default_storage.exists(export_file)
    assert not ClaimPhoto.objects.filter(claim=mine.claim).exists()
    assert not ReportPhoto.objects.filter(report=mine.report).exists()
    mine.claim.refresh_from_db()
    assert mine.claim.status == "approved" and mine.claim.points == 50 and mine.claim.decided_by_id
    # The other rider's recent photos stay.
    assert default_storage.exists(theirs.claim_photo) and default_storage.exists(theirs.report_photo)
    assert set(services.retention_run().values()) == {0}
