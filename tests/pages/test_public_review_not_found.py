"""A rider follows an old link to a venue that has left the programme, or to a guide taken
down (public review #12): the 404 page says why it may be gone and offers the venue map and
the compound guides, not a dead end."""

from __future__ import annotations

import pytest

from tests.venues.factories import CompoundFactory, VenueFactory

pytestmark = pytest.mark.django_db


def not_found(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 404
    return response.content.decode()


def ways_on(page: str) -> str:
    return page.split('data-testid="not-found-links"', 1)[1].split("</ul>", 1)[0]


def test_an_old_link_to_a_venue_that_left_says_it_may_no_longer_be_a_partner(client):
    gone = VenueFactory(name="已退出的驿站", active=False)

    for url in (f"/venues/{gone.id}/", "/venues/99999/"):
        page = not_found(client, url)
        assert "找不到这个阵地，它可能已不再是合作阵地" in page, url
        assert '<a class="button" href="/venues/">阵地地图</a>' in ways_on(page)
        assert '<a class="button secondary" href="/compounds/">小区指南</a>' in ways_on(page)


def test_an_old_link_to_a_guide_says_it_may_have_been_taken_down(client):
    gone = CompoundFactory(active=False)
    page = not_found(client, f"/compounds/{gone.id}/")
    assert "找不到这份小区指南，它可能已经下线" in page and "阵地地图" in ways_on(page)


def test_any_other_missing_page_offers_the_same_ways_on(client):
    page = not_found(client, "/nope/")
    assert "页面不存在" in page and "合作阵地" not in page
    assert 'href="/venues/"' in ways_on(page) and 'href="/compounds/"' in ways_on(page)
    assert 'href="/"' in page


def test_the_api_still_answers_json(client):
    response = client.get("/api/v1/venues/99999/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
