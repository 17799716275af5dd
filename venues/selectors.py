"""Reads of the venues app. Every list is a constant number of queries, whatever its size."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Exists, FloatField, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from friendlystreet import prepared

from . import cache as venue_cache
from . import hours as hours_lib
from .models import Amenity, Compound, OpeningHours, Tip, TipStatus, Venue

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
    # 4 decimals is about 10 m: finer than a phone's fix, and riders a few steps apart
    # then share cached results (cache.py).
    return round(lat, NEAR_DECIMALS), round(lng, NEAR_DECIMALS)


def amenity_ids_for_codes(codes: Iterable[str]) -> list[int]:
    """Active amenity ids for these codes, in one query; ValidationError naming unknown codes."""
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


def distance_expression(lat: float, lng: float, table: str | None = None) -> RawSQL:
    """Haversine distance in metres from (lat, lng) to each row's (lat, lng), computed by the
    database (PostgreSQL natively; Django registers the math functions on SQLite).

    Raw SQL rather than a tree of Func() objects: the same arithmetic, but Django compiles
    one node instead of thirty, which was a third of the list API's time (bench/).
    """
    quote = connection.ops.quote_name
    prefix = f"{quote(table)}." if table else ""
    lat_col, lng_col = f"{prefix}{quote('lat')}", f"{prefix}{quote('lng')}"
    # LEAST (MIN on SQLite): rounding can push the argument a hair above 1 for antipodes.
    least = "LEAST" if connection.vendor == "postgresql" else "MIN"
    sql = (
        f"%s * ASIN(SQRT({least}("
        f"POWER(SIN((RADIANS({lat_col}) - %s) / 2.0), 2)"
        f" + COS(RADIANS({lat_col})) * %s * POWER(SIN((RADIANS({lng_col}) - %s) / 2.0), 2)"
        f", 1.0)))"
    )
    phi0, lam0 = math.radians(lat), math.radians(lng)
    # The SQL text is constant (quoted column names); the numbers go as parameters.
    return RawSQL(sql, (2 * EARTH_RADIUS_M, phi0, math.cos(phi0), lam0), output_field=FloatField())  # noqa: S611


def amenity_codes_for(venue_ids: Iterable[int]) -> dict[int, list[str]]:
    """{venue id: [amenity codes]} for a page of venues, in one query of plain tuples
    (cheaper than prefetching Amenity objects, which the API does not need)."""
    codes: dict[int, list[str]] = {}
    rows = Venue.amenities.through.objects.filter(venue_id__in=list(venue_ids)).values_list("venue_id", "amenity__code")
    for venue_id, code in rows.order_by("venue_id", "amenity__code"):
        codes.setdefault(venue_id, []).append(code)
    return codes


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
    amenity_objects: bool = True,
) -> QuerySet[Venue]:
    """Active venues, filtered; annotated with `open_now` and (with `near`) `distance_m`.

    `amenity_objects=False` skips prefetching Amenity objects (the API fetches the codes of
    its page with amenity_codes_for()).

    With `near`, nearest first, and with `radius_m` only the venues within it: a bounding
    box in SQL, then the exact distance as an SQL annotation, so the database sorts and
    pages and Python never sees the others. (On PostgreSQL the API's near page comes from
    venue_page_near(), which keeps this order with an index.)
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
    if amenity_objects:
        qs = qs.prefetch_related(Prefetch("amenities", queryset=Amenity.objects.only("id", "code", "name", "name_en")))
    return _nearest_first(qs, near, radius_m) if near is not None else qs.order_by("kind", "name", "id")


def has_near_index() -> bool:
    """Whether the database has the venues' nearest-first index (migration 0002 builds it on
    PostgreSQL): venue_page_near() and NearResults need it; elsewhere venue_list() serves."""
    return connection.vendor == "postgresql"


def venue_page_near(
    *,
    near: tuple[float, float],
    radius_m: float | None = None,
    kind: str | None = None,
    amenity_ids: Iterable[int] = (),
    open_now: bool = False,
    q: str = "",
    page: int = 1,
    size: int = 20,
    at: datetime | None = None,
) -> tuple[list[dict], int]:
    """PostgreSQL: one page of the venue list API with `near`, as API items, and the total.
    The same venues in the same order as venue_list(near=...) and page_with_count().

    Why not the ORM: riders ask from wherever they are, so this page is seldom cached, and
    sorting every venue by a computed distance, planning that query and building model
    instances cost ten times the work a page needs. Here one prepared statement walks the
    GiST index of the venues' points nearest first (migration 0002) and stops after the
    page; the total comes from the per-filter count cache, or, with a radius, from the
    same statement. Venues at exactly the same distance come in the index's order (the
    same from one request to the next while the venues do not change).
    """
    filters = {"kind": kind, "amenity_ids": amenity_ids, "open_now": open_now, "q": q}
    items, total = _near_items(near=near, radius_m=radius_m, offset=(page - 1) * size, limit=size, at=at, **filters)
    return items, (total if radius_m else venue_count(at=at, **filters))


