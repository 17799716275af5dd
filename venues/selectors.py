"""Reads of the venues app. Every list is a constant number of queries, whatever its size."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone
from django.utils.translation import gettext as _

from friendlystreet.audit.models import AuditEntry
from friendlystreet.audit.selectors import AuditFilters, Change, actor_label, audit_entries, entry_changes

from . import cache as venue_cache
from . import hooks
from . import hours as hours_lib
from .models import (
    Amenity,
    Community,
    Compound,
    OpeningHours,
    Partner,
    Tip,
    TipStatus,
    Venue,
    VenueKind,
    VenuePhoto,
    shown_tip,
)

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE = EARTH_RADIUS_M * math.pi / 180  # along a meridian
MAX_RADIUS_M = 50_000
NEAR_DECIMALS = 4


# --- input helpers -----------------------------------------------------------------------


def parse_near(value: str) -> tuple[float, float]:
    """ "<lat>,<lng>" → (lat, lng); ValidationError on anything else."""
    parts = [p.strip() for p in (value or "").split(",")]
    try:
        if len(parts) != 2:
            raise ValueError
        lat, lng = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValidationError(_("“near” must be “latitude,longitude”, e.g. 30.6071,104.1250."), code="invalid_near")
    if not (math.isfinite(lat) and math.isfinite(lng)) or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationError(
            _("“near” is outside the earth: latitude must be within ±90 and longitude within ±180."), code="invalid_near"
        )
    # 4 decimals is about 10 m: finer than a phone's fix.
    return round(lat, NEAR_DECIMALS), round(lng, NEAR_DECIMALS)


def amenity_ids_for_codes(codes: Iterable[str]) -> list[int]:
    """Active amenity ids for these codes (from the cache); ValidationError naming unknown codes."""
    codes = sorted({c.strip() for c in codes if c and c.strip()})
    if not codes:
        return []
    found = active_amenity_ids()
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(
            _("Unknown amenity: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="unknown_amenity",
        )
    return [found[c] for c in codes]


# --- SQL expressions ---------------------------------------------------------------------


def distance_expression(lat: float, lng: float) -> Expression:
    """Haversine distance in metres from (lat, lng) to each row's (lat, lng), computed by the
    database (PostgreSQL natively; Django registers these math functions on SQLite)."""
    phi0, lam0 = math.radians(lat), math.radians(lng)
    half_dlat = Sin((Radians("lat") - Value(phi0)) / Value(2.0))
    half_dlng = Sin((Radians("lng") - Value(lam0)) / Value(2.0))
    a = Power(half_dlat, 2) + Cos(Radians("lat")) * Value(math.cos(phi0)) * Power(half_dlng, 2)
    # Least: rounding can push `a` a hair above 1 for antipodes, outside ASIN's domain.
    return ASin(Sqrt(Least(a, Value(1.0))), output_field=FloatField()) * Value(2 * EARTH_RADIUS_M)


def amenity_codes_for(venue_ids: Iterable[int]) -> dict[int, list[str]]:
    """{venue id: [amenity codes]} for a page of venues, in one query of plain tuples
    (cheaper than prefetching Amenity objects, which the API does not need)."""
    codes: dict[int, list[str]] = {}
    rows = Venue.amenities.through.objects.filter(venue_id__in=list(venue_ids)).values_list("venue_id", "amenity__code")
    for venue_id, code in rows.order_by("venue_id", "amenity__code"):
        codes.setdefault(venue_id, []).append(code)
    return codes


def bounding_box(lat: float, lng: float, radius_m: float) -> Q:
    """A lat/lng box around the circle: the (lat, lng) index answers it, and it drops most
    rows before the exact distance is computed."""
    dlat = radius_m / METRES_PER_DEGREE
    coslat = max(math.cos(math.radians(lat)), 1e-6)
    dlng = min(radius_m / (METRES_PER_DEGREE * coslat), 180.0)
    return Q(lat__gte=lat - dlat, lat__lte=lat + dlat, lng__gte=lng - dlng, lng__lte=lng + dlng)


def open_now_q(at: datetime | None = None, prefix: str = "") -> Q:
    """Opening-hours rows covering `at` (Asia/Shanghai): hours.is_open()'s rule as a filter,
    so that a list asks the database instead of loading every venue's hours."""
    day, minute = hours_lib.minute_of_week(hours_lib.local(at))
    p = prefix
    return Q(**{f"{p}day": day, f"{p}start__lte": minute, f"{p}end__gt": minute}) | Q(
        **{f"{p}day": (day - 1) % 7, f"{p}end__gt": minute + hours_lib.DAY}
    )


