"""How the audit trail reads what each app records, as each app registers it: the words for its
action codes, object types and details, the groups of the action filter, the pages its objects
are seen on, and how a claim's reference names the object it paid for.

The trail knows no app's actions or pages: each app says them from its AppConfig.ready() (or
the setup module it calls), so that friendlystreet never names a feature app (DESIGN.md:
dependencies point one way). selectors reads what is registered here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Readable names of the action codes the services write. A code without a label is shown
# as it is (an app that adds actions can add labels with register_action_labels()).
ACTION_LABELS: dict[str, Any] = {
    "accounts.rider_verified": _("Rider verified"),
    "accounts.rider_rejected": _("Rider not verified"),
    "accounts.personal_data_viewed": _("Personal data viewed"),
    "accounts.evidence_uploaded": _("Verification evidence uploaded"),
    "accounts.evidence_viewed": _("Verification evidence viewed"),
    "accounts.verification_reopened": _("Verified details changed: to be verified again"),
    "notifications.delivery.retry": _("Delivery retried"),
}


def register_action_labels(labels: dict[str, Any]) -> None:
    """For apps that write new action codes (exports, ...): call in AppConfig.ready()."""
    ACTION_LABELS.update(labels)


# Object types whose model's own name would read like another's on the trail: the street
# office's ledgers and a rider's download of their own data are both "exports".
TYPE_LABELS: dict[str, Any] = {
    "ledgers.export": _("Ledger export"),
    "privacy.dataexport": _("Rider's data download"),
}


# The action filter's groups, by the area an action is about: (order, label, code prefixes). An
# action is in the first group (by order) one of whose prefixes its code starts with, else in
# "Other". The feature apps add theirs with register_action_group() (points 10-20, volunteers
# 30-50 and 90, venues 70); these are friendlystreet's own.
ACTION_GROUPS: list[tuple[int, Any, tuple[str, ...]]] = [
    (60, pgettext_lazy("audit group", "Riders and accounts"), ("accounts.", "privacy.")),
    (80, pgettext_lazy("audit group", "Exports"), ("ledgers.",)),
]
OTHER_GROUP = pgettext_lazy("audit group", "Other")


def register_action_group(label: Any, prefixes: tuple[str, ...], *, order: int) -> None:
    """The action filter lists the actions whose codes start with one of `prefixes` under
    `label`, the groups in `order`. Call in AppConfig.ready()."""
    if all(prefixes != known for _order, _label, known in ACTION_GROUPS):  # ready() may run twice
        ACTION_GROUPS.append((order, label, prefixes))
        ACTION_GROUPS.sort(key=lambda group: group[0])


# Keys of plain details that are not fields of the object they were written about.
DETAIL_LABELS: dict[str, Any] = {
    "reason": _("Reason"),
    "computed": _("Points by the rule"),
    "capped_by": _("Capped by"),
    "ref": _("Reference"),
    "duplicate_of": _("Duplicate of"),
    "fields": _("Fields"),
    "purpose": _("Purpose"),
    # Written by apps whose AppConfig registers no labels of its own.
    "to": _("Assigned to"),
    "compound": _("Compound"),
    "photo": _("Photo"),
    "amount": _("Points adjusted"),
    "balance_after": _("Balance after"),
    "created": _("Venues created"),
    "updated": _("Venues updated"),
    "duplicates": _("Duplicates skipped"),
    "changed": _("Fields changed"),
    "hours": _("opening hours"),  # in venues.venue.update's "changed": a venue's related rows
}

# Details that are the id of an object of another model (not a foreign key of the entry's
# own object): the trail names the object. Apps add theirs with register_detail_model().
DETAIL_MODELS: dict[str, str] = {
    "to": settings.AUTH_USER_MODEL,
}


# The labels of codes stored in such details (privacy's reasons for seeing personal data),
# registered by the app that defines them.
DETAIL_CHOICES: dict[str, dict[str, Any]] = {}


def register_detail_labels(labels: dict[str, Any]) -> None:
    """For apps whose audit entries record details of their own (keys that are no field of the
    object): the words the trail shows for those keys. Call in AppConfig.ready()."""
    for key, label in labels.items():
        DETAIL_LABELS.setdefault(key, label)


def register_detail_choices(key: str, choices) -> None:
    DETAIL_CHOICES.setdefault(key, {}).update(dict(choices))


def register_detail_model(key: str, model_label: str) -> None:
    """The detail `key` an app records holds the id of a `model_label` ("app.Model") object,
    which the trail names. Call in AppConfig.ready()."""
    DETAIL_MODELS[key] = model_label


# Objects whose id is a person's (a rider's points account, keyed by the rider): the trail names
# them by that person (积分账户 张* 138****0001（#13）), not by a bare number. Apps add theirs
# with register_person_keyed().
PERSON_KEYED: set[str] = set()


def register_person_keyed(target_type: str) -> None:
    """Objects of `target_type` ("app.model") have their person's id as theirs. Call in
    AppConfig.ready()."""
    PERSON_KEYED.add(target_type)


@dataclass(frozen=True)
class ObjectPage:
    """The staff page an object is seen on, and the permission that page asks for."""

    url_name: str  # reversed with one id: the object's own, or the one in `via`
    perm: str
    # "": the object's own page. Else the field of the object holding the id of the object whose
    # page shows it (a sign-up is a row of its activity's roster: "activity_id").
    via: str = ""


# "points.claim" → its page. A type not here (a voucher: no staff page shows a single one) gets no link.
OBJECT_PAGES: dict[str, ObjectPage] = {}

# A claim paid by another app keeps the paying object in `source_ref` ("signup-46", or a tip's
# bare id with source "tip"): the ref's prefix (or the claim's source) → that object's type.
CLAIM_REFS: dict[str, str] = {}


def register_object_page(target_type: str, url_name: str, perm: str) -> None:
    """Objects of `target_type` ("app_label.model") have a staff page `url_name`, reversed with
    their id, that asks for `perm`. Call in AppConfig.ready()."""
    OBJECT_PAGES[target_type] = ObjectPage(url_name, perm)


def register_shown_on(target_type: str, *, via: str, url_name: str, perm: str) -> None:
    """Objects of `target_type` have no page of their own but are seen on another object's page
    `url_name`, whose id is in their field `via`. Call in AppConfig.ready()."""
    OBJECT_PAGES[target_type] = ObjectPage(url_name, perm, via)


def register_claim_ref(prefix: str, target_type: str) -> None:
    """Claims whose `source_ref` starts with `prefix-` (or whose source is `prefix`, with a bare
    id) were paid for an object of `target_type`. Call in AppConfig.ready()."""
    CLAIM_REFS[prefix] = target_type


def object_page(target_type: str) -> ObjectPage | None:
    return OBJECT_PAGES.get(target_type)
