"""What the app developer's review of the venues API asked for, as an app calls it:

- the venue list pages as every other list does (20, `page_size` up to 100, a page past
  the end is DRF's 404 "无效页面。");
- GET /api/v1/amenities/ names the codes the `amenity` filter takes, in the app's language;
- opening hours in words in the request's language, and `day` 0 is Monday;
- `radius` without `near` is refused, not ignored; the schema says which coordinate system.
"""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.venues.factories import HERE, AmenityFactory, CompoundFactory, GateFactory, VenueFactory

pytestmark = pytest.mark.django_db

VENUES = "/api/v1/venues/"
AMENITIES = "/api/v1/amenities/"
COMPOUNDS = "/api/v1/compounds/"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HERE_TEXT = f"{HERE[0]},{HERE[1]}"


@pytest.fixture
def schema(client):
    return client.get("/api/schema/?format=json").json()


# --- paging (#5) -------------------------------------------------------------------------


def test_an_app_paging_past_the_last_venue_gets_the_404_every_other_list_gives(client):
    for _ in range(3):
        VenueFactory()

    past_the_end = client.get(VENUES, {"page": 2}, **ZH)
    compounds_past_the_end = client.get(COMPOUNDS, {"page": 2}, **ZH)  # another list, the same pager

    assert past_the_end.status_code == compounds_past_the_end.status_code == 404
    assert past_the_end.json() == {"message": "无效页面。", "code": "not_found", "fields": {}}
    assert past_the_end.json() == compounds_past_the_end.json()
    assert client.get(VENUES, {"page": 1}).json()["count"] == 3


@pytest.mark.parametrize("page", ["0", "-1", "zero", "1.5", "1" * 5000, "99999999999999999999"])
def test_a_page_number_that_is_no_page_is_not_found_too(client, page):
    VenueFactory()

    response = client.get(VENUES, {"page": page}, **EN)

    assert response.status_code == 404
    assert response.json()["message"] == "Invalid page."


def test_an_empty_directory_still_has_a_first_page(client):
    body = client.get(VENUES).json()

    assert body == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize(
    "page_size, shown",
    [("1", 1), ("100", 100), ("1000", 100), ("0", 20), ("abc", 20), ("-5", 20)],
)
def test_page_size_follows_the_apis_one_rule_capped_at_100_and_20_when_unreadable(client, page_size, shown):
    for _ in range(101):
        VenueFactory()

    response = client.get(VENUES, {"page_size": page_size})

    assert response.status_code == 200
    assert len(response.json()["results"]) == shown


def test_the_schema_says_how_venues_are_paged(schema):
    operation = schema["paths"]["/api/v1/venues/"]["get"]
    help_text = {p["name"]: p.get("description", "") for p in operation["parameters"]}

    assert "at most 100" in help_text["page_size"] and "a larger number gives 100" in help_text["page_size"]
    assert "404" in help_text["page"]
    assert "404" in operation["responses"]


# --- amenities (#9) ------------------------------------------------------------------------


def test_an_app_learns_the_amenity_codes_and_their_names_in_its_language(client):
    AmenityFactory(code="toilet", name="卫生间", name_en="Toilet", position=2)
    AmenityFactory(code="ebike_charging", name="电动车充电", name_en="E-bike charging", position=1)
    AmenityFactory(code="old_kiosk", name="旧报亭", name_en="Old kiosk", active=False)

    zh = client.get(AMENITIES, **ZH)
    en = client.get(AMENITIES, **EN)

    assert zh.json() == [{"code": "ebike_charging", "name": "电动车充电"}, {"code": "toilet", "name": "卫生间"}]
    assert en.json() == [{"code": "ebike_charging", "name": "E-bike charging"}, {"code": "toilet", "name": "Toilet"}]
    # Public like the venue list: no sign-in, and phones and proxies may keep it a minute.
    assert "public" in zh["Cache-Control"] and "max-age=60" in zh["Cache-Control"]
    assert "Accept-Language" in zh["Vary"]


def test_every_code_the_amenities_list_gives_is_one_the_venue_filter_takes(client):
    charging = VenueFactory(amenities=["ebike_charging"])
    VenueFactory(amenities=["toilet"])

    codes = [a["code"] for a in client.get(AMENITIES).json()]
    listed = {code: client.get(VENUES, {"amenity": code}) for code in codes}

    assert sorted(codes) == ["ebike_charging", "toilet"]
    assert all(r.status_code == 200 for r in listed.values())
    assert [v["id"] for v in listed["ebike_charging"].json()["results"]] == [charging.id]


def test_a_new_amenity_shows_in_the_list_at_once(client):
    AmenityFactory(code="water")
    assert [a["code"] for a in client.get(AMENITIES).json()] == ["water"]

    AmenityFactory(code="wifi")

    assert [a["code"] for a in client.get(AMENITIES).json()] == ["water", "wifi"]