def open_now_exists(at: datetime | None = None) -> Exists:
    return Exists(OpeningHours.objects.filter(open_now_q(at), venue=OuterRef("pk")))


def venue_search_q(text: str) -> Q:
    """What a rider's search text finds: the venue's name or address, an amenity it offers
    (in either language: "充电" finds the venues with 手机充电), or a service it lists ("热水"
    finds 热水供应). Services are a JSON list searched as its text: their encoder
    (models.TextAsWrittenEncoder) stores "热水" as written on SQLite, as PostgreSQL prints jsonb,
    so the same search finds the same venues on both databases."""
    offers = Venue.amenities.through.objects.filter(venue=OuterRef("pk"), amenity__active=True).filter(
        Q(amenity__name__icontains=text) | Q(amenity__name_en__icontains=text)
    )
    return Q(name__icontains=text) | Q(address__icontains=text) | Q(Exists(offers)) | Q(services__icontains=text)


def kind_order() -> Case:
    """The kinds in the order the product presents them (VenueKind: rest stations first), not
    in the alphabetical order of their English codes."""
    return Case(
        *(When(kind=code, then=Value(i)) for i, code in enumerate(VenueKind.values)),
        default=Value(len(VenueKind.values)),
        output_field=IntegerField(),
    )


# --- venues ------------------------------------------------------------------------------


def venue_list(
    *,
    kind: str | None = None,
    amenity_ids: Iterable[int] = (),
    open_now: bool = False,
    near: tuple[float, float] | None = None,
    radius_m: float | None = None,
    q: str = "",
    at: datetime | None = None,
    amenity_objects: bool = True,
) -> QuerySet[Venue]:
    """Active venues, filtered; annotated with `open_now`, `hours_known` and (with `near`) `distance_m`.
    Without `near`: open now first, then by kind (kind_order()), then by name.

    `amenity_objects=False` skips prefetching Amenity objects (the API fetches the codes of
    its page with amenity_codes_for()).

    With `near`, nearest first, and with `radius_m` only the venues within it: a bounding
    box in SQL, then the exact distance as an SQL annotation, so the database sorts and
    pages and Python never sees the others.
    """
    qs = Venue.objects.filter(active=True).select_related("community")
    if kind:
        qs = qs.filter(kind=kind)
    for amenity_id in amenity_ids:  # all of them: "water AND charging"
        qs = qs.filter(Exists(Venue.amenities.through.objects.filter(venue=OuterRef("pk"), amenity_id=amenity_id)))
    if q:
        qs = qs.filter(venue_search_q(q))
    # hours_known: whether the venue gave its hours at all; without any, open_now is no
    # answer ("hours not given", null in the API), not "closed".
    qs = qs.annotate(open_now=open_now_exists(at), hours_known=Exists(OpeningHours.objects.filter(venue=OuterRef("pk"))))
    if open_now:
        qs = qs.filter(open_now=True)
    if amenity_objects:
        qs = qs.prefetch_related(Prefetch("amenities", queryset=Amenity.objects.only("id", "code", "name", "name_en")))
    if near is not None:
        return _nearest_first(qs, near, radius_m)
    # Where a rider can go now first, rest stations first among them; then by name.
    return qs.order_by(F("open_now").desc(), kind_order(), "name", "id")


