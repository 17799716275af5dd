"""What venues holds about a rider, for friendlystreet.privacy: their compound tips."""

from __future__ import annotations

import os

from django.db import transaction

from friendlystreet.audit.models import AuditEntry
from friendlystreet.privacy.registry import Section, register_anonymiser, register_data_section
from friendlystreet.uploads import delete_files

from .models import Tip, TipStatus


def collect_tips(user) -> Section:
    data, photos = [], []
    for tip in Tip.objects.filter(author=user).select_related("compound").order_by("created_at", "id"):
        name = f"tips/{tip.pk}-{os.path.basename(tip.photo.name)}" if tip.photo else None
        if name:
            photos.append((tip.photo.name, name))
        data.append(
            {
                "compound": tip.compound.name,
                "text": tip.text,
                "status": tip.status,
                "created_at": tip.created_at.isoformat(),
                "reviewed_at": tip.reviewed_at.isoformat() if tip.reviewed_at else None,
                "reason": tip.reject_reason,
                "photo": name,
            }
        )
    return Section(data, photos)


def anonymise(user) -> None:
    """Tips still waiting for review (or taken back before it) go; decided ones stay (the figures count them, an
    approved tip's claim points at it) without their text and photo, and are no longer
    shown (models.shown_tip)."""
    tips = Tip.objects.filter(author=user)
    names = [n for n in tips.values_list("photo", flat=True) if n]
    # A reviewer's edit keeps the tip's words before and after on its audit entry: they go too.
    ids = [str(pk) for pk in tips.values_list("pk", flat=True)]
    for entry in AuditEntry.objects.filter(action="venues.tip.approve", target_type="venues.tip", target_id__in=ids):
        if "tip_text" in (entry.data or {}):
            entry.data = {**entry.data, "tip_text": ["", ""]}
            entry.save(update_fields=["data"])
    tips.filter(status__in=[TipStatus.PENDING, TipStatus.RETRACTED]).delete()  # never decided
    tips.update(text="", photo="")
    if names:
        transaction.on_commit(lambda: delete_files(names))


def register() -> None:
    register_data_section("tips", collect_tips)
    register_anonymiser(anonymise, order=50)
