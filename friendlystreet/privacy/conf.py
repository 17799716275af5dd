"""Settings of data rights and retention, read from the environment in settings.py
(PRIVACY_*; deploy/env.example lists them)."""

from __future__ import annotations

from django.conf import settings


def cooling_off_days() -> int:
    """Days between a rider's deletion request and the anonymisation (cancellable meanwhile)."""
    return settings.PRIVACY_DELETION_COOLING_OFF_DAYS


def photo_retention_days() -> int:
    """Claim, report and refused or withdrawn tip photos are deleted this many days after the decision."""
    return settings.PRIVACY_PHOTO_RETENTION_DAYS


def evidence_retention_days() -> int:
    """A rider's verification screenshot is deleted this many days after staff decided
    (verified or refused): time to question the decision, no longer."""
    return settings.PRIVACY_EVIDENCE_RETENTION_DAYS


def notification_retention_days() -> int:
    return settings.PRIVACY_NOTIFICATION_RETENTION_DAYS


def export_hours() -> int:
    """How long a rider's data export can be downloaded."""
    return settings.PRIVACY_EXPORT_HOURS