def _near_items(*, near, radius_m=None, offset, limit, at=None, **filters) -> tuple[list[dict], int | None]:
    """The API's items of one near_page_statement(), and its total if it has a radius."""
    sql, params = near_page_statement(near=near, radius_m=radius_m, offset=offset, limit=limit, at=at, **filters)
    rows = prepared.fetch_all(sql, params)
    total = None
    if radius_m:
        total, rows = rows[0][0], [r[1:] for r in rows if r[1] is not None]
    return _items(near, rows), total


def _items(near: tuple[float, float], rows: list[tuple]) -> list[dict]:
    """near_page_statement()'s rows as the API's items."""
    code_of = amenity_codes_by_id()
    return [
        {
            "id": vid,
            "name": name,
            "kind": vkind,
            "address": address,
            "lat": vlat,
            "lng": vlng,
            "amenities": sorted(code_of[a] for a in amenity_ids),
            "open_now": is_open,
            "distance_m": round(2 * EARTH_RADIUS_M * math.asin(min(chord / 2, 1.0))),
        }
        for vid, name, vkind, address, vlat, vlng, is_open, amenity_ids, chord in rows
    ]


class NearResults:
    """PostgreSQL: venue_page_near()'s venues as a sequence Django's Paginator can page (the
    list page): `count()` is the cached total, a slice one prepared statement."""

    def __init__(self, *, near: tuple[float, float], kind: str | None, amenity_ids: Iterable[int], open_now: bool, q: str):
        self.filters = {"kind": kind, "amenity_ids": sorted(set(amenity_ids)), "open_now": open_now, "q": q}
        self.near = near

    def count(self) -> int:
        return venue_count(**self.filters)

    def __getitem__(self, page: slice) -> list[SimpleNamespace]:
        """The API's items, as objects for the templates."""
        items, _total = _near_items(near=self.near, offset=page.start, limit=page.stop - page.start, **self.filters)
        return [SimpleNamespace(**item) for item in items]


def near_page_statement(
    *,
    near: tuple[float, float],
    radius_m: float | None,
    kind: str | None,
    amenity_ids: Iterable[int],
    open_now: bool,
    q: str,
    offset: int,
    limit: int,
    at: datetime | None,
) -> tuple[str, list]:
    """venue_page_near()'s SQL (PREPARE syntax) and parameters: rows of
    (id, name, kind, address, lat, lng, open now, amenity ids, chord), each led by the
    total when there is a radius."""
    lat, lng = near
    params: list = []

    def param(value, cast: str) -> str:
        params.append(value)
        return f"${len(params)}::{cast}"

    point = param("({}, {}, {})".format(*_unit_vector(lat, lng)), "cube")
    where = ["v.active"]
    if kind:
        where.append(f"v.kind = {param(kind, 'text')}")
    amenity_ids = sorted(set(amenity_ids))
    if amenity_ids:
        where.append(f"v.amenity_ids @> {param(amenity_ids, 'bigint[]')}")
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        pq = param(pattern, "text")
        # As Django's icontains on PostgreSQL (ILIKE folds some letters differently).
        where.append(f"(UPPER(v.name) LIKE UPPER({pq}) OR UPPER(v.address) LIKE UPPER({pq}))")
    day, minute = hours_lib.minute_of_week(hours_lib.local(at))
    pminute = param(minute, "int")
    # Only "$n" placeholders are put into the SQL text below; every value is a parameter.
    hours_now = (
        f'(h.day = {param(day, "int")} AND h.start <= {pminute} AND h."end" > {pminute})'
        f' OR (h.day = {param((day - 1) % 7, "int")} AND h."end" > {param(minute + hours_lib.DAY, "int")})'
    )
    open_at = f"EXISTS (SELECT 1 FROM venues_openinghours h WHERE h.venue_id = v.id AND ({hours_now}))"  # noqa: S608
    if open_now:
        where.append(open_at)
    if radius_m:
        chord = param(2 * math.sin(min(float(radius_m), MAX_RADIUS_M) / (2 * EARTH_RADIUS_M)), "float8")
        # The box first (the index answers it), then the exact sphere.
        where.append(f"v.earth <@ cube_enlarge({point}, {chord}, 3) AND v.earth <-> {point} <= {chord}")
    matching = " AND ".join(where)
    # Written for one generic plan (prepared.py), which must walk the index nearest first
    # (a test holds it to that): LIMIT is a parameter, so the planner reckons on reading
    # part of the index, never on sorting every venue. Only then are the hours of the
    # page's venues looked up, one venue at a time: a scalar subquery with LIMIT, which
    # the planner cannot turn into a hash of the hours of every venue open now.
    page_sql = f"""
        SELECT v.id, v.name, v.kind, v.address, v.lat, v.lng,
            (SELECT true FROM venues_openinghours h WHERE h.venue_id = v.id AND ({hours_now}) LIMIT 1) IS NOT NULL,
            v.amenity_ids, v.chord
        FROM (
            SELECT v.id, v.name, v.kind, v.address, v.lat, v.lng, v.amenity_ids, v.earth <-> {point} AS chord
            FROM venues_venue v WHERE {matching}
            ORDER BY v.earth <-> {point}
            LIMIT {param(limit, "int")} OFFSET {param(offset, "bigint")}
        ) v
        ORDER BY v.chord, v.id
    """  # noqa: S608
    if not radius_m:
        return page_sql, params
    # The count depends on where the rider is: it rides in the same statement, and a page
    # past the end still answers it.
    sql = f"""
        WITH page AS ({page_sql})
        SELECT (SELECT count(*) FROM venues_venue v WHERE {matching}), page.*
        FROM (SELECT 1) one LEFT JOIN page ON true ORDER BY page.chord, page.id
    """  # noqa: S608
    return sql, params


