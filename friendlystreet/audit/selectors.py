"""Reads of the audit trail: the street admins' /staff/audit/ page.

Entries are listed newest first, one keyset page at a time (`id < before`): no COUNT, and
a page costs the same on the millionth entry as on the first. Every filter has an index
that also serves the order (see models.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import DecimalField, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.phones import mask_name, mask_phone, normalize_phone
from friendlystreet.accounts.selectors import person_label
from friendlystreet.dashboard.numbers import plain_number
from friendlystreet.days import local_zone
from friendlystreet.ledgers.people import with_people
from friendlystreet.lists import listed

from . import registry
from .models import AuditEntry
from .registry import (
    ACTION_GROUPS,
    ACTION_LABELS,
    DETAIL_CHOICES,
    DETAIL_LABELS,
    DETAIL_MODELS,
    OTHER_GROUP,
    PERSON_KEYED,
    TYPE_LABELS,
)
from .services import as_moment, same_value

PERM_VIEW = "audit.view_auditentry"
PAGE_SIZE = 50


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def action_group(code: str) -> str:
    for _order, label, prefixes in ACTION_GROUPS:
        if code.startswith(prefixes):
            return str(label)
    return str(OTHER_GROUP)


def type_label(target_type: str) -> str:
    """ "points.claim" → the model's verbose name (no query); unknown types as they are."""
    if target_type in TYPE_LABELS:
        return str(TYPE_LABELS[target_type])
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


@dataclass(frozen=True)
class AuditFilters:
    person: str = ""  # a username, a name (any part), or a phone number (whole, or its last digits)
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    date_from: date | None = None  # inclusive, Asia/Shanghai
    date_to: date | None = None  # inclusive, Asia/Shanghai


def _person_q(term: str) -> Q:
    """The person as the trail names them (理发店王师傅 @barber): by any part of their name, by
    their username, or by their phone."""
    term = term.strip()
    q = Q(actor__username=term) | Q(actor__display_name__icontains=term)
    phone = normalize_phone(term)
    if phone:
        q |= Q(actor__phone=phone)
    elif term.isdigit() and len(term) >= 4:
        q |= Q(actor__phone__endswith=term)
    return q


# --- how the trail names a person: as every staff page (accounts.selectors.person_label) ------


def actor_label(entry: AuditEntry) -> str:
    """Who did it ("" for the system); the entry comes from audit_entries()."""
    actor = entry.actor
    if actor is None:
        return ""
    return person_label(actor.display_name, actor.phone, actor.username, entry.actor_is_rider)


def audit_entries(filters: AuditFilters) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor").only(
        *("id", "created_at", "action", "target_type", "target_id", "data", "actor_id"),
        *("actor__id", "actor__username", "actor__display_name", "actor__phone"),
    )
    qs = with_people(qs, "actor")  # whether each actor is a rider: in the same query
    if filters.person:
        qs = qs.filter(_person_q(filters.person))
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.target_type:
        qs = qs.filter(target_type=filters.target_type)
    if filters.target_id:
        qs = qs.filter(target_id=filters.target_id)
    # Days are the programme's (Asia/Shanghai), whatever the viewer's time zone.
    zone = local_zone()
    if filters.date_from:
        qs = qs.filter(created_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=zone))
    if filters.date_to:
        qs = qs.filter(created_at__lt=datetime.combine(filters.date_to + timedelta(days=1), time.min, tzinfo=zone))
    return qs.order_by("-id")


def audit_page(filters: AuditFilters, *, before: int | None = None, size: int = PAGE_SIZE) -> tuple[list[AuditEntry], int | None]:
    """One page, newest first, and the cursor of the next (older) page or None."""
    qs = audit_entries(filters)
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].id if more else None)


def audit_action_choices() -> list[tuple[str, str]]:
    """The action codes written so far (one query on the action index), with labels, in code
    order (an object's actions together: 积分申请已通过, 被驳回, 已撤回)."""
    codes = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return [(code, action_label(code)) for code in codes]


