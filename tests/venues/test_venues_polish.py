"""Leftovers of the public review of the venues (riders on phones): one rule for a distance in
words, on the pages and in the API; "只看营业中" is a filter that says whether it is on and what
it found; the legend comes before the map; the gates API says whether a gate is open now, as
the guide does; the search finds a service a venue lists ("热水"); a tip photo's address
changes with the photo, so a long cache never shows a replaced one."""

from __future__ import annotations

import importlib
import json
import re

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.db import connection, models
from django.db.models import Value
from django.template import Context, Template
from django.utils import translation

from tests.venues.factories import HERE, CompoundFactory, GateFactory, TipFactory, VenueFactory, jpeg_bytes
from venues import hours as hours_lib
from venues.distances import distance_text
from venues.models import TipStatus, Venue
from venues.selectors import venue_list

pytestmark = pytest.mark.django_db

NEAR = f"{HERE[0]},{HERE[1]}"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
METRES_PER_DEGREE_LAT = 111_195


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [int(x) for x in re.findall(r'data-testid="venue-item" data-venue-id="(\d+)"', response.content.decode())]


# --- one rule for a distance (item 1) ----------------------------------------------------


@pytest.mark.parametrize(
    "metres, zh, en",
    [
        (0, "0米", "0 m"),
        (4.9, "0米", "0 m"),
        (5, "10米", "10 m"),
        (85, "90米", "90 m"),  # halves up, on every page alike
        (86.7, "90米", "90 m"),  # the home page said "87 米", the list "90米"
        (994.9, "990米", "990 m"),
        (995, "1.0公里", "1.0 km"),  # never "1000米"
        (1049, "1.0公里", "1.0 km"),
        (1050, "1.1公里", "1.1 km"),
        (1230, "1.2公里", "1.2 km"),
        (12_345, "12.3公里", "12.3 km"),
    ],
)
def test_a_distance_reads_to_ten_metres_then_in_kilometres(metres, zh, en):
    with translation.override("zh-hans"):
        assert distance_text(metres) == zh
    with translation.override("en"):
        assert distance_text(metres) == en
    assert distance_text(None) is None


def test_the_list_page_and_the_api_say_the_same_distance(client):
    venues = [VenueFactory(lat=HERE[0] + metres / METRES_PER_DEGREE_LAT) for metres in (3, 86.7, 455, 994, 1230, 8765)]

    html = client.get("/venues/", {"near": NEAR}, **ZH).content.decode()
    on_page = dict(re.findall(r'data-venue-id="(\d+)".*?data-testid="distance">([^<]+)<', html, re.S))
    api = client.get("/api/v1/venues/", {"near": NEAR}, **ZH).json()["results"]

    assert {str(v["id"]): v["distance_text"] for v in api} == on_page
    assert [on_page[str(v.id)] for v in venues] == ["0米", "90米", "460米", "990米", "1.2公里", "8.8公里"]
    # Each is the rule applied to the metres the API gives.
    with translation.override("zh-hans"):
        assert all(distance_text(v["distance_m"]) == v["distance_text"] for v in api)


def test_the_api_says_the_distance_in_the_requests_language_and_nothing_without_a_position(client):
    VenueFactory(lat=HERE[0] + 0.01106)
    CompoundFactory(lat=HERE[0] + 0.01106, lng=HERE[1])

    assert client.get("/api/v1/venues/", {"near": NEAR}, **EN).json()["results"][0]["distance_text"] == "1.2 km"
    assert client.get("/api/v1/compounds/", {"near": NEAR}, **ZH).json()["results"][0]["distance_text"] == "1.2公里"
    assert client.get("/api/v1/venues/", **ZH).json()["results"][0]["distance_text"] is None


def test_the_schema_says_what_distance_text_is(client):
    schemas = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    field = schemas["VenueItem"]["properties"]["distance_text"]

    assert field["nullable"] is True and "nearest 10 m" in field["description"]


def test_templates_have_the_same_rule_as_a_filter():
    with translation.override("zh-hans"):
        rendered = Template("{% load maps %}{{ a|distance }}|{{ b|distance }}|{{ c|distance }}").render(
            Context({"a": 86.7, "b": 1230, "c": None})
        )
    assert rendered == "90米|1.2公里|"


# --- only venues open now (item 2) -------------------------------------------------------


