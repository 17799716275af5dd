"""A rider who has not signed up yet opens the start page on a phone (public review #3, #10):
the nearest open rest stations come first, with the rider home's own panel, and a short
"how to join" says what follows sign-up; How to earn says it too. Signed in, each person
finds their own next steps instead (tests/pages/test_next_steps_and_menus_by_role.py)."""

from __future__ import annotations

import re

import pytest

from tests.venues.factories import HERE, VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db


def main_of(html: str) -> str:
    return html.split('<main class="container" id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]


def section(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"', 1)[1].split("</section>", 1)[0]


def test_a_visitor_gets_the_nearby_stations_panel_first(client):
    page = main_of(client.get("/").content.decode())

    panel = section(page, "home-nearby")
    assert "附近开放的驿站" in panel and "用我的位置查找最近的驿站" in panel
    assert 'data-api="/api/v1/venues/?kind=community_station&amp;open_now=true&amp;page_size=3"' in panel
    assert 'href="/venues/"' in panel  # no location, no JavaScript: the map
    # Before the cards and the join box: the first thing under the title.
    assert page.index('data-testid="home-nearby"') < page.index('data-testid="join-steps"') < page.index('class="cards"')
    assert "/static/js/home.js" in client.get("/").content.decode()


def test_the_panels_question_is_answered_for_a_visitor_nearest_open_station_first(client):
    VenueFactory(name="远一点的驿站", lat=HERE[0] + 0.01)
    VenueFactory(name="脚下的驿站")
    VenueFactory(name="打烊的驿站", hours="")
    VenueFactory(name="旁边的商家", kind=VenueKind.MERCHANT)
    api = re.search(r'data-api="([^"]+)"', client.get("/").content.decode()).group(1).replace("&amp;", "&")

    answer = client.get(f"{api}&near={HERE[0]},{HERE[1]}")

    assert answer.status_code == 200
    assert [v["name"] for v in answer.json()["results"]] == ["脚下的驿站", "远一点的驿站"]


def test_the_start_page_shows_a_verified_rider_the_visitors_page_without_joining_and_signing_up(client, client_for, rider):
    # Signed in, nobody is sent to join or sign up again (tests/pages/test_next_steps_and_menus_by_role.py).
    visitor = main_of(client.get("/").content.decode())
    signed_in = main_of(client_for(rider).get("/").content.decode())
    assert 'data-testid="join-steps"' not in signed_in and 'class="entry"' not in signed_in
    cards = signed_in.split('class="cards"')[1].split("</section>")[0]
    assert cards in visitor  # the same cards as a visitor's


def test_the_start_page_says_how_joining_works_in_three_steps(client):
    box = section(client.get("/").content.decode(), "join-steps")

    assert "如何加入" in box
    steps = box.split('data-testid="join-step"')[1:]
    titles = [re.search(r"<strong>(.*?)</strong>", s).group(1) for s in steps]
    assert titles == ["用手机号注册", "上传平台截图认证", "赚积分、兑换奖励"]
    assert 'href="/accounts/signup/"' in steps[0]
    assert 'href="/profile/evidence/"' in steps[1]
    assert 'href="/points/how-to-earn/"' in steps[2] and 'href="/rewards/"' in steps[2]


def test_each_join_link_leads_on_for_a_visitor(client):
    box = section(client.get("/").content.decode(), "join-steps")
    for href in re.findall(r'href="([^"]+)"', box):
        response = client.get(href)
        # The screenshot upload is a signed-in page: a visitor is asked to sign in first.
        assert response.status_code == 200 or response["Location"].startswith("/accounts/login/?next="), href


def test_how_to_earn_says_how_to_join_too(client):
    box = section(client.get("/points/how-to-earn/").content.decode(), "join-steps")
    assert "上传平台截图认证" in box and 'href="/accounts/signup/"' in box
    assert 'href="/points/how-to-earn/"' not in box  # not a link to the page one is on
