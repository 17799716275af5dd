"""Writes of the venues app: one transaction per user action, permissions checked here too."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from friendlystreet.accounts import roles
from friendlystreet.accounts.access import rider_check
from friendlystreet.accounts.selectors import staff_holding
from friendlystreet.api.errors import DomainError
from friendlystreet.audit.services import audit_changes, audit_record, audit_snapshot
from friendlystreet.inputs import has_control_characters, validate_text
from friendlystreet.lists import listed, listed_for_record, listed_lazy
from friendlystreet.names import label_when_read
from friendlystreet.notifications.services import notify
from friendlystreet.thumbnails import Thumbnail, make_thumbnail
from friendlystreet.uploads import clean_image, delete_files

from . import cache as venue_cache
from . import hooks, selectors
from . import hours as hours_lib
from .models import (
    MAX_PHOTOS_PER_VENUE,
    TIP_KEY_MAX_LENGTH,
    TIP_MAX_LENGTH,
    Amenity,
    Community,
    Compound,
    Gate,
    OpeningHours,
    ParkingSpot,
    Tip,
    TipStatus,
    Venue,
    VenueImport,
    VenuePhoto,
    WarmBike,
)
from .spreadsheets import RowError
from .validators import normalize_phone_text, normalize_plaque

MANAGE_VENUES = "venues.manage_venues"
MODERATE_TIPS = "venues.moderate_tip"
# Tips are riders' word on the way in (and earn them points); staff change the guide itself.
ADD_TIPS = "venues.add_tip"

VENUE_FIELDS = (
    "name",
    "name_en",
    "kind",
    "community",
    "address",
    "lat",
    "lng",
    "phone",
    "description",
    "services",
    "hours_note",
    "plaque_number",
    "plaque_date",
    "partner_since",
    "active",
)
MAX_SERVICES = 30
MAX_SERVICE_LENGTH = 100


class TipAlreadyReviewed(DomainError):
    code = "tip_already_reviewed"
    default_message = _("This tip has already been reviewed.")


class TipNotApproved(DomainError):
    code = "tip_not_approved"
    default_message = _("This tip is not published, so there is nothing to withdraw.")


class TipNotPending(DomainError):
    """The author takes back a tip that was reviewed meanwhile (or taken back already)."""

    code = "tip_not_pending"
    status_code = 409
    default_message = _("This tip has already been reviewed, so it can no longer be withdrawn.")

    @classmethod
    def on_retract(cls, tip: Tip) -> TipNotPending:
        """The words follow the tip's status: one its author took back was never reviewed (a
        second tap, a retry after a timeout), as points.errors.ClaimNotPending.on_withdraw."""
        message = _("You have already withdrawn this tip.") if tip.status == TipStatus.RETRACTED else None
        return cls(message, extra={"status": tip.status})


class InvalidIdempotencyKey(DomainError):
    code = "invalid_idempotency_key"
    status_code = 400
    default_message = _("An Idempotency-Key has at most 64 characters, none of them invisible.")


class OwnTipReview(DomainError):
    code = "own_tip"
    status_code = 403
    default_message = _("You cannot review your own tip.")


class TooManyPhotos(DomainError):
    code = "too_many_photos"
    default_message = _("This venue already has the most photos allowed; delete one first.")


class DuplicateVenue(DomainError):
    """Another venue already has this name and address: the same place entered twice (a form
    saved twice, a file imported twice). `existing` is that venue, for a link to it."""

    code = "duplicate_venue"
    default_message = _("A venue with this name and address already exists.")

    def __init__(self, existing: Venue) -> None:
        super().__init__(extra={"existing_id": existing.pk})
        self.existing = existing


def _require(actor, perm: str) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_perm(perm):
        raise PermissionDenied


def clean_services(value: Any) -> list[str]:
    """A list of short texts; blank items dropped, duplicates removed, order kept."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.replace("｜", "|").replace("\r", "").replace("\n", "|").split("|")
    if not isinstance(value, list | tuple):
        raise ValidationError({"services": _("Services must be a list of texts.")})
    items: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise ValidationError({"services": _("Services must be a list of texts.")})
        item = item.strip()
        if not item or item in items:
            continue
        if len(item) > MAX_SERVICE_LENGTH:
            raise ValidationError(
                {"services": _("Each service must be at most %(max)s characters.") % {"max": MAX_SERVICE_LENGTH}}
            )
        items.append(item)
    if len(items) > MAX_SERVICES:
        raise ValidationError({"services": _("At most %(max)s services.") % {"max": MAX_SERVICES}})
    return items


# --- venues ------------------------------------------------------------------------------


