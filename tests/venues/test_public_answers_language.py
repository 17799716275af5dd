"""The public venue reads are kept by phones and proxies for a minute, one copy per
Accept-Language (their Vary): so that header alone decides their language, never the language
cookie (where a signed-in rider's account language is too). Before, the cookie did: the browser
kept the Chinese list and gave it to the English page after the footer's switch ("140米", rider
review finding 4), and a proxy could give one reader's language to another.

The server's own copy (venues/cache.py) is kept per language as well: checked here."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.venues.factories import HERE, AmenityFactory, CompoundFactory, VenueFactory

pytestmark = pytest.mark.django_db

NEAR = f"{HERE[0]},{HERE[1]}"
# 0.00078° of latitude is 86.7 m: "90米" / "90 m".
NINETY_METRES = 0.00078


@pytest.fixture
def public_urls():
    AmenityFactory(code="toilet", name="卫生间", name_en="Toilet")
    venue = VenueFactory(name="街角的驿站", lat=HERE[0] + NINETY_METRES, amenities=["toilet"], plaque_number="R29")
    compound = CompoundFactory()
    return [
        f"/api/v1/venues/?near={NEAR}",
        f"/api/v1/venues/{venue.id}/",
        "/api/v1/amenities/",
        "/api/v1/compounds/",
        f"/api/v1/compounds/{compound.id}/",
        "/api/v1/partners/",
    ]


def reader(cookie_language: str | None) -> Client:
    client = Client()
    if cookie_language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie_language
    return client


@pytest.mark.parametrize("asked", ["zh-hans", "en"])
def test_readers_who_send_the_same_accept_language_get_the_same_answer_whatever_their_cookie(public_urls, asked):
    readers = [reader(None), reader("zh-hans"), reader("en")]
    for url in public_urls:
        answers = [r.get(url, HTTP_ACCEPT_LANGUAGE=asked) for r in readers]

        assert {a.status_code for a in answers} == {200}, url
        # What a proxy may keep, and for whom: one copy per Accept-Language, for signed-in
        # readers too (no Vary: Cookie, which would keep a copy per session).
        for a in answers:
            assert "public" in a["Cache-Control"], url
            assert [v.strip() for v in a["Vary"].split(",")] == ["Accept-Language"], url
            assert a["Content-Language"] == asked, url
        # So the answers must not differ in anything but that header: the cookie changes nothing.
        assert answers[0].content == answers[1].content == answers[2].content, url


def test_the_list_speaks_the_language_its_reader_asks_in_even_against_the_cookie():
    VenueFactory(name="街角的驿站", lat=HERE[0] + NINETY_METRES)
    chinese_cookie = reader("zh-hans")  # chosen in the footer earlier, or the account's

    # The page sends its own language (static/js/home.js): the English page asks in English.
    found = chinese_cookie.get(f"/api/v1/venues/?near={NEAR}", HTTP_ACCEPT_LANGUAGE="en").json()["results"]

    assert [v["distance_text"] for v in found] == ["90 m"]


def test_the_servers_copy_is_kept_per_language(client, django_assert_num_queries, within_one_minute):
    VenueFactory(name="街角的驿站", lat=HERE[0] + NINETY_METRES)
    url = f"/api/v1/venues/?near={NEAR}"

    def distances(language: str) -> list[str]:
        return [v["distance_text"] for v in client.get(url, HTTP_ACCEPT_LANGUAGE=language).json()["results"]]

    assert distances("zh-hans") == ["90米"]
    assert distances("en") == ["90 m"]  # the same address just after, from the same client
    with django_assert_num_queries(0):  # both kept, each under its language
        assert distances("zh-hans") == ["90米"]
        assert distances("en") == ["90 m"]