def _nearest_first(qs: QuerySet, near: tuple[float, float], radius_m: float | None) -> QuerySet:
    """`distance_m` from `near`, nearest first; with a radius, only those within it."""
    lat, lng = near
    qs = qs.annotate(distance_m=distance_expression(lat, lng))
    if radius_m:
        radius = min(float(radius_m), MAX_RADIUS_M)
        qs = qs.filter(bounding_box(lat, lng, radius)).filter(distance_m__lte=radius)
    return qs.order_by("distance_m", "id")


def page_with_count(qs: QuerySet, *, page: int, size: int) -> tuple[list, int] | None:
    """One page of `qs` and the total, in one query: COUNT(*) OVER () rides along with the
    page instead of a separate COUNT query (which repeats every filter and the distance).
    None for a page past the end; page 1 of nothing is an empty page, total 0."""
    offset = (page - 1) * size
    rows = list(qs.annotate(total_count=Window(Count("*")))[offset : offset + size])
    if rows:
        return rows, rows[0].total_count
    return None if page > 1 else (rows, 0)


def venue_for_page(pk: int, *, include_inactive: bool = False) -> Venue:
    """One venue with everything its page shows, in a fixed number of queries."""
    qs = Venue.objects.select_related("community").prefetch_related(
        "hours",
        Prefetch("amenities", queryset=Amenity.objects.filter(active=True)),
        "photos",
    )
    if not include_inactive:
        qs = qs.filter(active=True)
    return qs.get(pk=pk)


def venue_at_same_place(*, name: str, address: str, exclude_pk: int | None = None) -> Venue | None:
    """The venue (active or not) listed under this name at this address, other than
    `exclude_pk`: the same place entered twice. Exact texts (spaces at the ends aside), the
    same comparison on SQLite and PostgreSQL."""
    qs = Venue.objects.filter(name=(name or "").strip(), address=(address or "").strip())
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.only("id", "name", "address").order_by("id").first()


def plaque_holder(
    number: str, *, exclude_venue_pk: int | None = None, exclude_partner_pk: int | None = None
) -> Venue | Partner | None:
    """The venue, else the non-venue partner, that holds this plaque number (active or not):
    venues and partners share the plaques' numbering. Case does not count (cll-nx-05 is
    CLL-NX-05); plaque numbers are written in ASCII, which SQLite and PostgreSQL compare alike."""
    if not number:
        return None
    venues = Venue.objects.filter(plaque_number__iexact=number)
    if exclude_venue_pk is not None:
        venues = venues.exclude(pk=exclude_venue_pk)
    venue = venues.only("id", "name", "plaque_number").order_by("id").first()
    if venue is not None:
        return venue
    partners = Partner.objects.filter(plaque_number__iexact=number)
    if exclude_partner_pk is not None:
        partners = partners.exclude(pk=exclude_partner_pk)
    return partners.only("id", "name", "plaque_number").order_by("id").first()


def plaque_taken_error(number: str, holder: Venue | Partner) -> ValidationError:
    """The message that names who holds the number, for the forms, the import and the API."""
    if isinstance(holder, Venue):
        text = _("Plaque number %(number)s is already the venue “%(name)s”'s (no. %(id)s): each plaque has its own number.")
    else:
        text = _("Plaque number %(number)s is already the partner “%(name)s”'s: each plaque has its own number.")
    # The number as the holder's plaque has it (cll-nx-05 typed is CLL-NX-05 there).
    return ValidationError(
        {"plaque_number": [text % {"number": holder.plaque_number or number, "name": holder.name, "id": holder.pk}]}
    )


def amenity_code_taken(code: str) -> ValidationError | None:
    """A code another amenity has (the API's filters name amenities by it): the error that
    names that amenity, for the staff form and the service, instead of Django's 具有 代码 的
    便民设施 已存在。 Case does not count (codes are ASCII: the same on SQLite and PostgreSQL)."""
    existing = Amenity.objects.filter(code__iexact=(code or "").strip()).only("code", "name").first()
    if existing is None:
        return None
    return ValidationError(
        {
            "code": [
                _("The code “%(code)s” is already the amenity “%(name)s”'s: choose another.")
                % {"code": existing.code, "name": existing.name}
            ]
        }
    )


