"""The venue list API reads everyday query strings with a fast parser (api.fast_list_filters)
and leaves anything unusual to VenueListApi.FilterSerializer, which words the errors. A
rider must get the same list either way: for any query string the fast parser answers
exactly what the serializer would, or steps aside (None)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.venues.factories import AmenityFactory, amenity
from venues.api import VenueListApi, fast_list_filters

pytestmark = pytest.mark.django_db

URL = "/api/v1/venues/"


@pytest.fixture
def amenities(db):
    """Three amenities a rider can filter by, and one staff have switched off."""
    for code in ("phone_charging", "toilet", "water"):
        amenity(code)
    AmenityFactory(code="old_sign", active=False)


def serializers_answer(query: QueryDict) -> dict | None:
    """FilterSerializer's validated data for this query, given as VenueListApi.get gives
    it (amenity as a list, every other parameter's last value); None when it refuses."""
    params = {k: v for k, v in query.items() if k != "amenity"}
    if "amenity" in query:
        params["amenity"] = query.getlist("amenity")
    filters = VenueListApi.FilterSerializer(data=params)
    return dict(filters.validated_data) if filters.is_valid() else None


def assert_fast_path_agrees(qs: str) -> dict | None:
    query = QueryDict(qs)
    fast = fast_list_filters(query)
    if fast is not None:
        assert fast == serializers_answer(query), qs
    return fast


def short(qs: str) -> str:
    return qs if len(qs) <= 60 else f"{qs[:40]}…({len(qs)} characters)"


EVERYDAY = [
    "",
    "near=30.6,104.1&amenity=phone_charging",
    "kind=merchant&open_now=1&page=2",
    "near=30.6035,104.1262",
    "near=30.60351,104.12625&radius=2000&open_now=true",
    "amenity=phone_charging&amenity=toilet",
    "amenity=toilet&amenity=toilet",
    "open_now=0",
    "open_now=false",
    "q=驿站",
    "q=%E7%90%86%E5%8F%91",  # 理发, as a phone's browser sends it
    "q=+Warm+Cafe+",
    "q=",
    "page=3&page_size=50",
    "page_size=100&radius=50000&near=-90,180",
    "kind=hospital&near=30.6,104.1&radius=1&page=1&page_size=1",
    "near=30.6,104.1&amenity=water&kind=community_station&open_now=1&q=站&page=2&page_size=50",
    "near=30.6,104.1&utm_source=wechat",  # an unknown parameter is ignored by both
]


@pytest.mark.parametrize("qs", EVERYDAY, ids=short)
def test_everyday_query_strings_take_the_fast_path_and_mean_the_same(amenities, qs):
    assert assert_fast_path_agrees(qs) is not None


@pytest.mark.parametrize(
    "qs",
    [
        # kinds
        "kind=merchant",
        "kind=Merchant",
        "kind=castle",
        "kind=",
        "kind=merchant&kind=hospital",
        "kind=merchant&kind=merchant",
        # amenities: unknown, switched off, spelt oddly, too many
        "amenity=teleporter",
        "amenity=phone_charging&amenity=teleporter",
        "amenity=old_sign",
        "amenity=TOILET",
        "amenity=",
        "amenity=+toilet",
        "amenity=toilet%0A",
        "amenity=toilet,water",
        "amenity=" + "a" * 41,
        "&".join(["amenity=toilet"] * 20),
        "&".join(["amenity=toilet"] * 21),
        "&".join(f"amenity={c}" for c in ["toilet", "water", "phone_charging"] * 7),
        # open_now spellings
        "open_now=1",
        "open_now=true",
        "open_now=True",
        "open_now=TRUE",
        "open_now=yes",
        "open_now=on",
        "open_now=0",
        "open_now=False",
        "open_now=no",
        "open_now=maybe",
        "open_now=",
        "open_now=1&open_now=0",
        "open_now=%201",
        # near
        "near=30.6,104.1",
        "near=+30.6+,+104.1+",
        "near=30.6",
        "near=30.6,104.1,5",
        "near=abc",
        "near=",
        "near=,",
        "near=91,104",
        "near=-90,-180",
        "near=30,181",
        "near=nan,inf",
        "near=1e1,1e2",
        "near=３０.６,１０４.１",  # full-width digits
        "near=30.6%00,104.1",
        "near=30.6;104.1",
        "near=30.6,104.1&near=31,105",
        "near=30.6035000000000000000000000000000000000000000000000000000,104.1262",  # 67 characters
        "near=30.6035" + "+" * 60 + ",104.1262",  # spaces inside, past 60 characters
        "near=" + "+" * 70 + "30.6,104.1" + "+" * 70,  # spaces around, past 60 characters
        # radius, page, page_size: edges and spellings
        "radius=1",
        "radius=50000",
        "radius=50001",
        "radius=0",
        "radius=-1",
        "radius=１",  # full-width 1
        "radius=+5",
        "radius=5.0",
        "radius=+5+",
        "radius=1_000",
        "radius=",
        "radius=1000&radius=2000",
        "page=1",
        "page=0",
        "page=-1",
        "page=01",
        "page=２",
        "page=+2",
        "page=2.0",
        "page=99999999999",
        "page=" + "9" * 1000,
        "page=" + "9" * 1001,
        "page=" + "1" * 5000,
        "page_size=100",
        "page_size=101",
        "page_size=0",
        "page_size=" + "0" * 1000 + "5",
        "radius=" + "0" * 1200 + "7",
        "page=1&page=2",
        # q
        "q=",
        "q=+++",
        "q=理发",
        "q=+理发+",
        "q=a+b",
        "q=100%25",
        "q=a%00b",
        "q=a%09b",
        "q=%E3%80%80驿站",  # an ideographic space first
        "q=" + "站" * 100,
        "q=" + "站" * 101,
        "q=++" + "站" * 100 + "++",
        "q=a&q=b",
        # unknown and odd parameters
        "foo=bar",
        "foo=1&foo=2",
        "Page=2",
        "format=json",
        "amenity",
        "near",
        "&&&",
    ],
    ids=short,
)
def test_the_fast_parser_gives_the_serializers_answer_or_steps_aside(amenities, qs):
    assert_fast_path_agrees(qs)


def test_a_page_number_thousands_of_digits_long_is_refused_not_a_server_error(amenities, client):
    response = client.get(URL, {"page": "1" * 5000})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"page"}


