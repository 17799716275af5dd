"""On PostgreSQL a rider's "near" list comes from one prepared statement over a GiST index
(selectors.venue_page_near, migration 0002) instead of the ORM's venue_list(): the rider
must not be able to tell. Also the two pieces it stands on: the venues' copy of their
amenity ids, which a trigger keeps in step with the m2m table, and prepared.fetch_all()."""

from __future__ import annotations

import random
import re
from datetime import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from friendlystreet import prepared
from tests.venues.factories import HERE, AmenityFactory, VenueFactory, amenity
from venues import hours as hours_lib
from venues.api import VenueListApi
from venues.models import Amenity, OpeningHours, Venue, VenueKind
from venues.selectors import amenity_codes_for, near_page_statement, page_with_count, venue_list, venue_page_near

pytestmark = [pytest.mark.postgres, pytest.mark.services]

URL = "/api/v1/venues/"

# Fixed moments on the venues' clock (Asia/Shanghai); 2026-11-28 is a Saturday.
SATURDAY_2330 = datetime(2026, 11, 28, 23, 30, tzinfo=hours_lib.VENUE_TZ)
SUNDAY_0130 = datetime(2026, 11, 29, 1, 30, tzinfo=hours_lib.VENUE_TZ)
MONDAY_0030 = datetime(2026, 11, 30, 0, 30, tzinfo=hours_lib.VENUE_TZ)
WEDNESDAY_1300 = datetime(2026, 12, 2, 13, 0, tzinfo=hours_lib.VENUE_TZ)
WEDNESDAY_1030 = datetime(2026, 12, 2, 10, 30, tzinfo=hours_lib.VENUE_TZ)

NAMES = ["暖新驿站", "爱心理发店", "社区卫生服务中心", "Warm Cafe", "100% 充电点", "under_score 书屋", "back\\slash 小站"]
STREETS = ["成龙大道二段", "Chenglong Road", "静康路", "长柏路"]
HOURS = [
    "24/7",
    "Mo-Fr 08:00-20:00; Sa 22:00-02:00+1; Su off",  # closed on Sunday, one overnight
    "Tu-Su 18:00-03:00+1",  # every night into the next day, Sunday's into Monday
    "Mo-Su 09:00-12:00,14:00-18:00",  # closed at lunch
    "Mo,We,Fr 07:00-09:00",
    "",  # no hours: closed every day
]
AMENITY_SETS = [
    (),
    ("toilet",),
    ("phone_charging",),
    ("phone_charging", "toilet"),
    ("phone_charging", "toilet", "water"),
    ("water",),
    ("old_sign", "toilet"),  # an amenity staff have since switched off
]


def a_street_of_venues(n: int = 300, seed: int = 7) -> list[Venue]:
    """n venues within ~5 km of Chenglong Road, each at its own point, with varied kinds,
    names, hours and amenities (every 23rd one deactivated), in bulk."""
    rng = random.Random(seed)
    codes = {"toilet", "phone_charging", "water"}
    amenities = {code: amenity(code) for code in codes} | {"old_sign": AmenityFactory(code="old_sign", active=False)}
    points: set[tuple[float, float]] = set()
    while len(points) < n:
        points.add((round(HERE[0] + rng.uniform(-0.05, 0.05), 6), round(HERE[1] + rng.uniform(-0.05, 0.05), 6)))
    venues = Venue.objects.bulk_create(
        Venue(
            name=f"{rng.choice(NAMES)}{i}",
            kind=rng.choice(VenueKind.values),
            address=f"锦江区{rng.choice(STREETS)}{i}号",
            lat=lat,
            lng=lng,
            active=i % 23 != 0,
        )
        for i, (lat, lng) in enumerate(sorted(points, key=lambda _: rng.random()))
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(venue=v, day=r.day, start=r.start, end=r.end)
        for v in venues
        for r in hours_lib.parse_hours(rng.choice(HOURS))
    )
    through = Venue.amenities.through
    through.objects.bulk_create(through(venue=v, amenity=amenities[code]) for v in venues for code in rng.choice(AMENITY_SETS))
    return venues


def orm_page(*, near, page, size, **filters) -> tuple[list[dict], int]:
    """The page the API gives on SQLite: venue_list() + page_with_count(), serialized."""
    rows, total = page_with_count(venue_list(near=near, amenity_objects=False, **filters), page=page, size=size)
    codes = amenity_codes_for(v.id for v in rows)
    return [dict(item) for item in VenueListApi.OutputSerializer(rows, many=True, context={"codes": codes}).data], total