def test_only_venues_open_now_is_a_checkbox_outside_the_closed_sheet_that_says_its_state(client):
    VenueFactory(name="开着的驿站")
    VenueFactory(name="打烊的驿站", hours="")

    off = client.get("/venues/").content.decode()
    on = client.get("/venues/", {"open_now": "on"}).content.decode()

    toggle = '<input type="checkbox" name="open_now" id="id_open_now" form="venue-filters"'
    assert f"{toggle}><span>只看营业中</span></label>" in off
    assert f"{toggle} checked><span>只看营业中</span></label>" in on
    # Outside the sheet (seen without opening it), sent with the sheet's form.
    for html in (off, on):
        assert html.index("id_open_now") < html.index('id="filter-sheet"')
        assert html.count('name="open_now"') == 1
    # The count says what the filter found.
    assert '<p class="muted venue-count" data-testid="venue-count">2个阵地</p>' in off
    assert '<p class="muted venue-count" data-testid="venue-count">1个营业中的阵地</p>' in on


def test_without_javascript_the_sheets_button_sends_the_open_now_filter_too(client):
    # What the browser sends when the rider ticks the box and taps 查看阵地 in the sheet.
    shown = VenueFactory(name="开着的驿站")
    VenueFactory(name="打烊的驿站", hours="")

    assert listed(client.get("/venues/", {"q": "驿站", "kind": "", "open_now": "on", "near": ""})) == [shown.id]


# --- the legend before the map (item 3) --------------------------------------------------


def test_the_map_legend_comes_before_the_map(client):
    VenueFactory()
    html = client.get("/venues/").content.decode()

    assert html.index('data-testid="map-legend"') < html.index('id="venue-map"')


# --- a gate open now, in the API as on the page (item 5) ---------------------------------


def test_the_gates_api_says_whether_a_gate_is_open_now_as_the_guide_does(client):
    compound = CompoundFactory()
    tomorrow = hours_lib.DAY_CODES[(hours_lib.local().weekday() + 1) % 7]
    always = GateFactory(compound=compound, name="北门", hours="24/7")
    shut = GateFactory(compound=compound, name="东门", hours=f"{tomorrow} 07:00-08:00")
    unknown = GateFactory(compound=compound, name="西门", hours="")

    gates = client.get(f"/api/v1/compounds/{compound.id}/").json()["gates"]
    html = client.get(f"/compounds/{compound.id}/").content.decode()

    assert {g["id"]: g["open_now"] for g in gates} == {always.id: True, shut.id: False, unknown.id: None}
    on_page = dict(re.findall(r'data-gate-id="(\d+)">.*?data-testid="gate-open-state" data-open="(\d)"', html, re.S))
    assert on_page == {str(always.id): "1", str(shut.id): "0"}  # no state for hours not known


def test_the_schema_declares_a_gates_open_now(client):
    schemas = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    # The guide's gates are declared (they were free-form objects), open_now among their fields.
    assert schemas["CompoundDetailApiOutput"]["properties"]["gates"]["items"] == {"$ref": "#/components/schemas/CompoundGate"}
    gate = schemas["CompoundGate"]

    assert gate["properties"]["open_now"]["type"] == "boolean"
    assert gate["properties"]["open_now"]["nullable"] is True
    assert "open_now" in gate["required"]


def test_open_now_on_gates_costs_no_query(client, django_assert_num_queries):
    compound = CompoundFactory()
    for i in range(4):
        GateFactory(compound=compound, name=f"{i}号门", hours="Mo-Su 06:00-23:00")
    # compound + gates + parking + bikes + approved tips, as before
    with django_assert_num_queries(5):
        assert client.get(f"/api/v1/compounds/{compound.id}/").status_code == 200


# --- services found by the search (item 6) -----------------------------------------------


def test_a_rider_searching_for_a_service_finds_the_venues_that_list_it(client):
    water = VenueFactory(name="成龙驿站", services=["热水供应", "Hot water for riders"])
    clinic = VenueFactory(name="社区医院", services=["每月义诊", "用药咨询"])
    VenueFactory(name="理发店", services=["错峰理发"])

    assert listed(client.get("/venues/", {"q": "热水"})) == [water.id]
    assert listed(client.get("/venues/", {"q": "义诊"})) == [clinic.id]
    assert listed(client.get("/venues/", {"q": "HOT WATER"})) == [water.id]
    api = client.get("/api/v1/venues/", {"q": "热水"}).json()["results"]
    assert [v["id"] for v in api] == [water.id]


