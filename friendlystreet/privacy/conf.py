"""Settings of data rights and retention (each can be set in settings.py or a local override)."""

from __future__ import annotations

from django.conf import settings


def cooling_off_days() -> int:
    """Days between a rider's deletion request and the anonymisation (cancellable meanwhile)."""
    return int(getattr(settings, "PRIVACY_DELETION_COOLING_OFF_DAYS", 7))


def photo_retention_days() -> int:
    """Claim and report photos are deleted this many days after the decision."""
    return int(getattr(settings, "PRIVACY_PHOTO_RETENTION_DAYS", 180))


def notification_retention_days() -> int:
    return int(getattr(settings, "PRIVACY_NOTIFICATION_RETENTION_DAYS", 365))


def export_hours() -> int:
    """How long a rider's data export can be downloaded."""
    return int(getattr(settings, "PRIVACY_EXPORT_HOURS", 24))
