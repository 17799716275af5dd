"""A rider asks for the venues open now, in the app or on the list page, and both read "open
now" as the API reads every flag (`?mine=`, `?affordable=`): `?open_now=0` is no, not a hidden
yes; `?open_now=` is no, not a 400; text nobody can read is a 400 naming it in the app, and on
the page a filter it drops, as it drops an unknown kind."""

from __future__ import annotations

import re

import pytest

from tests.flags import NO, YES
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_and_closed(db):
    return VenueFactory(name="全天驿站", hours="24/7"), VenueFactory(name="无营业时间的店", hours="")


def in_the_app(client, value: str) -> set[int]:
    response = client.get("/api/v1/venues/", {"open_now": value})
    assert response.status_code == 200, (value, response.content)
    return {item["id"] for item in response.json()["results"]}


def on_the_page(client, value: str) -> set[int]:
    response = client.get("/venues/", {"open_now": value})
    assert response.status_code == 200, value
    return {int(x) for x in re.findall(r'data-testid="venue-item" data-venue-id="(\d+)"', response.content.decode())}


@pytest.mark.parametrize("value", YES)
def test_yes_lists_the_open_venues_in_the_app_and_on_the_page(client, open_and_closed, value):
    open_one, _closed = open_and_closed

    assert in_the_app(client, value) == {open_one.id} == on_the_page(client, value)


@pytest.mark.parametrize("value", NO)
def test_no_or_nothing_lists_every_venue_in_the_app_and_on_the_page(client, open_and_closed, value):
    everyone = {venue.id for venue in open_and_closed}

    assert in_the_app(client, value) == everyone == on_the_page(client, value)


def test_the_app_is_told_which_parameter_it_cannot_read(client, open_and_closed):
    response = client.get("/api/v1/venues/", {"open_now": "maybe"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["fields"] == {"open_now": ["Must be a valid boolean."]}


def test_the_page_drops_an_open_now_it_cannot_read_as_it_drops_an_unknown_kind(client, open_and_closed):
    everyone = {venue.id for venue in open_and_closed}

    assert on_the_page(client, "maybe") == everyone == on_the_page(client, "") | on_the_page(client, "0")
    html = client.get("/venues/", {"open_now": "maybe"}).content.decode()
    assert re.search(r'<input type="checkbox" name="open_now" id="id_open_now" form="venue-filters">', html)


def test_an_open_now_it_cannot_read_keeps_the_kind_the_rider_chose(client, db):
    """A bad `open_now` drops itself alone: the rider who chose 商户 still sees merchants only."""
    shop = VenueFactory(name="王师傅理发店", kind="merchant", hours="24/7")
    VenueFactory(name="社区驿站", kind="community_station", hours="24/7")

    response = client.get("/venues/", {"kind": "merchant", "open_now": "maybe"})

    listed = {int(x) for x in re.findall(r'data-testid="venue-item" data-venue-id="(\d+)"', response.content.decode())}
    assert listed == {shop.id}
    assert re.search(r'<option value="merchant" selected>', response.content.decode())
