"""Reads of the venues app. Every list is a constant number of queries, whatever its size."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Exists, F, FloatField, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils.translation import gettext as _

from . import hours as hours_lib
from .models import Amenity, Compound, OpeningHours, Tip, TipStatus, Venue

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE = EARTH_RADIUS_M * math.pi / 180  # along a meridian
DEFAULT_RADIUS_M = 10_000  # the sub-district and its neighbours; a rider's range
MAX_RADIUS_M = 50_000


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
    return lat, lng


def amenity_ids_for_codes(codes: Iterable[str]) -> list[int]:
    """Active amenity ids for these codes, in one query; ValidationError naming unknown codes."""
    codes = sorted({c.strip() for c in codes if c and c.strip()})
    if not codes:
        return []
    found = dict(Amenity.objects.filter(code__in=codes, active=True).values_list("code", "id"))
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(
            _("Unknown amenity: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="unknown_amenity",
        )
    return [found[c] for c in codes]


# --- SQL expressions ---------------------------------------------------------------------


def distance_expression(lat: float, lng: float):
    """Haversine distance in metres from (lat, lng) to each row's (lat, lng), computed by the
    database (PostgreSQL natively; Django registers the math functions on SQLite)."""
    phi0, lam0 = math.radians(lat), math.radians(lng)
    phi, lam = Radians(F("lat")), Radians(F("lng"))
    half_dphi = Sin((phi - Value(phi0)) / Value(2.0))
    half_dlam = Sin((lam - Value(lam0)) / Value(2.0))
    a = Power(half_dphi, 2) + Cos(phi) * Value(math.cos(phi0)) * Power(half_dlam, 2)
    # Least(): rounding can push `a` a hair above 1 for antipodes, and ASIN would fail.
    return Value(2 * EARTH_RADIUS_M) * ASin(Sqrt(Least(a, Value(1.0), output_field=FloatField())))


def bounding_box(lat: float, lng: float, radius_m: float) -> Q:
    """A lat/lng box around the circle: cheap, index-friendly, and drops most rows before
    the exact distance is computed."""
    dlat = radius_m / METRES_PER_DEGREE
    coslat = max(math.cos(math.radians(lat)), 1e-6)
    dlng = min(radius_m / (METRES_PER_DEGREE * coslat), 180.0)
    return Q(lat__gte=lat - dlat, lat__lte=lat + dlat, lng__gte=lng - dlng, lng__lte=lng + dlng)


def open_now_q(at: datetime | None = None, prefix: str = "") -> Q:
    """Opening-hours rows covering `at` (Asia/Shanghai): the SQL twin of hours.is_open()."""
    day, minute = hours_lib.minute_of_week(hours_lib.local(at))
    p = prefix
    return Q(**{f"{p}day": day, f"{p}start__lte": minute, f"{p}end__gt": minute}) | Q(
        **{f"{p}day": (day - 1) % 7, f"{p}end__gt": minute + hours_lib.DAY}
    )


def open_now_exists(at: datetime | None = None) -> Exists:
    return Exists(OpeningHours.objects.filter(open_now_q(at), venue=OuterRef("pk")))


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
) -> QuerySet[Venue]:
    """Active venues, filtered; annotated with `open_now` and (with `near`) `distance_m`.

    With `near`, only venues within `radius_m` (default 10 km) are returned, nearest
    first: a bounding box in SQL, then the exact distance as an SQL annotation, so the
    database sorts and pages and Python never sees the others.
    """
    qs = Venue.objects.filter(active=True).select_related("community")
    if kind:
        qs = qs.filter(kind=kind)
    for amenity_id in amenity_ids:  # all of them: "water AND charging"
        qs = qs.filter(Exists(Venue.amenities.through.objects.filter(venue=OuterRef("pk"), amenity_id=amenity_id)))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    qs = qs.annotate(open_now=open_now_exists(at))
    if open_now:
        qs = qs.filter(open_now=True)
    qs = qs.prefetch_related(Prefetch("amenities", queryset=Amenity.objects.only("id", "code", "name", "name_en")))
    if near is not None:
        lat, lng = near
        radius = min(float(radius_m or DEFAULT_RADIUS_M), MAX_RADIUS_M)
        qs = (
            qs.filter(bounding_box(lat, lng, radius))
            .annotate(distance_m=distance_expression(lat, lng))
            .filter(distance_m__lte=radius)
            .order_by("distance_m", "id")
        )
    else:
        qs = qs.order_by("kind", "name", "id")
    return qs


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


def venues_operated_by(user) -> QuerySet[Venue]:
    return Venue.objects.filter(operators=user).order_by("name", "id")


def active_amenities() -> QuerySet[Amenity]:
    return Amenity.objects.filter(active=True)


# --- compounds ---------------------------------------------------------------------------


def compound_list(*, q: str = "", near: tuple[float, float] | None = None, radius_m: float | None = None) -> QuerySet[Compound]:
    qs = Compound.objects.filter(active=True).select_related("community")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    if near is not None:
        lat, lng = near
        radius = min(float(radius_m or DEFAULT_RADIUS_M), MAX_RADIUS_M)
        return (
            qs.filter(bounding_box(lat, lng, radius))
            .annotate(distance_m=distance_expression(lat, lng))
            .filter(distance_m__lte=radius)
            .order_by("distance_m", "id")
        )
    return qs.order_by("name", "id")


def compound_for_guide(pk: int) -> Compound:
    """A compound with gates, parking, bikes and its approved tips (authors joined)."""
    approved = Tip.objects.filter(status=TipStatus.APPROVED).select_related("author").order_by("-reviewed_at", "-id")
    return (
        Compound.objects.filter(active=True)
        .select_related("community")
        .prefetch_related("gates", "parking_spots", "warm_bikes", Prefetch("tips", queryset=approved, to_attr="approved_tips"))
        .get(pk=pk)
    )


def tip_queue(*, status: str = TipStatus.PENDING) -> QuerySet[Tip]:
    return Tip.objects.filter(status=status).select_related("compound", "author").order_by("created_at", "id")