def _unit_vector(lat: float, lng: float) -> tuple[float, float, float]:
    """The point on the unit sphere, as migration 0002 computes `earth`."""
    phi, lam = math.radians(lat), math.radians(lng)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def venue_count(
    *, kind: str | None = None, amenity_ids: Iterable[int] = (), open_now: bool = False, q: str = "", at: datetime | None = None
) -> int:
    """How many active venues match these filters, wherever the rider is (cached until
    the venues change, or the minute does when "open now" counts)."""
    amenity_ids = sorted(set(amenity_ids))
    key = venue_cache.key("count", kind, amenity_ids, open_now, q) if at is None else None

    def count() -> int:
        return venue_list(kind=kind, amenity_ids=amenity_ids, open_now=open_now, q=q, at=at, amenity_objects=False).count()

    return count() if key is None else venue_cache.remember(key, count)


def _nearest_first(qs: QuerySet, near: tuple[float, float], radius_m: float | None) -> QuerySet:
    """`distance_m` from `near`, nearest first; with a radius, only those within it."""
    lat, lng = near
    qs = qs.annotate(distance_m=distance_expression(lat, lng, qs.model._meta.db_table))
    if radius_m:
        radius = min(float(radius_m), MAX_RADIUS_M)
        qs = qs.filter(bounding_box(lat, lng, radius)).filter(distance_m__lte=radius)
    return qs.order_by("distance_m", "id")


def page_with_count(qs: QuerySet, *, page: int, size: int) -> tuple[list, int]:
    """One page of `qs` and the total, in one query: COUNT(*) OVER () rides along with the
    page instead of a separate COUNT query (which repeats every filter and the distance)."""
    offset = (page - 1) * size
    rows = list(qs.annotate(total_count=Window(Count("*")))[offset : offset + size])
    if rows:
        return rows, rows[0].total_count
    return rows, (qs.count() if offset else 0)  # past the end: the total needs its own query


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


def active_amenities() -> list[Amenity]:
    """The active amenities in display order (cached: every list page and filter needs them)."""
    return venue_cache.remember(venue_cache.key("amenities"), lambda: list(Amenity.objects.filter(active=True)))


def active_amenity_ids() -> dict[str, int]:
    """{code: id} of the active amenities; cached as plain values, which the per-process
    cache unpickles several times faster than Amenity objects (every filtered list asks)."""
    return venue_cache.remember(
        venue_cache.key("amenity-ids"), lambda: dict(Amenity.objects.filter(active=True).values_list("code", "id"))
    )


def amenities_by_code() -> dict[str, Amenity]:
    """Every amenity by code, inactive ones too (a venue keeps what it was given)."""
    return venue_cache.remember(venue_cache.key("amenities-by-code"), lambda: {a.code: a for a in Amenity.objects.all()})


def amenity_codes_by_id() -> dict[int, str]:
    """Every amenity's code by id, inactive ones too (a venue keeps what it was given)."""
    return venue_cache.remember(venue_cache.key("amenity-codes"), lambda: dict(Amenity.objects.values_list("id", "code")))


# --- compounds ---------------------------------------------------------------------------


def compound_list(*, q: str = "", near: tuple[float, float] | None = None, radius_m: float | None = None) -> QuerySet[Compound]:
    qs = Compound.objects.filter(active=True).select_related("community")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    if near is not None:
        return _nearest_first(qs, near, radius_m)
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