def test_the_amenity_filters_help_points_to_the_amenities_list(schema):
    operation = schema["paths"]["/api/v1/venues/"]["get"]
    amenity = next(p for p in operation["parameters"] if p["name"] == "amenity")

    assert "GET /api/v1/amenities/" in amenity["description"]
    assert "/api/v1/amenities/" in schema["paths"]


# --- hours in words (#10) ------------------------------------------------------------------


def test_opening_hours_read_in_the_apps_language_as_the_venue_page_says_them(client):
    venue = VenueFactory(hours="Mo-Fr 08:00-12:00,14:00-17:30; Sa 08:00-12:00")

    zh = client.get(f"{VENUES}{venue.id}/", **ZH).json()
    en = client.get(f"{VENUES}{venue.id}/", **EN).json()

    # In the page's punctuation, and the closed day named (onboarding review #7).
    assert zh["hours_text"] == "星期一–星期五 08:00–12:00，14:00–17:30；星期六 08:00–12:00；星期日休息"
    assert en["hours_text"] == "Mon–Fri 08:00–12:00, 14:00–17:30; Sat 08:00–12:00; Sun closed"
    # The structured week stays as it was: day 0 is Monday.
    assert {h["day"] for h in zh["hours"]} == {0, 1, 2, 3, 4, 5}


def test_round_the_clock_and_overnight_hours_are_words_too(client):
    always = VenueFactory(hours="24/7")
    night = VenueFactory(hours="Sa 22:00-02:00+1")

    assert client.get(f"{VENUES}{always.id}/", **ZH).json()["hours_text"] == "24小时营业"
    assert (
        client.get(f"{VENUES}{night.id}/", **EN).json()["hours_text"] == "Mon–Fri closed; Sat 22:00–02:00 (next day); Sun closed"
    )


def test_a_gates_hours_come_in_words_beside_their_text_form(client):
    gate = GateFactory(hours="Mo-Su 07:00-22:00")

    zh = client.get(f"{COMPOUNDS}{gate.compound_id}/", **ZH).json()["gates"][0]
    en = client.get(f"{COMPOUNDS}{gate.compound_id}/", **EN).json()["gates"][0]

    assert zh["hours"] == en["hours"] == "Mo-Su 07:00-22:00"
    # The whole week is "every day" (public review #7).
    assert zh["hours_text"] == "每天 07:00–22:00"
    assert en["hours_text"] == "Every day 07:00–22:00"


def test_the_schema_says_day_0_is_monday(schema):
    hours = schema["components"]["schemas"]["VenueDetailSerializerHours"]["properties"]

    assert "0 = Monday" in hours["day"]["description"]
    assert "request's language" in schema["components"]["schemas"]["VenueDetail"]["properties"]["hours_text"]["description"]


# --- radius without near; the coordinate system (#16) ----------------------------------------


@pytest.mark.parametrize("url", [VENUES, COMPOUNDS])
def test_a_radius_without_a_point_is_refused_in_the_apps_language(client, url):
    VenueFactory()
    CompoundFactory()

    zh = client.get(url, {"radius": 1000}, **ZH)
    en = client.get(url, {"radius": 1000}, **EN)

    assert zh.status_code == en.status_code == 400
    assert zh.json()["code"] == "invalid"
    assert zh.json()["fields"] == {"radius": ["“radius”须与“near”一起使用：请用 near=纬度,经度 给出计算距离的起点。"]}
    assert en.json()["fields"] == {
        "radius": ["“radius” needs “near”: give the point to measure from as near=latitude,longitude."]
    }


@pytest.mark.parametrize("url", [VENUES, COMPOUNDS])
def test_a_radius_with_a_point_still_filters(client, url):
    VenueFactory(lat=HERE[0] + 0.1)  # about 11 km north
    CompoundFactory(lat=HERE[0] + 0.1)

    response = client.get(url, {"near": HERE_TEXT, "radius": 1000})

    assert response.status_code == 200 and response.json()["count"] == 0


def test_the_lists_and_compounds_say_which_coordinate_system_they_use(schema, client):
    venue = VenueFactory()
    stored = client.get(f"{VENUES}{venue.id}/").json()["coord_system"]

    for path in ("/api/v1/venues/", "/api/v1/compounds/", "/api/v1/compounds/{id}/", "/api/v1/venues/{id}/"):
        description = schema["paths"][path]["get"]["description"]
        assert "WGS-84 on this server (`coord_system`: wgs84)" in description, path
        assert "GCJ-02" in description
    assert stored == "wgs84"


@override_settings(MAP_COORD_SYSTEM="gcj02")
def test_a_deployment_storing_gcj02_says_so_in_the_schema(client):
    venue = VenueFactory()

    description = client.get("/api/schema/?format=json").json()["paths"]["/api/v1/venues/"]["get"]["description"]

    assert "GCJ-02 on this server (`coord_system`: gcj02)" in description
    assert client.get(f"{VENUES}{venue.id}/").json()["coord_system"] == "gcj02"