def _apply_venue(venue: Venue, data: dict[str, Any]) -> None:
    """Set the plain fields present in `data` and validate the row: every field, so that a
    form or an import row lists all its errors at once (not the services' first)."""
    errors: dict[str, list[str]] = {}
    for name in VENUE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "services":
            try:
                value = clean_services(value)
            except ValidationError as exc:
                errors.update(exc.message_dict)
                continue
        elif name == "phone":
            value = normalize_phone_text(value)  # 028－8888 from an input method: stored half-width
        elif name == "plaque_number":
            value = normalize_plaque(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(venue, name, value)
    try:
        venue.full_clean(exclude=["amenities", "operators", *errors])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


# What a venue's audit entries compare: its fields (the trail names the community by its id),
# and its related rows as text: amenities and operators as sorted names, so that the same set
# sent in another order is no change, and the week's hours as staff read them.
AUDITED_FIELDS = tuple(f for f in VENUE_FIELDS if f != "services")


def _venue_snapshot(venue: Venue) -> dict[str, Any]:
    snapshot = audit_snapshot(venue, AUDITED_FIELDS)
    snapshot["services"] = listed_for_record(venue.services or [])
    snapshot["amenities"] = listed_for_record(sorted(a.name for a in venue.amenities.all()))
    snapshot["operators"] = listed_for_record(sorted(u.username for u in venue.operators.all()))
    snapshot["opening_hours"] = hours_lib.format_hours(venue.hour_ranges(), chinese=True)
    return snapshot


def _set_hours(venue: Venue, ranges: Iterable[hours_lib.Range]) -> None:
    try:
        ranges = hours_lib.validate_ranges(ranges)
    except ValidationError as exc:
        raise ValidationError({"hours": exc.messages})
    venue.hours.all().delete()
    OpeningHours.objects.bulk_create([OpeningHours(venue=venue, day=r.day, start=r.start, end=r.end) for r in ranges])


def _validate_m2m(data: dict[str, Any]) -> None:
    if "hours" in data:
        try:
            hours_lib.validate_ranges(data["hours"])
        except ValidationError as exc:
            raise ValidationError({"hours": exc.messages})


def _refuse_duplicate(venue: Venue) -> None:
    existing = selectors.venue_at_same_place(name=venue.name, address=venue.address, exclude_pk=venue.pk)
    if existing is not None:
        raise DuplicateVenue(existing)


def _write_venue(venue: Venue, data: dict[str, Any]) -> None:
    """Validate everything first (nothing half-written), then save the row and its relations.

    DuplicateVenue when the venue would then share its name and address with another; an
    update that keeps both is not checked, so venues entered twice before this rule can still
    be edited (and one of them deactivated)."""
    place = (venue.name, venue.address) if venue.pk else None
    plaque = venue.plaque_number if venue.pk else ""
    errors: dict[str, list[str]] = {}
    try:
        _apply_venue(venue, data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        _validate_m2m(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    # A plaque number another venue or partner holds; one kept unchanged is not refused (rows
    # from before this rule may share one, and must stay editable).
    if "plaque_number" not in errors and venue.plaque_number and venue.plaque_number.lower() != plaque.lower():
        holder = selectors.plaque_holder(venue.plaque_number, exclude_venue_pk=venue.pk)
        if holder is not None:
            errors.update(selectors.plaque_taken_error(venue.plaque_number, holder).message_dict)
    if errors:
        raise ValidationError(errors)
    if (venue.name, venue.address) != place:
        _refuse_duplicate(venue)
    venue.save()
    if "hours" in data:
        _set_hours(venue, data["hours"])
    if "amenities" in data:
        venue.amenities.set(list(data["amenities"]))
    if "operators" in data:
        venue.operators.set(list(data["operators"]))
    venue_cache.invalidate()  # bulk writes (hours) send no signals


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo checked and re-encoded (uploads.clean_image), with its thumbnail: the slow part
    of adding a photo, done before any transaction (and in the form's own validation)."""

    content: Any
    thumb: Thumbnail


def photo_prepare(upload) -> PreparedPhoto:
    """ValidationError (a clear message: too large, too many pixels, not an image) before
    anything is written."""
    content = clean_image(upload)
    return PreparedPhoto(content=content, thumb=make_thumbnail(content))


def _add_photo(*, venue: Venue, photo: PreparedPhoto, caption: str) -> VenuePhoto:
    """In the caller's transaction, the venue row locked; the caller audits it (_record_edit)."""
    count = venue.photos.count()
    if count >= MAX_PHOTOS_PER_VENUE:
        raise TooManyPhotos()
    row = VenuePhoto(
        venue=venue,
        caption=(caption or "").strip()[:100],
        position=count,
        thumb_width=photo.thumb.width,
        thumb_height=photo.thumb.height,
    )
    row.image.save(photo.content.name, photo.content, save=False)
    row.thumbnail.save(photo.thumb.content.name, photo.thumb.content, save=False)
    row.save()
    return row


def _record_edit(
    *,
    actor,
    venue: Venue,
    changes: dict[str, list[Any]] | None = None,
    photo_added: VenuePhoto | None = None,
    photo_removed: VenuePhoto | None = None,
) -> None:
    """Audit one save of a venue's details or photos (in its transaction): what changed
    ("venues.venue.update", none if nothing did), the photo added ("venues.photo.add") or
    removed ("venues.photo.delete", before the row goes).

    A partner operator's save (_by_operator) is marked as theirs on each entry
    (selectors.BY_OPERATOR: the staff venue page lists them) and told to the street office
    (_tell_venue_managers: one notice per save). Staff's own saves are neither."""
    by_operator = _by_operator(actor)
    mark = {selectors.BY_OPERATOR: True} if by_operator else {}
    if changes:
        audit_record(actor=actor, action=selectors.VENUE_CHANGED, target=venue, data={"changes": changes, **mark})
    if photo_added is not None:
        audit_record(actor=actor, action=selectors.PHOTO_ADDED, target=venue, data={"photo": photo_added.pk, **mark})
    if photo_removed is not None:
        audit_record(actor=actor, action=selectors.PHOTO_DELETED, target=venue, data={"photo": photo_removed.pk, **mark})
    if by_operator:
        photo = "added" if photo_added is not None else "removed" if photo_removed is not None else ""
        _tell_venue_managers(actor=actor, venue=venue, fields=list(changes or {}), photo=photo)


def venue_create(*, actor, data: dict[str, Any], photo: PreparedPhoto | None = None, photo_caption: str = "") -> Venue:
    """Create a venue. `data`: the model fields, plus `hours` (list of hours.Range),
    `amenities` (Amenity objects) and `operators` (users). ValidationError on bad input,
    DuplicateVenue when a venue with this name and address exists. `photo` (photo_prepare)
    is added in the same transaction: a venue is never left saved without the photo sent
    with it.

    Two identical requests at the very same moment could both pass the duplicate check (no
    database constraint: existing data may hold such pairs); the forms' submit buttons are
    disabled once pressed (site.js), which leaves a resubmission later, and that is refused."""
    _require(actor, MANAGE_VENUES)
    with transaction.atomic():
        venue = Venue()
        _write_venue(venue, data)
        audit_record(actor=actor, action="venues.venue.create", target=venue, data={"name": venue.name, "kind": venue.kind})
        if photo is not None:
            row = _add_photo(venue=venue, photo=photo, caption=photo_caption)
            _record_edit(actor=actor, venue=venue, photo_added=row)
    return venue


def venue_update(
    *, actor, venue: Venue, data: dict[str, Any], photo: PreparedPhoto | None = None, photo_caption: str = ""
) -> Venue:
    """Change the fields present in `data` (a partial update); DuplicateVenue if it would take
    another venue's name and address. The audit entry holds what changed, before and after.
    `photo` as for venue_create: TooManyPhotos leaves the venue as it was."""
    _require(actor, MANAGE_VENUES)
    with transaction.atomic():
        venue = Venue.objects.select_for_update().get(pk=venue.pk)
        _change_locked(actor=actor, venue=venue, data=data, photo=photo, photo_caption=photo_caption)
    return venue


def _change_locked(*, actor, venue: Venue, data: dict[str, Any], photo: PreparedPhoto | None, photo_caption: str) -> None:
    """Write `data` to the locked venue, add the photo if any, and audit the save
    (_record_edit): staff's edits and an operator's alike."""
    before = _venue_snapshot(venue)
    _write_venue(venue, data)
    changes = audit_changes(before, _venue_snapshot(venue))
    row = _add_photo(venue=venue, photo=photo, caption=photo_caption) if photo is not None else None
    # A save that changed no field (an operator adding only a photo, a form sent again) is no
    # "venue changed" on the trail: the photo has its own entry.
    _record_edit(actor=actor, venue=venue, changes=changes, photo_added=row)


# What a partner operator may change of a venue they run: the everyday details riders read on
# its page (phone, description, opening hours). Its name, kind, place, amenities, plaque and
# operators stay the street office's (venue_update).
OPERATOR_FIELDS = ("phone", "description", "hours_note", "hours")


def operates(actor, venue_id: int) -> bool:
    """A partner operator of the venue: named among its operators and holding the partner's
    permission (the counter's services ask the same), which an account deactivated while still
    named no longer has. Asked without a query of those who lack that permission."""
    if actor is None or not actor.is_authenticated or not actor.has_perm(roles.REDEMPTION_PAGE):
        return False
    return selectors.venues_operated_by(actor).filter(pk=venue_id).exists()


def venue_details_update(
    *, actor, venue: Venue, data: dict[str, Any], photo: PreparedPhoto | None = None, photo_caption: str = ""
) -> Venue:
    """A partner operator changes the everyday details (OPERATOR_FIELDS) of a venue they run;
    PermissionDenied for anyone else, and for any other field. Written and audited as staff's
    edits are (_write_venue, the "venues.venue.update" entry with what changed, the operator
    as its actor), so the street office's trail shows who changed what. `photo` (photo_prepare)
    is added with them as staff add one (_add_photo: the same limit, counted under the venue's
    lock, the same "venues.photo.add" entry): TooManyPhotos leaves the venue as it was.

    The street office is told (_record_edit): the entries are marked as the operator's (the
    staff venue page lists them) and the staff who manage venues get one notice per save that
    changed something."""
    if set(data) - set(OPERATOR_FIELDS):
        raise PermissionDenied
    with transaction.atomic():
        venue = Venue.objects.select_for_update().get(pk=venue.pk)
        if not operates(actor, venue.pk):
            raise PermissionDenied
        _change_locked(actor=actor, venue=venue, data=data, photo=photo, photo_caption=photo_caption)
    return venue


OPERATOR_EDIT_KIND = "venues.operator_edited"
# How the notice names what changed (the keys of _venue_snapshot an operator can change).
CHANGED_WORDS = {
    "phone": _("phone"),
    "description": _("description"),
    "hours_note": _("note on opening hours"),
    "opening_hours": _("opening hours"),
}
PHOTO_WORDS = {"added": _("a photo added"), "removed": _("a photo removed")}


def _by_operator(actor) -> bool:
    """An edit the street office is to hear of: a partner operator's. Staff who manage venues
    (who may also be named an operator) know of their own."""
    return not actor.has_perm(MANAGE_VENUES)


def _changed_words(fields: list[str], photo: str):
    """What changed, in the words of the notice's recipient (notify() renders this lazy string
    in their language): 电话、营业时间 / phone, opening hours."""

    parts = [CHANGED_WORDS.get(name, name) for name in fields]
    if photo:
        parts.append(PHOTO_WORDS[photo])
    return listed_lazy(parts)


def _tell_venue_managers(*, actor, venue: Venue, fields: list[str], photo: str = "") -> None:
    """One notice to each member of staff who manages venues (but the actor), naming the venue
    and what changed, linking to its staff page's list of the operator's changes; nothing for a
    save that changed nothing. In the caller's transaction: a refused save tells nobody."""
    if not fields and not photo:
        return
    link = reverse("venues:staff_venue_edit", args=[venue.pk]) + "#operator-edits"
    context = {"venue": label_when_read(venue), "changes": _changed_words(fields, photo)}
    for user in staff_holding(MANAGE_VENUES).exclude(pk=actor.pk):
        notify(user, OPERATOR_EDIT_KIND, context, link=link)


def venue_set_active(*, actor, venue: Venue, active: bool) -> Venue:
    """Deactivate (hide from riders, keep its history) or reactivate a venue."""
    _require(actor, MANAGE_VENUES)
    with transaction.atomic():
        updated = Venue.objects.filter(pk=venue.pk).exclude(active=active).update(active=active, updated_at=timezone.now())
        if updated:
            venue_cache.invalidate()  # update() sends no signals
            audit_record(actor=actor, action="venues.venue.activate" if active else "venues.venue.deactivate", target=venue)
    venue.refresh_from_db()
    return venue


def _require_photo_rights(actor, venue: Venue) -> None:
    """Street admins change any venue's photos; a partner operator those of a venue they run."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    if not actor.has_perm(MANAGE_VENUES) and not operates(actor, venue.pk):
        raise PermissionDenied


def venue_photo_add(*, actor, venue: Venue, upload, caption: str = "") -> VenuePhoto:
    """A street admin, or a partner operator of the venue (then the street office is told, as of
    their other edits), adds a photo."""
    _require_photo_rights(actor, venue)  # before the slow part, and again under the lock
    photo = photo_prepare(upload)  # outside the transaction: decoding is slow
    with transaction.atomic():
        venue = Venue.objects.select_for_update().get(pk=venue.pk)
        _require_photo_rights(actor, venue)
        row = _add_photo(venue=venue, photo=photo, caption=caption)
        _record_edit(actor=actor, venue=venue, photo_added=row)
        return row


def venue_photo_delete(*, actor, photo: VenuePhoto) -> None:
    """A street admin, or a partner operator of the photo's venue, deletes it (audited as
    "venues.photo.delete"; an operator's deletion is told to the street office, as their other
    edits); its files go once the row is surely gone."""
    with transaction.atomic():
        # The venue locked, as _add_photo counts under that lock.
        venue = Venue.objects.select_for_update().get(pk=photo.venue_id)
        _require_photo_rights(actor, venue)
        _record_edit(actor=actor, venue=venue, photo_removed=photo)
        storage, names = photo.image.storage, [photo.image.name, photo.thumbnail.name]
        photo.delete()
        # The files go only once the row is surely gone.
        transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


# --- amenities ---------------------------------------------------------------------------


def amenity_create(*, actor, code: str, name: str, name_en: str = "", position: int = 0, active: bool = True) -> Amenity:
    _require(actor, MANAGE_VENUES)
    with transaction.atomic():
        # Codes in lower case: the filters compare them exactly (?amenity=toilet).
        amenity = Amenity(code=code.strip().lower(), name=name.strip(), name_en=name_en.strip(), position=position, active=active)
        errors: dict[str, list[str]] = {}
        try:
            amenity.full_clean(validate_unique=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        taken = None if "code" in errors else selectors.amenity_code_taken(amenity.code)
        if taken is not None:
            errors.update(taken.message_dict)
        if errors:
            raise ValidationError(errors)
        amenity.save()
        audit_record(actor=actor, action="venues.amenity.create", target=amenity, data={"code": amenity.code})
    return amenity


def amenity_update(*, actor, amenity: Amenity, name: str, name_en: str = "", position: int = 0, active: bool = True) -> Amenity:
    """The code never changes: API clients and saved links filter by it."""
    _require(actor, MANAGE_VENUES)
    with transaction.atomic():
        amenity = Amenity.objects.select_for_update().get(pk=amenity.pk)
        amenity.name, amenity.name_en, amenity.position, amenity.active = name.strip(), name_en.strip(), position, active
        amenity.full_clean()
        amenity.save()
        audit_record(actor=actor, action="venues.amenity.update", target=amenity, data={"code": amenity.code})
    return amenity


# --- communities -------------------------------------------------------------------------


class CommunityInUse(DomainError):
    """A community that venues, guides or reports name: renamed, never deleted."""

    code = "community_in_use"


COMMUNITY_FIELDS = ("name", "name_en", "position")


def _community_errors(community: Community) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        community.full_clean(validate_unique=False)  # uniqueness in words below, not 具有 名称 的 社区 已存在
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not community.name and "name" in errors:
        errors["name"] = [_("Write the community's name.")]
    try:
        validate_text(community.name)
    except ValidationError as exc:
        errors.setdefault("name", []).extend(exc.messages)
    taken = None if "name" in errors else selectors.community_name_taken(community.name, exclude_pk=community.pk)
    if taken is not None:
        errors.update(taken.message_dict)
    return errors


def community_create(*, actor, name: str, name_en: str = "", position: int = 0) -> Community:
    """A new community (社区), so venues, guides and imported rows can name it; `name_en` for
    English readers (optional)."""
    _require(actor, MANAGE_VENUES)
    with transaction.atomic():
        community = Community(name=(name or "").strip(), name_en=(name_en or "").strip(), position=position)
        errors = _community_errors(community)
        if errors:
            raise ValidationError(errors)
        community.save()
        named = {"name": community.name, **({"name_en": community.name_en} if community.name_en else {})}
        audit_record(actor=actor, action="venues.community.create", target=community, data=named)
    return community


def community_update(*, actor, community: Community, name: str, name_en: str = "", position: int = 0) -> Community:
    """Rename a community or move it in the list; venues and guides keep it (they name it by
    its id), and show the new name. A spreadsheet to import then names it by its new name."""
    _require(actor, MANAGE_VENUES)
    with transaction.atomic():
        community = Community.objects.select_for_update().get(pk=community.pk)
        before = audit_snapshot(community, COMMUNITY_FIELDS)
        community.name, community.name_en, community.position = (name or "").strip(), (name_en or "").strip(), position
        errors = _community_errors(community)
        if errors:
            raise ValidationError(errors)
        community.save()
        changes = audit_changes(before, audit_snapshot(community, COMMUNITY_FIELDS))
        audit_record(actor=actor, action="venues.community.update", target=community, data={"changes": changes})
    return community


def community_delete(*, actor, community: Community) -> None:
    """Delete a community nothing names (one added by mistake). One in use is refused with
    where it is used (CommunityInUse): rename it instead."""
    _require(actor, MANAGE_VENUES)
    with transaction.atomic():
        community = Community.objects.select_for_update().get(pk=community.pk)
        uses = selectors.community_uses(community)
        if uses:
            label = pgettext("label separator", ": ")
            where = listed(f"{what}{label}{count}" for what, count in uses)
            raise CommunityInUse(
                _("The community “%(name)s” is in use (%(uses)s): it cannot be deleted. Rename it instead.")
                % {"name": community.name, "uses": where}
            )
        audit_record(actor=actor, action="venues.community.delete", target=community, data={"name": community.name})
        community.delete()


# --- compounds ---------------------------------------------------------------------------

COMPOUND_FIELDS = ("name", "community", "address", "lat", "lng", "building_notes", "property_phone", "active")


def _normalise_gate_hours(text: str) -> str:
    text = (text or "").strip()
    return hours_lib.format_hours(hours_lib.parse_hours(text)) if text else ""


def compound_save(
    *,
    actor,
    compound: Compound | None = None,
    data: dict[str, Any],
    gates: list[dict[str, Any]] | None = None,
    parking_spots: list[dict[str, Any]] | None = None,
    warm_bikes: list[dict[str, Any]] | None = None,
) -> Compound:
    """Create or update a compound guide. Each child list given replaces that list."""
    _require(actor, MANAGE_VENUES)
    with transaction.atomic():
        creating = compound is None
        compound = Compound() if creating else Compound.objects.select_for_update().get(pk=compound.pk)
        for name in COMPOUND_FIELDS:
            if name in data:
                value = data[name]
                if name == "property_phone":
                    value = normalize_phone_text(value)
                setattr(compound, name, value)
        compound.full_clean()
        compound.save()
        errors: dict[str, list[str]] = {}

        def check(row, label: str, key: str) -> bool:
            """Validate a gate, parking place or bicycles row; its errors are named by the row
            (北门：…), not by a field of the compound's own."""
            try:
                row.full_clean(exclude=["compound"])
            except ValidationError as exc:
                errors.setdefault(key, []).extend(f"{label}: {m}" for m in exc.messages)
                return False
            return True

        if gates is not None:
            compound.gates.all().delete()
            for i, g in enumerate(gates):
                try:
                    g = {**g, "hours": _normalise_gate_hours(g.get("hours", ""))}
                except ValidationError as exc:
                    errors.setdefault("gates", []).extend(f"{g.get('name', '')}: {m}" for m in exc.messages)
                    continue
                gate = Gate(compound=compound, position=i, **g)
                if check(gate, gate.name, "gates"):
                    gate.save()
        if parking_spots is not None:
            compound.parking_spots.all().delete()
            for p in parking_spots:
                spot = ParkingSpot(compound=compound, **p)
                if check(spot, spot.description, "parking_spots"):
                    spot.save()
        if warm_bikes is not None:
            compound.warm_bikes.all().delete()
            for b in warm_bikes:
                bike = WarmBike(compound=compound, **b)
                if check(bike, bike.location, "warm_bikes"):
                    bike.save()
        if errors:
            raise ValidationError(errors)  # rolls back the whole save
        audit_record(actor=actor, action="venues.compound.create" if creating else "venues.compound.update", target=compound)
    return compound


# --- tips --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TipSubmission:
    tip: Tip
    created: bool  # False: the same tip sent again (selectors.earlier_same_tip); this is the first


def tip_create(*, author, compound: Compound, text: str, photo=None, idempotency_key: str = "") -> Tip:
    """tip_submit's tip, for callers that do not tell a new tip from one sent again."""
    return tip_submit(author=author, compound=compound, text=text, photo=photo, idempotency_key=idempotency_key).tip


def tip_submit(*, author, compound: Compound, text: str, photo=None, idempotency_key: str = "") -> TipSubmission:
    """A signed-in user's tip on a compound; it waits for moderation.

    Sent twice (a double tap, a retry, Back and send again, the API called again), it is one
    tip: a tip with the same `idempotency_key` (the form page's, the API's Idempotency-Key),
    or the same text on the same compound a few minutes before, is returned as it is
    (`created=False`) instead of a second one (selectors.earlier_same_tip, the one rule for the
    page and the API). The author's row is locked while it looks, so two requests at once find
    one another (on SQLite the write transaction is taken at its start, which does the same)."""
    if author is None or not author.is_authenticated or not author.is_active:
        raise PermissionDenied
    rider_check(author, ADD_TIPS)
    key = (idempotency_key or "").strip()
    if len(key) > TIP_KEY_MAX_LENGTH or has_control_characters(key):
        raise InvalidIdempotencyKey()
    errors: dict[str, list] = {}
    try:
        text = _clean_tip_text(text)  # the rule a reviewer's edit follows too
    except ValidationError as exc:
        errors.update(exc.message_dict)
    content = None
    if photo:
        try:
            content = clean_image(photo)  # before the transaction: decoding is slow
        except ValidationError as exc:
            errors["photo"] = exc.messages
    if errors:
        raise ValidationError(errors)
    if not compound.active:
        raise PermissionDenied
    with transaction.atomic():
        list(get_user_model().objects.select_for_update().filter(pk=author.pk).values_list("pk", flat=True))
        earlier = selectors.earlier_same_tip(
            author=author, compound_id=compound.pk, text=text, idempotency_key=key, now=timezone.now()
        )
        if earlier is not None:
            return TipSubmission(earlier, created=False)
        tip = Tip(compound=compound, author=author, text=text, idempotency_key=key)
        if content is not None:
            tip.photo.save(content.name, content, save=False)
        tip.save()
        audit_record(actor=author, action="venues.tip.create", target=tip, data={"compound": compound.pk})
    return TipSubmission(tip, created=True)


def tip_retract(*, author, tip: Tip) -> Tip:
    """The author takes back their own tip while it waits for review (a mistake, a gate that
    changed before anyone checked): it is never shown nor reviewed, and its photo is deleted,
    as nobody will look at it. A reviewed tip cannot be taken back (TipNotPending): an approved
    one is withdrawn by the street office, which tells its author why."""
    if author is None or not author.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        tip = Tip.objects.select_for_update().filter(pk=tip.pk, author_id=author.pk).first()
        if tip is None:
            raise PermissionDenied
        if tip.status != TipStatus.PENDING:
            raise TipNotPending.on_retract(tip)
        photo = tip.photo.name
        tip.status = TipStatus.RETRACTED
        tip.photo = ""
        tip.save(update_fields=["status", "photo"])
        audit_record(actor=author, action=selectors.TIP_RETRACTED, target=tip, data={"compound": tip.compound_id})
        if photo:
            # The file goes only once the row no longer names it.
            transaction.on_commit(lambda: delete_files([photo]))
    return tip


def _lock_pending_tip(tip: Tip, reviewer) -> Tip:
    tip = Tip.objects.select_for_update().select_related("compound", "author").get(pk=tip.pk)
    if tip.status != TipStatus.PENDING:
        raise TipAlreadyReviewed()
    if tip.author_id == reviewer.pk:
        raise OwnTipReview()
    return tip


def _clean_tip_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write your tip.")]})
    if len(text) > TIP_MAX_LENGTH:
        raise ValidationError({"text": [_("A tip can be at most %(max)s characters.") % {"max": TIP_MAX_LENGTH}]})
    try:
        validate_text(text)
    except ValidationError as exc:
        raise ValidationError({"text": exc.messages})
    return text


def tip_approve(*, reviewer, tip: Tip, text: str | None = None) -> Tip:
    """Publish a tip on its compound's guide and tell its author.

    `text`: the tip as the reviewer edited it before approving (a good tip with one problem,
    e.g. the author's own phone number, trimmed instead of rejected). The audit entry holds
    the text before and after, and the author is told it was changed and how it now reads.
    The same text as the tip's is a plain approval.

    `hooks.tip_approved` subscribers (the points app) run inside this transaction: if
    one fails, the approval rolls back with it. They run before the author is told, and
    answer what they paid (hooks.points_paid): the author gets one notice, naming the points
    in their language (venues.tip_approved / tip_approved_edited), not one from each app.
    """
    _require(reviewer, MODERATE_TIPS)
    edited = _clean_tip_text(text) if text is not None else None
    with transaction.atomic():
        tip = _lock_pending_tip(tip, reviewer)
        details: dict[str, Any] = {"compound": tip.compound_id}
        fields = ["status", "reviewed_by", "reviewed_at"]
        if edited is not None and edited != tip.text:
            details["tip_text"] = [tip.text, edited]  # before, after: what the reviewer changed
            tip.text = edited
            fields.append("text")
        tip.status = TipStatus.APPROVED
        tip.reviewed_by = reviewer
        tip.reviewed_at = timezone.now()
        tip.save(update_fields=fields)
        audit_record(actor=reviewer, action=selectors.TIP_APPROVED, target=tip, data=details)
        points = hooks.points_paid(hooks.tip_approved.send(tip=tip, reviewer=reviewer))
        context = {"compound": tip.compound.name, "points": points, "points_sentence": _points_sentence(points)}
        if "tip_text" in details:
            notify(tip.author, "venues.tip_approved_edited", {**context, "text": tip.text}, link=f"/compounds/{tip.compound_id}/")
        else:
            notify(tip.author, "venues.tip_approved", context, link=f"/compounds/{tip.compound_id}/")
    return tip


def _points_sentence(points: int):
    """The approval notice's words on the points paid ('' for none), rendered by notify() in
    the author's language: a lazy string, as the notice is written in the author's language,
    not the reviewer's. It begins with the space English puts between sentences (Chinese puts
    none: its translation leaves it out)."""
    if points <= 0:
        return ""

    def sentence() -> str:
        # Translators: follows the notice's first sentence; the leading space is English's
        # between sentences (leave it out where the language puts none, as Chinese).
        return ngettext(" You earned %(points)s point.", " You earned %(points)s points.", points) % {"points": points}

    return lazy(sentence, str)()


def _clean_reason(reason: str, missing) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [missing]})
    if len(reason) > 300:
        raise ValidationError({"reason": [_("At most 300 characters.")]})
    try:
        validate_text(reason)
    except ValidationError as exc:
        raise ValidationError({"reason": exc.messages})
    return reason


def tip_reject(*, reviewer, tip: Tip, reason: str) -> Tip:
    _require(reviewer, MODERATE_TIPS)
    reason = _clean_reason(reason, _("Say why, so the rider can write a better tip."))
    with transaction.atomic():
        tip = _lock_pending_tip(tip, reviewer)
        tip.status = TipStatus.REJECTED
        tip.reviewed_by = reviewer
        tip.reviewed_at = timezone.now()
        tip.reject_reason = reason
        tip.save(update_fields=["status", "reviewed_by", "reviewed_at", "reject_reason"])
        audit_record(actor=reviewer, action="venues.tip.reject", target=tip, data={"reason": reason})
        notify(
            tip.author,
            "venues.tip_rejected",
            {"compound": tip.compound.name, "reason": reason},
            # Where the guide shows the author their tip, its state and this reason.
            link=f"/compounds/{tip.compound_id}/#my-tips",
        )
    return tip


def tip_withdraw(*, reviewer, tip: Tip, reason: str) -> Tip:
    """Take an approved tip off its compound's guide (it went out of date: a gate's rule
    changed) and tell its author why. The points its approval paid stay paid: the tip was
    right when it was approved, and a ledger is corrected by new rows, not by taking back.

    Reviewers may withdraw their own approved tips too: nobody gains by it. Saving the tip
    renews the public pages' cache (the model signal, as for an approval)."""
    _require(reviewer, MODERATE_TIPS)
    reason = _clean_reason(reason, _("Say why, so the rider knows what changed."))
    with transaction.atomic():
        tip = Tip.objects.select_for_update().select_related("compound", "author").get(pk=tip.pk)
        if tip.status != TipStatus.APPROVED:
            raise TipNotApproved()
        tip.status = TipStatus.WITHDRAWN
        tip.reject_reason = reason
        tip.save(update_fields=["status", "reject_reason"])
        audit_record(
            actor=reviewer, action=selectors.TIP_WITHDRAWN, target=tip, data={"compound": tip.compound_id, "reason": reason}
        )
        notify(
            tip.author,
            "venues.tip_withdrawn",
            {"compound": tip.compound.name, "reason": reason},
            # The guide lists the author's tips that others no longer see, with the reason.
            link=f"/compounds/{tip.compound_id}/#my-tips",
        )
    return tip


# --- import ------------------------------------------------------------------------------


@dataclass
class ImportReport:
    record: VenueImport | None = None  # what the audit entry names
    created: list[Venue] = field(default_factory=list)
    updated: int = 0
    # Rows without an id naming a venue that exists (same name and address): not imported.
    duplicates: list[tuple[int, Venue]] = field(default_factory=list)  # (row number, the existing venue)


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


def venues_import(
    *, actor, rows: list[tuple[int, dict[str, Any]]], parse_errors: Iterable[RowError] = (), file_name: str = ""
) -> ImportReport:
    """Create or update venues from converted rows `(row number, data)` (spreadsheets.py).

    All or nothing: every row is validated first; if any fails, ImportFailed lists the
    errors by row number and nothing is written. Rows with an `id` update that venue;
    rows without one create a venue, except when a venue with the same name and address
    exists already (the file was imported before, or the row is in it twice): such a row
    writes nothing and is listed in the report's `duplicates`, while the other rows import.
    Re-importing a file is therefore harmless; to change that venue, the row needs its id.

    `parse_errors` (cells that could not be converted) are reported together with the rows'
    validation errors, and a row with such a cell is still checked on the cells it has: a
    file's every error is listed at once, not one batch after another. A column whose cell
    was not understood gets no second message (a kind not understood is not also "missing");
    a row whose id was not understood is not checked further (which venue it is for is unknown).

    The import that goes through is recorded (VenueImport), and the audit entry names it.
    """
    _require(actor, MANAGE_VENUES)
    report = ImportReport()
    errors: list[RowError] = list(parse_errors)
    unreadable = {(e.row, e.column) for e in errors}
    with transaction.atomic():
        for number, data in rows:
            if (number, "id") in unreadable:
                continue
            data = dict(data)
            venue_id = data.pop("id", None)
            try:
                with transaction.atomic():  # a savepoint: a failing row leaves no trace
                    if venue_id:
                        try:
                            venue = Venue.objects.select_for_update().get(pk=venue_id)
                        except Venue.DoesNotExist:
                            raise ValidationError({"id": [_("No venue has id %(id)s.") % {"id": venue_id}]})
                        _write_venue(venue, data)
                        report.updated += 1
                    else:
                        venue = Venue()
                        _write_venue(venue, data)
                        report.created.append(venue)
            except ValidationError as exc:
                for fname, messages in exc.message_dict.items():
                    column = "" if fname == "__all__" else fname
                    if (number, column) not in unreadable:
                        errors.extend(RowError(number, column, str(m)) for m in messages)
            except DuplicateVenue as exc:
                if venue_id:  # an update that would take another venue's name and address
                    errors.append(
                        RowError(
                            number,
                            "",
                            _("Venue %(id)s would then have the name and address of venue %(other)s (%(name)s).")
                            % {"id": venue_id, "other": exc.existing.pk, "name": exc.existing.name},
                        )
                    )
                else:
                    report.duplicates.append((number, exc.existing))
        if errors:
            # Raising inside the outer atomic block rolls back every row written so far.
            raise ImportFailed(sorted(errors))
        report.record = VenueImport.objects.create(
            actor=actor,
            file_name=(file_name or "")[:200],
            created=len(report.created),
            updated=report.updated,
            duplicates=len(report.duplicates),
        )
        details = audit_snapshot(report.record, ("file_name", "created", "updated", "duplicates"))
        if report.duplicates:
            # Row → the venue that already had its name and address: where to look.
            details["duplicate_rows"] = "; ".join(f"{number} → #{venue.pk}" for number, venue in report.duplicates)
        audit_record(actor=actor, action="venues.venue.import", target=report.record, data=details)
    return report