def test_a_service_search_finds_no_venue_by_the_jsons_escapes(client):
    # Before, SQLite kept "热水" as "\u70ed\u6c34": "u70ed" would have found it there only.
    VenueFactory(services=["热水供应"])

    assert listed(client.get("/venues/", {"q": "u70ed"})) == []
    assert listed(client.get("/venues/", {"q": "70ed"})) == []


def test_services_written_before_are_found_once_the_migration_wrote_them_again():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's jsonb never kept the escapes")
    venue = VenueFactory(services=["热水供应"])
    # As the field wrote it before its encoder changed: JSON with \u escapes.
    Venue.objects.filter(pk=venue.pk).update(services=Value(json.dumps(["热水供应"]), output_field=models.TextField()))
    assert [v.id for v in venue_list(q="热水")] == []

    migration = importlib.import_module("venues.migrations.0009_services_text_as_written")
    migration.write_again(django_apps, None)

    assert [v.id for v in venue_list(q="热水")] == [venue.id]
    venue.refresh_from_db()
    assert venue.services == ["热水供应"]


# --- a tip photo's address changes with the photo (item 7) -------------------------------


def picture(color) -> ContentFile:
    return ContentFile(jpeg_bytes(size=(800, 600), color=color), name="gate.jpg")


def guide(client, compound) -> str:
    response = client.get(f"/compounds/{compound.id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_replaced_tip_photo_gets_a_new_address_and_the_old_one_is_gone(client, rider, reviewer):
    tip = TipFactory(author=rider, status=TipStatus.APPROVED, reviewed_by=reviewer, photo=picture((200, 40, 40)))
    old_full, old_small = tip.photo_url(), tip.photo_url(thumb=True)
    assert f'href="{old_full}"' in guide(client, tip.compound)
    first = client.get(old_small)
    assert first.status_code == 200 and first["Cache-Control"] == "public, max-age=86400"

    tip.photo.save("gate.jpg", picture((40, 40, 200)))  # a new file, a new random stored name

    page = guide(client, tip.compound)
    assert tip.photo_url() != old_full and f'href="{tip.photo_url()}"' in page and old_full not in page
    # The old addresses (kept a day by a phone) are refused, never answered with another picture.
    assert client.get(old_full).status_code == client.get(old_small).status_code == 404
    new = client.get(tip.photo_url(thumb=True))
    assert new.status_code == 200 and new.content != first.content
    api = client.get(f"/api/v1/compounds/{tip.compound_id}/").json()["tips"][0]
    assert api["photo_url"] == f"http://testserver{tip.photo_url()}"


def test_a_withdrawn_tips_photo_leaves_the_guide_at_once(client, rider, reviewer):
    from venues import services

    tip = TipFactory(author=rider, status=TipStatus.PENDING, photo=picture((200, 40, 40)))
    services.tip_approve(reviewer=reviewer, tip=tip)
    url = tip.photo_url(thumb=True)
    assert client.get(url).status_code == 200

    services.tip_withdraw(reviewer=reviewer, tip=tip, reason="照片里有住户的门牌")

    assert f"/compounds/tips/{tip.id}/photo/" not in guide(client, tip.compound)
    assert client.get(url).status_code == 404


def test_the_old_address_without_a_version_is_kept_briefly_only(client, rider, reviewer):
    tip = TipFactory(author=rider, status=TipStatus.APPROVED, reviewed_by=reviewer, photo=picture((200, 40, 40)))

    for url in (f"/compounds/tips/{tip.id}/photo/", f"/compounds/tips/{tip.id}/photo/?size=thumb"):
        response = client.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=60"


def test_the_django_admin_cannot_replace_a_venue_photos_files(client_for):
    from tests.factories import StreetAdminFactory
    from tests.venues.factories import VenuePhotoFactory

    superuser = StreetAdminFactory(is_superuser=True, is_staff=True)
    photo = VenuePhotoFactory(caption="门口")

    html = client_for(superuser).get(f"/admin/venues/venue/{photo.venue_id}/change/").content.decode()

    # The caption can be changed; no file input to put another file under the photo's address.
    assert 'name="photos-0-caption"' in html
    assert 'type="file"' not in html
    assert 'name="photos-0-thumbnail"' not in html and 'name="photos-0-image"' not in html
    assert 'name="photos-MAX_NUM_FORMS" value="0"' in html  # no photo added here