# --- communities ---------------------------------------------------------------------------


def community_name_taken(name: str, *, exclude_pk: int | None = None) -> ValidationError | None:
    """The error for a name another community has (the import finds a community by its name,
    so two alike would be ambiguous), for the staff form and the service alike; None if free."""
    existing = Community.objects.filter(name__iexact=(name or "").strip()).exclude(pk=exclude_pk).first()
    if existing is None:
        return None
    return ValidationError({"name": [_("A community named “%(name)s” exists already.") % {"name": existing.name}]})


def _community_references():
    """Every relation that points at a community, whichever app holds it (venues, compound
    guides, riders' reports, riders' home community…): read from the model, so a new one counts
    without venues importing its app."""
    return [rel for rel in Community._meta.related_objects if not rel.many_to_many and rel.field.concrete]


def community_uses(community: Community) -> list[tuple[str, int]]:
    """Where a community is used: (what, how many) for each kind of row that names it."""
    uses = []
    for rel in _community_references():
        count = rel.related_model._default_manager.filter(**{rel.field.name: community}).count()
        if count:
            uses.append((str(rel.related_model._meta.verbose_name_plural), count))
    return uses


def communities_for_staff() -> QuerySet[Community]:
    """The communities in their order, with how many venues and compound guides each has and
    whether anything at all names it (`in_use`: then it can be renamed, not deleted)."""
    in_use = None
    for rel in _community_references():
        used = Exists(rel.related_model._default_manager.filter(**{rel.field.name: OuterRef("pk")}))
        in_use = used if in_use is None else in_use | used
    qs = Community.objects.annotate(
        venue_count=Count("venues", distinct=True), compound_count=Count("compounds", distinct=True)
    ).order_by("position", "name")
    if in_use is None:
        return qs.annotate(in_use=Value(False))
    return qs.annotate(in_use=ExpressionWrapper(in_use, output_field=BooleanField()))


def venues_operated_by(user) -> QuerySet[Venue]:
    return Venue.objects.filter(operators=user).order_by("name", "id")


def venues_run_alone_by(user) -> QuerySet[Venue]:
    """The venues `user` operates that have no other operator: a rider who operates one cannot
    confirm their own vouchers of it (rewards' voucher_confirm), and nobody else can there."""
    others = Venue.operators.through.objects.filter(venue_id=OuterRef("pk")).exclude(user_id=user.pk)
    return venues_operated_by(user).filter(~Exists(others)).only("id", "name")


def venues_to_give(user=None) -> QuerySet[Venue]:
    """The active venues a partner operator may be given: those `user` does not operate yet, or
    all of them for an account being opened (None)."""
    venues = Venue.objects.filter(active=True)
    if user is not None:
        venues = venues.exclude(operators=user)
    return venues.only("id", "name").order_by("name", "id")


# --- a partner operator's edits, for the street office ----------------------------------------

# The audit entries of a partner operator's edit (services.venue_details_update, and a photo
# added or deleted by an operator) carry this key, True: what the street office did not do
# itself, and should look at (a wrong phone, anything in the description).
BY_OPERATOR = "by_operator"
VENUE_CHANGED = "venues.venue.update"
PHOTO_ADDED = "venues.photo.add"
PHOTO_DELETED = "venues.photo.delete"
RECENT_OPERATOR_EDITS = 5


@dataclass(frozen=True)
class OperatorEdit:
    """One save of a partner operator's, as the staff venue page shows it."""

    entry_id: int
    at: datetime
    who: str  # as every staff page names a person (accounts.selectors.person_label); "" if deleted
    changes: list[Change]  # the fields changed, before and after
    photo: str = ""  # "added" or "removed" (a photo entry), else ""
    thumb: VenuePhoto | None = None  # the added photo, while the venue still has it


