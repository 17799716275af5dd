"""The public review of the venue list (findings 5, 6 and 16): a rider searches for what they
need ("充电") and finds the venues that offer it, on the page and in the API alike; an empty
result offers a one-tap reset and points to the amenity chips; each card says when a closed
venue opens and an open one closes, in the venue page's words; without a position the list
starts with what is open now, rest stations first; the tile-failure message no longer points
"below" (the list is beside the map on a wide screen)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.venues.factories import HERE, AmenityFactory, VenueFactory, VenuePhotoFactory
from venues import hours as hours_lib
from venues.models import OpeningHours, VenueKind

pytestmark = pytest.mark.django_db

NEAR = f"{HERE[0]},{HERE[1]}"


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [int(x) for x in re.findall(r'data-testid="venue-item" data-venue-id="(\d+)"', response.content.decode())]


def card(response, venue) -> str:
    html = response.content.decode()
    start = html.index(f'data-venue-id="{venue.id}"')
    return html[start : html.index("</li>", start)]


def opening(venue, at, minutes: int) -> None:
    """The venue opens at `at` (Beijing time) for `minutes`, and at no other time."""
    venue.hours.all().delete()
    start = at.hour * 60 + at.minute
    OpeningHours.objects.create(venue=venue, day=at.weekday(), start=start, end=start + minutes)


def day_word(moment, now) -> str:
    return "今天" if moment.date() == now.date() else "明天"


@pytest.fixture
def charging_and_toilet():
    AmenityFactory(code="phone_charging", name="手机充电", name_en="Phone charging")
    AmenityFactory(code="toilet", name="卫生间", name_en="Toilet")


# --- search (finding 5) ------------------------------------------------------------------


def test_a_rider_searching_for_charging_finds_the_venues_that_offer_it(client, charging_and_toilet):
    charging = VenueFactory(name="R29街区广场暖新驿站", amenities=["phone_charging", "toilet"])
    VenueFactory(name="只有卫生间的驿站", amenities=["toilet"])

    assert listed(client.get("/venues/", {"q": "充电"})) == [charging.id]
    # The English name of the amenity too, and the venue's own name and address as before.
    assert listed(client.get("/venues/", {"q": "charging"})) == [charging.id]
    assert listed(client.get("/venues/", {"q": "R29"})) == [charging.id]


def test_an_amenity_staff_have_switched_off_finds_nothing(client):
    AmenityFactory(code="shower", name="淋浴", active=False)
    VenueFactory(amenities=["shower"])

    assert listed(client.get("/venues/", {"q": "淋浴"})) == []


def test_the_app_finds_what_the_page_finds(client, charging_and_toilet):
    charging = VenueFactory(amenities=["phone_charging"])
    VenueFactory(amenities=["toilet"])

    found = client.get("/api/v1/venues/", {"q": "充电"}).json()

    assert [v["id"] for v in found["results"]] == [charging.id] == listed(client.get("/venues/", {"q": "充电"}))


def test_an_empty_result_offers_to_clear_the_filters_and_points_to_the_amenities(client, charging_and_toilet):
    VenueFactory(amenities=["toilet"])

    response = client.get("/venues/", {"q": "厕所", "near": NEAR})

    assert listed(response) == []
    html = response.content.decode()
    assert "没有符合条件的阵地。" in html
    # One tap back to every venue, still nearest first.
    assert f'<a href="/venues/?near={NEAR}" data-testid="clear-filters-empty">清除筛选</a>' in html
    assert '<a href="#amenity-filter" id="open-amenities">请在“便民设施”里勾选</a>' in html
    assert 'id="amenity-filter"' in html


def test_the_filter_sheet_has_clear_filters_once_a_filter_is_on(client, charging_and_toilet):
    VenueFactory(amenities=["toilet"])

    assert 'id="clear-filters"' not in client.get("/venues/").content.decode()
    html = client.get("/venues/", {"amenity": "toilet", "open_now": "on"}).content.decode()
    assert '<a class="button secondary" href="/venues/" id="clear-filters">清除筛选</a>' in html


# --- the card says when (finding 6) ------------------------------------------------------


def test_a_closed_venues_card_says_when_it_opens_and_an_open_ones_when_it_closes(client, within_one_minute):
    now = hours_lib.local().replace(second=0, microsecond=0)
    closed, open_ = VenueFactory(name="晚上开的驿站"), VenueFactory(name="开着的驿站")
    opens = now + timedelta(hours=2)
    opening(closed, opens, 60)
    closes = now + timedelta(minutes=90)
    opening(open_, now - timedelta(minutes=30), 120)

    response = client.get("/venues/")

    closed_card, open_card = card(response, closed), card(response, open_)
    assert "已打烊" in closed_card
    assert f'<span data-testid="next-change">{day_word(opens, now)} {opens:%H:%M} 开门</span>' in closed_card
    assert "营业中" in open_card
    assert f'<span data-testid="next-change">{day_word(closes, now)} {closes:%H:%M} 打烊</span>' in open_card
    # The venue's own page says the same.
    assert f"{day_word(opens, now)} {opens:%H:%M} 开门" in client.get(f"/venues/{closed.id}/").content.decode()


def test_a_card_open_round_the_clock_says_24_hours(client):
    always = VenueFactory(hours="24/7")
    assert re.search(r"营业中</span>\s*<span>24小时</span>", card(client.get("/venues/"), always))


# --- the order (finding 6) ---------------------------------------------------------------


def test_without_a_position_open_venues_come_first_rest_stations_first_then_by_name(client):
    closed_station = VenueFactory(name="A 已打烊的驿站", hours="")
    academy = VenueFactory(name="A 暖新学院", kind=VenueKind.ACADEMY)
    merchant = VenueFactory(name="A 王师傅理发店", kind=VenueKind.MERCHANT)
    station_b = VenueFactory(name="B 驿站")
    station_a = VenueFactory(name="A 驿站")

    # Not by the English code (academy < community_station < merchant) any more.
    assert listed(client.get("/venues/")) == [station_a.id, station_b.id, merchant.id, academy.id, closed_station.id]
    # The app's default order is the same (one selector).
    api = client.get("/api/v1/venues/").json()["results"]
    assert [v["id"] for v in api] == [station_a.id, station_b.id, merchant.id, academy.id, closed_station.id]


def test_with_a_position_the_nearest_still_comes_first_open_or_not(client):
    closed_near = VenueFactory(hours="", lat=HERE[0] + 0.001)
    open_far = VenueFactory(lat=HERE[0] + 0.01)

    assert listed(client.get("/venues/", {"near": NEAR})) == [closed_near.id, open_far.id]


# --- pages and queries -------------------------------------------------------------------


def test_the_pager_counts_with_the_page_and_picks_pages_as_before(client, django_assert_num_queries, within_one_minute):
    for i in range(25):
        VenueFactory(name=f"驿站{i:02d}", amenities=["toilet"])
        VenuePhotoFactory(venue=VenueFactory(name=f"商家{i:02d}", kind=VenueKind.MERCHANT))
    client.get("/venues/", {"q": "none"})  # the active amenities are kept from now on

    # The page with its total (one query), the amenities, photos and hours of its venues.
    with django_assert_num_queries(4):
        response = client.get("/venues/")
    assert len(listed(response)) == 20
    assert "第1页，共3页" in response.content.decode()
    assert len(listed(client.get("/venues/", {"page": "3"}))) == 10
    # Not a number: the first page; past the end: the last.
    assert listed(client.get("/venues/", {"page": "x"})) == listed(client.get("/venues/"))
    assert listed(client.get("/venues/", {"page": "99"})) == listed(client.get("/venues/", {"page": "3"}))
    assert listed(client.get("/venues/", {"page": "9" * 5000})) == listed(client.get("/venues/", {"page": "3"}))


# --- wording (finding 16) ----------------------------------------------------------------


def test_the_tile_failure_message_does_not_point_below(client):
    VenueFactory()
    html = client.get("/venues/").content.decode()
    assert "地图加载不出来（信号弱或地图服务不可用），阵地列表照常可用。" in html
    assert "下面是阵地列表" not in html


def test_a_venue_open_until_midnight_closes_today_at_24_not_tomorrow_at_00(client, within_one_minute):
    """每天 06:00–24:00 closes at the end of today: "明天 00:00 打烊" read as a day later."""
    venue = VenueFactory(name="营业到午夜的驿站")
    today = hours_lib.local()
    venue.hours.all().delete()
    OpeningHours.objects.create(venue=venue, day=today.weekday(), start=0, end=24 * 60)

    card_html = card(client.get("/venues/"), venue)
    page = client.get(f"/venues/{venue.pk}/").content.decode()

    assert '<span data-testid="next-change">今天 24:00 打烊</span>' in card_html
    assert "今天 24:00" in page and "00:00" not in page.split("营业中", 1)[1][:80]
