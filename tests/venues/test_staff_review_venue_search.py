"""A street admin searches the staff venue list for a name that matches nothing (a typo): the
page says no venue matches and offers to clear the search, instead of 暂无阵地 (no venues at
all), which read as if the venues were gone."""

from __future__ import annotations

import pytest

from tests.html import text_of
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db


def test_a_search_that_matches_nothing_says_so_and_offers_to_clear_it(client_for, street_admin):
    VenueFactory(name="王师傅理发店")

    html = client_for(street_admin).get("/staff/venues/", {"q": "王师付"}).content.decode()

    assert text_of(html, "no-venues").startswith("没有符合条件的阵地。")
    assert "暂无阵地" not in html
    assert 'href="/staff/venues/">清除</a>' in html


def test_hidden_venues_only_that_match_nothing_say_so_too(client_for, street_admin):
    VenueFactory(name="王师傅理发店", active=True)

    html = client_for(street_admin).get("/staff/venues/", {"show": "inactive"}).content.decode()

    assert text_of(html, "no-venues").startswith("没有符合条件的阵地。")


def test_a_street_without_venues_says_there_are_none_yet(client_for, street_admin):
    html = client_for(street_admin).get("/staff/venues/").content.decode()

    assert text_of(html, "no-venues") == "暂无阵地。"