def grouped_actions(choices: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The action filter's <optgroup>s: (the area, its actions), in ACTION_GROUPS' order."""
    order = [str(label) for _order, label, _prefixes in ACTION_GROUPS] + [str(OTHER_GROUP)]
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in choices:
        groups.setdefault(action_group(code), []).append((code, label))
    return [(name, groups[name]) for name in order if name in groups]


def audit_type_choices() -> list[tuple[str, str]]:
    """The object types written so far, by their names (兑换券, not points.voucher); two
    types of one name are told apart by their app's name."""
    codes = AuditEntry.objects.order_by("target_type").values_list("target_type", flat=True).distinct()
    labels = {code: type_label(code) for code in codes}
    shared = {label for label in labels.values() if list(labels.values()).count(label) > 1}
    for code, label in labels.items():
        if label in shared:
            labels[code] = f"{label} · {_app_label(code)}"
    return sorted(labels.items(), key=lambda c: c[1])


def _app_label(target_type: str) -> str:
    try:
        return str(apps.get_app_config(target_type.split(".")[0]).verbose_name)
    except LookupError:
        return target_type


@dataclass(frozen=True)
class Change:
    field: str  # the key the service wrote
    before: str | None  # None: not a change, a plain detail (a reason, an amount)
    after: str
    label: str = ""  # the field's verbose name, or "" (then the page shows the key, as code)
    # A stored code with no label found (a choice of another model): the page shows it as code.
    before_is_code: bool = False
    after_is_code: bool = False


CODE = re.compile(r"[a-z][a-z0-9_]*")


def _model_field(target_type: str, key: str):
    try:
        return apps.get_model(target_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def _field_label(target_type: str, key: str) -> str:
    """The field's verbose name, else the registered detail label, else ""."""
    field = _model_field(target_type, key)
    label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else ""
    if label == key.replace("_", " ") and key in DETAIL_LABELS:
        label = ""  # a field without a verbose name of its own: Django's default is the key again
    return label or str(DETAIL_LABELS.get(key, ""))


def _reference_model(target_type: str, key: str):
    """The model whose id the detail `key` holds: a foreign key of the entry's object, or
    DETAIL_MODELS; None for anything else."""
    field = _model_field(target_type, key)
    if field is not None and field.is_relation and field.concrete and (field.many_to_one or field.one_to_one):
        return field.related_model
    label = DETAIL_MODELS.get(key)
    if label is None:
        return None
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _ids(value: Any) -> list[int]:
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    if isinstance(value, str) and value.isdigit() and len(value) < 19:
        return [int(value)]
    return []


def _split(data: Any) -> tuple[dict[str, list], dict[str, Any]]:
    """(the {field: [old, new]} pairs, the plain details) of an entry's `data`, as the
    services write it: audit_changes()'s pairs at the top or under "changes"."""
    if not isinstance(data, dict):
        return {}, {}
    nested = data.get("changes")
    if isinstance(nested, dict) and all(_is_pair(v) for v in nested.values()):
        return nested, {k: v for k, v in data.items() if k != "changes"}
    if data and all(_is_pair(v) for v in data.values()):
        return data, {}
    return {}, data


def _name_of(obj: Any) -> str:
    public_name = getattr(obj, "public_name", None)
    return str(public_name() if callable(public_name) else obj)


# Fields that name an object by themselves: an entry's own object (活动 #10) is named by the
# first its model has (or its public_name()), never by str(), which may read other rows (a
# claim's, a sign-up's) or tell a secret (a voucher's str() holds the code a rider pays with).
NAME_FIELDS = ("title", "name", "text")
TARGET_NAME_MAX = 40
TARGET = "target"  # reference_names()' keys of the entries' own objects: (TARGET, model, id)
RIDER = "rider"  # and of the entries' own objects that are riders: (RIDER, id)


def _target_model(target_type: str):
    """The model of an entry's own object if the trail can name it, else None."""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return None
    if target_type in PERSON_KEYED:
        return model
    if callable(getattr(model, "public_name", None)):
        return model
    for name in NAME_FIELDS:
        field = _model_field(target_type, name)
        if field is not None and field.concrete and not field.is_relation:
            return model
    return None


def _target_name(obj: Any) -> str:
    public_name = getattr(obj, "public_name", None)
    if callable(public_name):
        return str(public_name())
    for name in NAME_FIELDS:
        field = _model_field(obj._meta.label_lower, name)
        if field is not None and field.concrete and not field.is_relation:
            text = str(getattr(obj, name) or "")
            return text if len(text) <= TARGET_NAME_MAX else text[: TARGET_NAME_MAX - 1] + "…"
    return ""


def reference_names(entries: list[AuditEntry]) -> dict[tuple, str]:
    """The names of the objects a page of entries refers to by id (阵地 14 → its name), and
    of the entries' own objects (活动 #10 → its title), one query per model, whatever the
    number of entries. An object deleted since has none."""
    wanted: dict[Any, set[int]] = {}
    targets: set[tuple[Any, int]] = set()
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    by_person: set[tuple[Any, int]] = set()  # (PERSON_KEYED model, id): named after the user of that id
    for entry in entries:
        model = _target_model(entry.target_type)
        if entry.target_type in PERSON_KEYED:
            wanted.setdefault(user_model, set()).update(_ids(entry.target_id))
            by_person.update((model, pk) for pk in _ids(entry.target_id))
        elif model is not None:
            wanted.setdefault(model, set()).update(_ids(entry.target_id))
            targets.update((model, pk) for pk in _ids(entry.target_id))
        pairs, rest = _split(entry.data)
        values = [(k, v) for k, pair in pairs.items() for v in pair] + list(rest.items())
        for key, value in values:
            model = _reference_model(entry.target_type, key)
            if model is not None:
                wanted.setdefault(model, set()).update(_ids(value))
    names: dict[tuple[Any, int], str] = {}
    for model, ids in wanted.items():
        if not ids:
            continue
        if model is user_model:
            # People: riders masked (person_label); the flag in the same query.
            for user in with_people(model._default_manager.filter(pk__in=ids), "id"):
                name = person_label(user.display_name, user.phone, user.username, user.id_is_rider)
                names[(model, user.pk)] = name
                if (model, user.pk) in targets:
                    names[(TARGET, model, user.pk)] = name
                    if user.id_is_rider:
                        names[(RIDER, user.pk)] = name
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            names[(model, obj.pk)] = _name_of(obj)
            if (model, obj.pk) in targets:
                names[(TARGET, model, obj.pk)] = _target_name(obj)
    for model, pk in by_person:
        if (user_model, pk) in names:
            names[(TARGET, model, pk)] = names[(user_model, pk)]
    return names


# A rider's own details changed on their row (a new name, a new phone): masked like the rider.
RIDER_DETAILS = {"display_name": mask_name, "first_name": mask_name, "last_name": mask_name, "phone": mask_phone}


def rider_details_masked(entry: AuditEntry, changes: list[Change], names: dict[tuple, str]) -> list[Change]:
    """The changes of an entry, with a rider's name and phone masked when the entry is about
    that rider's own row (reference_names() knows which targets are riders)."""
    ids = _ids(entry.target_id)
    if entry.target_type != settings.AUTH_USER_MODEL.lower() or not ids or (RIDER, ids[0]) not in names:
        return changes

    def masked(change: Change) -> Change:
        mask = RIDER_DETAILS.get(change.field)
        if mask is None:
            return change
        hide = lambda value: value if value in (None, "—") else mask(value)  # noqa: E731
        return Change(change.field, hide(change.before), hide(change.after), change.label)

    return [masked(change) for change in changes]


def target_label(entry: AuditEntry, names: dict[tuple, str]) -> str:
    """活动 春季清洁（#10）: the entry's object by its type and name (reference_names()), or
    活动 #10 if it has none (deleted, or a model without a name of its own)."""
    kind = type_label(entry.target_type)
    model = _target_model(entry.target_type)
    ids = _ids(entry.target_id)
    name = names.get((TARGET, model, ids[0])) if model is not None and ids else None
    if not name:
        return f"{kind} #{entry.target_id}"
    if f"#{entry.target_id}" in name:
        return f"{kind} {name}"
    return f"{kind} {_('%(name)s (#%(id)s)') % {'name': name, 'id': entry.target_id}}"


def _page(target_type: str) -> tuple[str, str] | None:
    """(the url name, the permission) of the staff page an object of this type is seen on, as
    its app registered it (registry.register_object_page, register_shown_on)."""
    page = registry.object_page(target_type)
    return (page.url_name, page.perm) if page else None


def _page_ids(target_type: str, ids: set[int], names: dict[tuple, str]) -> dict[int, int]:
    """{object id: the id its staff page is reversed with} of the objects of one type that still
    exist: a named one as reference_names() found it (no query), any other (a claim, a report, a
    sign-up's activity) in one query."""
    page = registry.object_page(target_type)
    if page is not None and page.via:
        return dict(apps.get_model(target_type)._default_manager.filter(pk__in=ids).values_list("pk", page.via))
    model = _target_model(target_type)
    if model is not None:
        return {pk: pk for pk in ids if (TARGET, model, pk) in names}
    found = apps.get_model(target_type)._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: pk for pk in found}


def object_urls(entries: list[AuditEntry], names: dict[tuple, str], user: Any) -> dict[int, str]:
    """{entry id: the staff page of its object} for a viewer who may open it, at most one query
    per type of object whatever the number of entries. An entry has none when its object has no
    page, when the viewer may not open it, or when the object is gone (a deleted claim would only
    lead to "not found")."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        page = _page(entry.target_type)
        if page and _ids(entry.target_id) and user.has_perm(page[1]):
            wanted.setdefault(entry.target_type, set()).update(_ids(entry.target_id))
    found = {target_type: _page_ids(target_type, ids, names) for target_type, ids in wanted.items()}
    urls: dict[int, str] = {}
    for entry in entries:
        ids = _ids(entry.target_id)
        page_id = found.get(entry.target_type, {}).get(ids[0]) if ids else None
        if page_id is None:
            continue
        try:
            urls[entry.pk] = reverse(_page(entry.target_type)[0], args=[page_id])
        except NoReverseMatch:
            continue
    return urls


def claim_ref_label(source: Any, ref: Any) -> str | None:
    """A claim's ref in words: "signup-46" → 报名 #46; a tip claim's "10" → 小区贴士 #10; None for
    anything else. Claims paid by other apps keep the paying object in `source_ref`: its kind by
    the ref's prefix, or by the claim's source for a bare id, as the paying app registered it
    (registry.register_claim_ref)."""
    if not isinstance(ref, str):
        return None
    prefix, _sep, number = ref.rpartition("-")
    if not prefix and isinstance(source, str):
        prefix = source
    if not number.isdigit() or prefix not in registry.CLAIM_REFS:
        return None
    return f"{type_label(registry.CLAIM_REFS[prefix])} #{number}"


def _moment(value: Any) -> str | None:
    """An ISO date-time with its offset (audit_snapshot() writes moments so) in Beijing time."""
    moment = as_moment(value)
    if moment is None:
        return None
    local = moment.astimezone(local_zone())
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")


def _labelled(
    target_type: str, key: str, before: Any, after: Any, *, pair: bool, names: dict[tuple[Any, int], str] | None = None
) -> Change:
    """A change with the field's Chinese name and its choices' labels, not the codes stored
    (a staff member reads 类别 环境卫生, not category sanitation); moments in Beijing time;
    ids of other objects with the object's name (`names`: reference_names())."""
    field = _model_field(target_type, key)
    label = _field_label(target_type, key)
    choices = dict(getattr(field, "flatchoices", None) or ()) or DETAIL_CHOICES.get(key, {})
    model = _reference_model(target_type, key) if names else None
    decimal = isinstance(field, DecimalField)

    def shown(value: Any) -> str:
        if isinstance(value, str) and value in choices:
            return str(choices[value])
        if decimal and isinstance(value, str | int | float):
            # A claim's quantity is stored as written ("1.0"): the trail reads 1, as the rest of the product.
            try:
                return str(plain_number(Decimal(str(value))))
            except InvalidOperation:
                pass
        if model is not None and _ids(value) and (model, _ids(value)[0]) in names:
            name = names[(model, _ids(value)[0])]
            return name if f"#{value}" in name else str(_("%(name)s (#%(id)s)") % {"name": name, "id": value})
        moment = _moment(value)
        if moment is not None:
            return moment
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            # A list of the object's fields (venue.update's "changed"): their names.
            labels = [_field_label(target_type, v) for v in value]
            if any(labels):
                return listed(lab or v for lab, v in zip(labels, value, strict=True))
        return _text(value)

    def is_code(value: Any) -> bool:
        return isinstance(value, str) and value not in choices and CODE.fullmatch(value) is not None

    return Change(key, shown(before) if pair else None, shown(after), label, pair and is_code(before), is_code(after))


def _text(value: Any) -> str:
    if _is_empty(value):
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _is_empty(value: Any) -> bool:
    """What _text() shows as —."""
    return value is None or value == "" or value == []


def _is_pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2


def entry_changes(data: dict[str, Any], target_type: str = "", names: dict[tuple[Any, int], str] | None = None) -> list[Change]:
    """The before/after of an entry's `data`, as the services write it: audit_changes()'s
    {field: [old, new]} at the top or under "changes"; anything else is a plain detail.
    With the entry's target_type, fields get their names and choices their labels; with
    `names` (reference_names() of the page), ids their objects' names. A pair that is the
    same moment twice (entries written before audit_changes() compared moments) is no change."""
    if not isinstance(data, dict):
        return [] if _is_empty(data) else [Change("", None, _text(data))]
    pairs, rest = _split(data)
    if "ref" in rest and "source" in rest:
        # A claim created by another app (points.claim_created): 报名 #46, not signup-46.
        rest = {**rest, "ref": claim_ref_label(rest["source"], rest["ref"]) or rest["ref"]}
    # A field empty before and after (a blank plaque number on a new partner: None, then "") is
    # no change: a row of — → — only makes the real ones harder to find.
    out = [
        _labelled(target_type, field, old, new, pair=True, names=names)
        for field, (old, new) in pairs.items()
        if not same_value(old, new) and not (_is_empty(old) and _is_empty(new))
    ]
    # A detail with no value (a rider verified without a reason) says nothing: "Reason —" only
    # makes the entry longer.
    out += [
        _labelled(target_type, key, None, value, pair=False, names=names) for key, value in rest.items() if not _is_empty(value)
    ]
    return out
