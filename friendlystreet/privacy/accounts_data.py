"""The accounts part of a rider's data (friendlystreet.accounts, notifications, sessions):
its section of the export and its anonymiser, which runs last."""

from __future__ import annotations

import os

from allauth.usersessions.models import UserSession
from django.db import transaction

from friendlystreet.uploads import delete_files

from .registry import Section


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def collect(user) -> Section:
    from friendlystreet.notifications.models import ChannelPreference, Notification

    photos = []
    if user.verification_evidence:
        name = user.verification_evidence.name
        photos.append((name, f"evidence/{os.path.basename(name)}"))
    data = {
        "profile": {
            "username": user.username,
            "name": user.display_name,
            "phone": user.phone,
            "email": user.email,
            "work_type": user.work_type,
            "platform": user.platform,
            "work_id": user.work_id,
            "verification": user.verification,
            "verification_note": user.verification_note,
            "verification_evidence": photos[0][1] if photos else None,
            "language": user.language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "consents": [
            {
                "what": "privacy_notice",
                "version": user.privacy_consent_version,
                "given_at": _iso(user.privacy_consent_at),
            }
        ]
        if user.privacy_consent_at
        else [],
        "notifications": [
            {"kind": n.kind, "title": n.title, "body": n.body, "created_at": _iso(n.created_at), "read_at": _iso(n.read_at)}
            for n in Notification.objects.filter(recipient=user).order_by("created_at", "id")
        ],
        "notification_settings": [
            {"kind": p.kind, "channel": p.channel, "enabled": p.enabled}
            for p in ChannelPreference.objects.filter(user=user).order_by("kind", "channel")
        ],
        "sessions": _sessions(user),
    }
    return Section(data, photos)


def _sessions(user) -> list[dict]:
    return [
        {"ip": s.ip, "user_agent": s.user_agent, "created_at": _iso(s.created_at), "last_seen_at": _iso(s.last_seen_at)}
        for s in UserSession.objects.filter(user=user).order_by("created_at")
    ]


def anonymise(user) -> None:
    """Name, phone (NULL: the number can register again), e-mail, platform, work ID, the
    evidence, consents, notifications and sessions go; the row stays (ledger rows, claims
    and reports point at it) with a new username, inactive, with no usable password."""
    from allauth.account.models import EmailAddress

    from friendlystreet.notifications.models import ChannelPreference, Notification

    evidence = user.verification_evidence.name
    user.username = f"deleted-{user.pk}"
    user.first_name = user.last_name = user.display_name = ""
    user.email = ""
    user.phone = None
    user.phone_verified = False
    user.platform = user.work_id = ""
    user.verification_evidence = ""
    user.verification_note = ""
    user.privacy_consent_version = ""
    user.privacy_consent_at = None
    user.is_active = False
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    # Deliveries (with the phone number they went to) go with their notifications.
    Notification.objects.filter(recipient=user).delete()
    ChannelPreference.objects.filter(user=user).delete()
    end_sessions(user)
    if evidence:
        transaction.on_commit(lambda: delete_files([evidence]))


def end_sessions(user) -> None:
    """End every session of the user: browsers and apps (an app's X-Session-Token is a session)."""
    for session in UserSession.objects.filter(user=user):
        session.end()