def operator_edits(venue: Venue, *, photos: Iterable[VenuePhoto] = (), limit: int = RECENT_OPERATOR_EDITS) -> list[OperatorEdit]:
    """The last `limit` edits of the venue by its partner operators, newest first, from the audit
    trail (the entries marked BY_OPERATOR): one query, with whoever made each (and whether they
    are a rider, to mask them) in it. A save that changed nothing is left out. `photos`, the
    venue's photos the page has already read, give the thumbnail of a photo added and kept."""
    entries = (
        audit_entries(AuditFilters(target_type=Venue._meta.label_lower, target_id=str(venue.pk)))
        .filter(action__in=(VENUE_CHANGED, PHOTO_ADDED, PHOTO_DELETED), **{f"data__{BY_OPERATOR}": True})
        .exclude(action=VENUE_CHANGED, data__changes={})[:limit]
    )
    kept = {photo.pk: photo for photo in photos}
    edits = []
    for entry in entries:
        photo_id = entry.data.get("photo")
        edits.append(
            OperatorEdit(
                entry_id=entry.pk,
                at=entry.created_at,
                who=actor_label(entry),
                changes=[c for c in entry_changes(entry.data, entry.target_type) if c.before is not None],
                photo={PHOTO_ADDED: "added", PHOTO_DELETED: "removed"}.get(entry.action, ""),
                thumb=kept.get(photo_id) if entry.action == PHOTO_ADDED and isinstance(photo_id, int) else None,
            )
        )
    return edits


def active_amenities() -> list[Amenity]:
    """The active amenities in display order (cached: every list page and filter needs them)."""
    return venue_cache.remember(("amenities",), lambda: list(Amenity.objects.filter(active=True)))


def active_amenity_ids() -> dict[str, int]:
    """{code: id} of the active amenities (cached: every filtered API list asks)."""
    return venue_cache.remember(("amenity-ids",), lambda: dict(Amenity.objects.filter(active=True).values_list("code", "id")))


# --- compounds ---------------------------------------------------------------------------


def compound_list(*, q: str = "", near: tuple[float, float] | None = None, radius_m: float | None = None) -> QuerySet[Compound]:
    qs = Compound.objects.filter(active=True).select_related("community")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    if near is not None:
        return _nearest_first(qs, near, radius_m)
    return qs.order_by("name", "id")


def compound_for_guide(pk: int) -> Compound:
    """A compound with gates, parking, bikes and the tips riders see (authors joined)."""
    approved = Tip.objects.filter(shown_tip()).select_related("author").order_by("-reviewed_at", "-id")
    return (
        Compound.objects.filter(active=True)
        .select_related("community")
        .prefetch_related("gates", "parking_spots", "warm_bikes", Prefetch("tips", queryset=approved, to_attr="approved_tips"))
        .get(pk=pk)
    )


def own_unpublished_tips(*, compound_id: int, author) -> list[Tip]:
    """The author's own tips on this compound that others do not see: waiting for review,
    rejected or withdrawn (with the reason), newest first. Nobody else's; nothing for an
    anonymous visitor. Approved tips are not here: the guide shows them to everyone."""
    if not getattr(author, "is_authenticated", False):
        return []
    unpublished = [TipStatus.PENDING, TipStatus.REJECTED, TipStatus.WITHDRAWN]
    return list(
        Tip.objects.filter(compound_id=compound_id, author_id=author.pk, status__in=unpublished)
        .exclude(text="")  # erased with an anonymised account
        .order_by("-created_at", "-id")
    )


# How long a second identical tip (same rider, compound and text) is taken for the first one
# sent again: a double tap, a retried request, the form sent from a second tab.
TIP_REPEAT_WINDOW = timedelta(minutes=10)


