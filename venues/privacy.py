"""What venues holds about a rider, for friendlystreet.privacy: their compound tips, and the
retention of the photos of tips refused or withdrawn."""

from __future__ import annotations

import os
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from friendlystreet.audit.models import AuditEntry
from friendlystreet.privacy.registry import Section, register_anonymiser, register_data_section, register_retention
from friendlystreet.uploads import delete_files

from .models import Tip, TipStatus
from .selectors import TIP_APPROVED, tip_withdrawals


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
    for entry in AuditEntry.objects.filter(action=TIP_APPROVED, target_type="venues.tip", target_id__in=ids):
        if "tip_text" in (entry.data or {}):
            entry.data = {**entry.data, "tip_text": ["", ""]}
            entry.save(update_fields=["data"])
    tips.filter(status__in=[TipStatus.PENDING, TipStatus.RETRACTED]).delete()  # never decided
    tips.update(text="", photo="")
    if names:
        transaction.on_commit(lambda: delete_files(names))


def purge_tip_photos(before: datetime) -> int:
    """Retention: photos of tips refused before `before`, or taken off the guide before it
    (withdrawn: its row keeps the approval's date, the audit trail the withdrawal's). Nobody
    sees them any more but the author; the tip, its decision and reason stay. Approved tips
    keep their photo, which the guide shows; a tip taken back while waiting lost it then."""
    tips = list(
        Tip.objects.exclude(photo="")
        .filter(Q(status=TipStatus.REJECTED, reviewed_at__lt=before) | Q(status=TipStatus.WITHDRAWN))
        .only("pk", "status", "photo")
    )
    # When each withdrawn one was taken off: the staff tip queue's reading of the audit trail.
    taken_off = tip_withdrawals(tips)
    found = [
        (tip.pk, tip.photo.name)
        for tip in tips
        if tip.status == TipStatus.REJECTED or (tip.pk in taken_off and taken_off[tip.pk].at < before)
    ]
    # A refused or withdrawn tip changes no more: no lock needed. An update, not save(): the
    # public pages' cache stays (they never showed these tips).
    Tip.objects.filter(pk__in=[pk for pk, _name in found]).update(photo="")
    # The files go once no row names them (committed: the sweep runs outside any transaction).
    names = [name for _pk, name in found]
    delete_files(names)
    return len(names)


def register() -> None:
    # How the readable copy (summary.html) presents it.
    register_data_section(
        "tips", collect_tips, title=_("My compound tips"), models={(): "venues.Tip"}, labels={"compound": _("Compound")}
    )
    register_anonymiser(anonymise, order=50)
    register_retention("tip_photos", purge_tip_photos)
