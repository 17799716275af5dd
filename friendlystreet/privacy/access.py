"""The access log: staff who see a rider's personal data (a full name or phone, the
verification evidence, a ledger export with personal data) leave an audit entry saying who,
what and why. Street admins read these entries on the audit page (filter by action)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from friendlystreet.audit.services import audit_record

PERM_PERSONAL_DATA = "accounts.view_personal_data"
PERSONAL_DATA_VIEWED = "accounts.personal_data_viewed"
EVIDENCE_VIEWED = "accounts.evidence_viewed"
# Written by friendlystreet.ledgers when an export carries riders' names and phones.
EXPORT_WITH_PERSONAL_DATA = "ledgers.export.personal_data"
ACCESS_ACTIONS = (PERSONAL_DATA_VIEWED, EVIDENCE_VIEWED, EXPORT_WITH_PERSONAL_DATA)

# Why staff look: a short reason chosen from this list, kept with the entry.
REASONS = [
    ("rider_verification", _("Verifying the rider's identity")),
    ("rider_request", _("The rider asked for help")),
    ("complaint", _("Handling a complaint or a report")),
    ("voucher_dispute", _("A voucher or points dispute")),
    ("authority_request", _("A request from an authority")),
]
REASON_CODES = [code for code, _label in REASONS]


def check_reason(reason: str) -> str:
    if reason not in REASON_CODES:
        raise ValidationError({"reason": [_("Choose why you need to see this.")]})
    return reason


def access_record(*, viewer, rider, action: str, what: list[str], reason: str):
    """One access-log entry, in the caller's transaction."""
    return audit_record(actor=viewer, action=action, target=rider, data={"fields": what, "purpose": check_reason(reason)})


def personal_data_reveal(*, viewer, rider, reason: str) -> dict[str, str]:
    """The rider's full name and phone, for staff allowed to see personal data; each reveal
    is one access-log entry with the reason staff chose (one of REASONS)."""
    if not viewer.has_perm(PERM_PERSONAL_DATA):
        raise PermissionDenied
    access_record(viewer=viewer, rider=rider, action=PERSONAL_DATA_VIEWED, what=["display_name", "phone"], reason=reason)
    return {"name": rider.display_name, "phone": rider.phone or ""}