def earlier_same_tip(*, author, compound_id: int, text: str, idempotency_key: str = "", now: datetime) -> Tip | None:
    """The tip a new one from `author` would repeat, or None: the one rule of services.tip_submit
    (web and API alike). A tip sent with the same key (the form page's, the API's
    Idempotency-Key), whatever became of it; or the same text on the same compound sent less
    than TIP_REPEAT_WINDOW ago and still waiting or published (a rider who took theirs back,
    or was refused, and writes it again means a new tip). The text is compared as the service
    stores it (trimmed). The photo is not compared: a browser does not send a chosen file
    again after Back, and the stored one is a re-encoded copy."""
    mine = Tip.objects.filter(author_id=author.pk)
    if idempotency_key:
        keyed = mine.filter(idempotency_key=idempotency_key).first()
        if keyed is not None:
            return keyed
    return (
        mine.filter(
            compound_id=compound_id,
            text=text,
            status__in=[TipStatus.PENDING, TipStatus.APPROVED],
            created_at__gte=now - TIP_REPEAT_WINDOW,
        )
        .order_by("created_at", "id")
        .first()
    )


def points_for_a_new_tip(*, author, compound: Compound) -> int | None:
    """What the tip `author` is writing would pay once approved, by the providers of
    hooks.tip_points (the rule the moderation page reads, caps applied); None without one. The
    providers get the tip as it would be sent now, unsaved (see hooks)."""
    if not hooks.tip_points or not getattr(author, "is_authenticated", False):
        return None
    tip = Tip(compound=compound, author=author, status=TipStatus.PENDING, created_at=timezone.now())
    return hooks.points_for_tips([tip]).get(tip.pk)


def tip_queue(*, status: str = TipStatus.PENDING) -> QuerySet[Tip]:
    # reviewed_by: a decided tip's card names who decided it, in the same query.
    return Tip.objects.filter(status=status).select_related("compound", "author", "reviewed_by").order_by("created_at", "id")


# The audit entry of a tip's approval (services.tip_approve), whose data keeps a reviewer's
# edit (the words before and after), which venues.privacy.anonymise blanks.
TIP_APPROVED = "venues.tip.approve"
# The audit entry of each way a tip comes off: the street office's withdrawal of an approved tip
# (services.tip_withdraw) and its author's of a waiting one (services.tip_retract).
TIP_WITHDRAWN = "venues.tip.withdraw"
TIP_RETRACTED = "venues.tip.retract"
_WITHDRAWAL_ACTIONS = {TipStatus.WITHDRAWN: TIP_WITHDRAWN, TipStatus.RETRACTED: TIP_RETRACTED}


@dataclass(frozen=True)
class TipWithdrawal:
    """Who took a tip off, and when, as the staff tip queue says it."""

    at: datetime
    by_author: bool  # taken back by its author (retracted), else withdrawn by the street office
    who: str  # the member of staff (public_name, as the queue names its reviewers); "" if deleted


def tip_withdrawals(tips: Iterable[Tip]) -> dict[int, TipWithdrawal]:
    """{tip id: its withdrawal} for the withdrawn and retracted tips among `tips`, from the audit
    trail (a withdrawn tip's reviewed_by/reviewed_at still name its approval): one query for all
    of them, none if there are none. A tip without its entry is left out."""
    actions = {str(tip.pk): _WITHDRAWAL_ACTIONS[tip.status] for tip in tips if tip.status in _WITHDRAWAL_ACTIONS}
    if not actions:
        return {}
    entries = (
        AuditEntry.objects.filter(
            target_type=Tip._meta.label_lower, target_id__in=list(actions), action__in=set(actions.values())
        )
        .select_related("actor")
        .only("id", "created_at", "action", "target_id", "actor__display_name", "actor__phone", "actor__username")
        .order_by("id")
    )
    found = {}
    for entry in entries:
        if actions[entry.target_id] != entry.action:
            continue
        by_author = entry.action == TIP_RETRACTED
        who = "" if by_author or entry.actor is None else entry.actor.public_name()
        found[int(entry.target_id)] = TipWithdrawal(at=entry.created_at, by_author=by_author, who=who)  # the last one
    return found