def assert_same_page(*, near, page, size, **filters) -> int:
    """venue_page_near() gives the ORM's page: same venues, same order, same total, same
    items, distance_m within a metre (the index measures the chord, then converts)."""
    expected, expected_total = orm_page(near=near, page=page, size=size, **filters)
    items, total = venue_page_near(near=near, page=page, size=size, **filters)

    where = f"near={near} page={page} size={size}"
    assert [i["id"] for i in items] == [e["id"] for e in expected], where
    assert total == expected_total, where
    for item, want in zip(items, expected, strict=True):
        assert isinstance(item["distance_m"], int), where
        assert abs(item["distance_m"] - want["distance_m"]) <= 1, (where, item, want)
        assert {**item, "distance_m": None} == {**want, "distance_m": None}, where
    return len(items)


CASES = {
    "nothing but near": {},
    "within 1.5 km": {"radius_m": 1500},
    "within 800 m": {"radius_m": 800},
    "within the widest radius": {"radius_m": 50_000},
    "a radius beyond the widest is the widest": {"radius_m": 80_000},
    "one kind": {"kind": VenueKind.MERCHANT},
    "one amenity": {"amenities": ["toilet"]},
    "two amenities at once": {"amenities": ["phone_charging", "toilet"]},
    "two amenities within 2 km": {"amenities": ["toilet", "water"], "radius_m": 2000},
    "open late on Saturday night": {"open_now": True, "at": SATURDAY_2330},
    "open after midnight into Sunday": {"open_now": True, "at": SUNDAY_0130},
    "open after Sunday midnight (the week wraps)": {"open_now": True, "at": MONDAY_0030},
    "open at lunchtime": {"open_now": True, "at": WEDNESDAY_1300},
    "open now within 1 km": {"open_now": True, "at": WEDNESDAY_1030, "radius_m": 1000},
    "q in the name": {"q": "驿站"},
    "q in the address, in another case": {"q": "CHENGLONG road"},
    "q with a percent sign": {"q": "100%"},
    "q with an underscore": {"q": "_"},
    "q with a backslash": {"q": "k\\s"},
    "q matching nothing": {"q": "不存在的店"},
    "everything at once": {
        "kind": VenueKind.COMMUNITY_STATION,
        "amenities": ["phone_charging"],
        "open_now": True,
        "at": SATURDAY_2330,
        "q": "站",
        "radius_m": 4000,
    },
}
PAGES = [(1, 20), (2, 20), (1, 7), (4, 7), (1, 100), (3, 100)]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_rider_anywhere_gets_the_same_near_page_as_the_orm_gives(postgres_db, case):
    venues = a_street_of_venues()
    filters = {k: v for k, v in case.items() if k != "amenities"}
    filters.setdefault("at", WEDNESDAY_1300)
    filters["amenity_ids"] = [Amenity.objects.get(code=code).id for code in case.get("amenities", [])]
    rng = random.Random(str(case))
    places = [(round(HERE[0] + rng.uniform(-0.06, 0.06), 4), round(HERE[1] + rng.uniform(-0.06, 0.06), 4)) for _ in range(6)]
    places += [(v.lat, v.lng) for v in rng.sample(venues, 2)]  # standing at a venue: 0 m
    places += [(round(HERE[0] + 0.47, 4), HERE[1])]  # 52 km north: the widest radius reaches some
    places += [(39.9042, 116.4074)]  # Beijing: everything 1,500 km away (or nothing within a radius)

    compared = 0
    for near in places:
        for page, size in PAGES:
            compared += assert_same_page(near=near, page=page, size=size, **filters)
        _, total = orm_page(near=near, page=1, size=20, **filters)
        assert_same_page(near=near, page=total // 20 + 2, size=20, **filters)  # a page past the end
    if case is not CASES["q matching nothing"]:
        assert compared > 0  # the comparison did compare venues


def test_a_page_millions_past_the_end_is_empty_and_still_counts(postgres_db, client):
    a_street_of_venues(n=30)
    here = f"{HERE[0]},{HERE[1]}"

    for query in ({"near": here}, {"near": here, "radius": 50_000}):
        response = client.get(URL, {**query, "page": 30_000_000, "page_size": 100})

        assert response.status_code == 200, response.content
        assert response.json()["results"] == [] and response.json()["count"] == 28  # 2 of 30 deactivated


@pytest.mark.parametrize(
    "filters",
    [{}, {"amenity": True}, {"kind": "merchant", "open_now": True}, {"q": "驿站"}, {"radius_m": 1500, "amenity": True}],
    ids=["all", "amenity", "kind-open-now", "search", "radius-amenity"],
)
def test_the_near_page_walks_the_index_nearest_first_whatever_the_filters(postgres_db, filters):
    # One generic plan serves every rider (prepared.py): it must never read every venue.
    a_street_of_venues(2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE venues_venue, venues_openinghours, venues_venue_amenities")
    phone = Amenity.objects.get(code="phone_charging")
    arguments = {"radius_m": None, "kind": None, "amenity_ids": (), "open_now": False, "q": "", "at": WEDNESDAY_1300}
    arguments |= {k: v for k, v in filters.items() if k != "amenity"}
    if filters.get("amenity"):
        arguments["amenity_ids"] = [phone.id]
    sql, params = near_page_statement(near=HERE, offset=20, limit=20, **arguments)
    for _ in range(3):
        prepared.fetch_all(sql, params)

    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(params))
        cursor.execute(f"EXPLAIN EXECUTE {prepared.statement_name(sql)}({placeholders})", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Seq Scan on venues_venue " not in plan, plan
    if arguments["radius_m"]:  # the disc is counted anyway: its box comes from the index
        assert "Bitmap Index Scan on venue_earth" in plan, plan
    else:  # nearest first, straight from the index, stopping after the page
        assert "Index Scan using venue_earth" in plan and "Order By: (earth <-> $1)" in plan, plan


def test_the_list_page_from_anywhere_shows_the_orms_venues_amenities_and_distances(postgres_db, client):
    a_street_of_venues(90)
    toilet = Amenity.objects.get(code="toilet")
    for near in [(HERE[0] + 0.01, HERE[1] - 0.02), (HERE[0] - 0.03, HERE[1] + 0.01)]:
        for page in (1, 2):
            html = client.get("/venues/", {"near": f"{near[0]},{near[1]}", "amenity": "toilet", "page": page}).content.decode()
            orm = list(venue_list(near=near, amenity_ids=[toilet.id]).prefetch_related("amenities"))
            expected = orm[(page - 1) * 20 : page * 20]
            assert re.findall(r'data-venue-id="(\d+)"', html) == [str(v.id) for v in expected]
            assert re.search(r'data-testid="venue-count">(\d+)', html).group(1) == str(len(orm))
            for venue in expected:
                item = re.search(rf'data-venue-id="{venue.id}".*?</li>', html, re.S).group(0)
                assert " · ".join(a.label() for a in venue.amenities.all()) in item
                assert ("open-now" in item) == venue.open_now


# --- the venues' copy of their amenity ids ----------------------------------------------


def amenity_ids_column(*venues: Venue) -> list[list[int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, amenity_ids FROM venues_venue WHERE id = ANY(%s)", [[v.id for v in venues]])
        copies = dict(cursor.fetchall())
    return [copies[v.id] for v in venues]


def test_the_venue_rows_copy_of_amenity_ids_follows_every_change_to_the_amenities(postgres_db):
    toilet, water, charging = amenity("toilet"), amenity("water"), amenity("phone_charging")
    station, neighbour = VenueFactory(), VenueFactory(amenities=["toilet"])
    assert amenity_ids_column(station, neighbour) == [[], [toilet.id]]

    station.amenities.add(water, toilet)
    assert amenity_ids_column(station, neighbour) == [sorted([toilet.id, water.id]), [toilet.id]]

    station.amenities.remove(water)
    assert amenity_ids_column(station) == [[toilet.id]]

    station.amenities.set([charging, water])
    assert amenity_ids_column(station) == [sorted([charging.id, water.id])]

    station.amenities.clear()
    assert amenity_ids_column(station, neighbour) == [[], [toilet.id]]

    # Seen from the other side of the relation too.
    charging.venues.add(station, neighbour)
    assert amenity_ids_column(station, neighbour) == [[charging.id], sorted([toilet.id, charging.id])]


def test_deleting_an_amenity_takes_it_off_every_venue_row(postgres_db):
    toilet, water = amenity("toilet"), amenity("water")
    first = VenueFactory(amenities=["toilet", "water"])
    second = VenueFactory(amenities=["water"])

    water.delete()

    assert amenity_ids_column(first, second) == [[toilet.id], []]


def test_raw_sql_writes_to_the_amenities_table_reach_the_copy(postgres_db):
    toilet, water = amenity("toilet"), amenity("water")
    first, second, third = VenueFactory(), VenueFactory(), VenueFactory()

    with connection.cursor() as cursor:  # as a bulk import or a DBA would: no signals, no ORM
        cursor.execute(
            "INSERT INTO venues_venue_amenities (venue_id, amenity_id)"
            " SELECT v, a FROM unnest(%s::bigint[]) v CROSS JOIN unnest(%s::bigint[]) a",
            [[first.id, second.id], [toilet.id, water.id]],
        )
    assert amenity_ids_column(first, second, third) == [sorted([toilet.id, water.id])] * 2 + [[]]

    with connection.cursor() as cursor:  # a row moved to another venue changes both copies
        cursor.execute(
            "UPDATE venues_venue_amenities SET venue_id = %s WHERE venue_id = %s AND amenity_id = %s",
            [third.id, second.id, water.id],
        )
    assert amenity_ids_column(first, second, third) == [sorted([toilet.id, water.id]), [toilet.id], [water.id]]

    through = Venue.amenities.through
    through.objects.bulk_create([through(venue=third, amenity=toilet)])
    through.objects.filter(venue=first).delete()
    assert amenity_ids_column(first, second, third) == [[], [toilet.id], sorted([toilet.id, water.id])]


def test_emptying_the_amenities_table_at_once_empties_every_copy(postgres_db):
    first, second = VenueFactory(amenities=["toilet", "water"]), VenueFactory(amenities=["water"])

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE venues_venue_amenities")

    assert amenity_ids_column(first, second) == [[], []]


def test_a_venue_given_an_amenity_is_found_by_the_near_filter_at_once(postgres_db):
    toilet = amenity("toilet")
    station = VenueFactory(lat=HERE[0] + 0.001, lng=HERE[1])
    assert venue_page_near(near=HERE, amenity_ids=[toilet.id]) == ([], 0)

    station.amenities.add(toilet)
    items, total = venue_page_near(near=HERE, amenity_ids=[toilet.id], radius_m=1000)

    assert [i["id"] for i in items] == [station.id] and total == 1
    assert items[0]["amenities"] == ["toilet"]


# --- prepared statements ---------------------------------------------------------------


def sql_sent(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries]


def test_a_statement_is_prepared_once_per_connection_then_only_executed(postgres_db):
    connection.close()  # a new connection: nothing prepared on it yet
    add_one = "SELECT $1::int + 1"

    with CaptureQueriesContext(connection) as first:
        assert prepared.fetch_all(add_one, [1]) == [(2,)]
    with CaptureQueriesContext(connection) as second:
        assert prepared.fetch_all(add_one, [41]) == [(42,)]
        assert prepared.fetch_all(add_one, [99]) == [(100,)]

    # The first call prepares in the same round trip as it executes (and tells the
    # connection to keep the generic plan of its prepared statements).
    [statement] = sql_sent(first)
    assert "PREPARE " in statement and "EXECUTE" in statement
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)
    assert all(s.startswith("EXECUTE ") and "PREPARE" not in s for s in sql_sent(second))
    assert len(sql_sent(second)) == 2

    connection.close()  # another connection knows nothing of the first one's statements
    with CaptureQueriesContext(connection) as again:
        assert prepared.fetch_all(add_one, [2]) == [(3,)]
    assert "PREPARE " in sql_sent(again)[0]


def test_a_statement_failing_in_a_rolled_back_transaction_does_not_break_the_next_calls(postgres_db):
    connection.close()
    divide, shout = "SELECT 60 / $1::int", "SELECT $1::text || '!'"

    # Fails on its very first run: the same round trip held its PREPARE.
    with pytest.raises(DatabaseError), transaction.atomic():
        prepared.fetch_all(divide, [0])
    raw = connection.connection
    with CaptureQueriesContext(connection) as recovery:
        assert prepared.fetch_all(shout, ["hello"]) == [("hello!",)]
    assert sql_sent(recovery)[0].startswith("DEALLOCATE ALL")
    assert prepared.fetch_all(divide, [3]) == [(20,)]
    assert prepared.fetch_all(divide, [4]) == [(15,)]

    # Fails when already prepared: only its EXECUTE was sent.
    with pytest.raises(DatabaseError), transaction.atomic():
        prepared.fetch_all(divide, [0])
    assert prepared.fetch_all(divide, [5]) == [(12,)]
    assert prepared.fetch_all(shout, ["again"]) == [("again!",)]
    with CaptureQueriesContext(connection) as settled:
        assert prepared.fetch_all(divide, [6]) == [(10,)]
        assert prepared.fetch_all(shout, ["once more"]) == [("once more!",)]
    assert all(s.startswith("EXECUTE ") for s in sql_sent(settled))
    assert connection.connection is raw  # all on the one connection