# Each parameter with values near the edges of its rules, spelt with the signs, spaces and
# zeros that change only their length (around the serializer's 60 characters for near and
# 1,000 for a number); now and then anything at all, under any name.
signs = st.sampled_from(["", "", "", " ", "+", "-"])
pads = st.one_of(st.integers(0, 3), st.integers(40, 70), st.integers(995, 1005)).map("0".__mul__)
integers = st.builds("{}{}{}{}".format, signs, pads, st.integers(0, 60_000), st.sampled_from(["", "", "", " ", ".0"]))
degrees = st.builds(
    "{}{}{}.{}{}".format, signs, st.sampled_from(["", "0"]), st.integers(0, 200), st.integers(0, 9999), pads.map(lambda z: z[:60])
)
anything = st.text(max_size=110)
parameters = st.one_of(
    st.tuples(st.just("kind"), st.sampled_from(["merchant", "hospital", "Merchant", "castle", ""]) | anything),
    st.tuples(st.just("amenity"), st.sampled_from(["toilet", "water", "phone_charging", "old_sign", "TOILET", ""]) | anything),
    st.tuples(st.just("open_now"), st.sampled_from(["1", "0", "true", "false", "True", "yes", "on", ""]) | anything),
    st.tuples(st.just("near"), st.tuples(degrees, degrees).map(",".join) | anything),
    st.tuples(st.sampled_from(["radius", "page", "page_size"]), integers | anything),
    st.tuples(st.just("q"), anything),
    st.tuples(st.text(max_size=10), anything),
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(parameters, max_size=4))
def test_any_query_string_gets_the_serializers_answer_or_none(amenities, pairs):
    assert_fast_path_agrees(urlencode(pairs))
