"""Coordinates (staff-content review #4): the forms say which system the numbers are in; a point
far outside the programme's area (0/0, 31.5 for 30.5) is refused with a clear message, a pair
typed the wrong way round is named as such, and a gate's or a parking place's point is both
numbers or neither. One rule (venues.validators.validate_point) for the venue and compound
forms, their gate and parking rows, the import and the API; a rider never finds such a point."""

from __future__ import annotations

import pytest

from tests.venues.factories import CompoundFactory, GateFactory, VenueFactory, compound_form
from tests.venues.test_import_export import IMPORT, csv_file
from tests.venues.test_staff_venues import NEW, form_data
from venues.models import Compound, Gate, Venue
from venues.validators import AREA_RADIUS_KM

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
SWAPPED = "纬度和经度可能填反了：本街道一带的纬度约为 30.6，经度约为 104.1。"


def errors_of(response, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_the_venue_form_says_which_system_its_numbers_are_in(client_for, street_admin):
    page = client_for(street_admin).get(NEW, **ZH).content.decode()

    assert "请填写 GPS 坐标（WGS-84），单位为度。从高德地图或腾讯地图复制的坐标是 GCJ-02，会偏差几百米" in page
    assert "本街道一带约为 30.6。" in page and "本街道一带约为 104.1。" in page


def test_a_deployment_storing_gcj02_says_so_instead(client_for, street_admin, settings):
    settings.MAP_COORD_SYSTEM = "gcj02"

    page = client_for(street_admin).get("/staff/venues/compounds/new/", **ZH).content.decode()

    assert "高德地图、腾讯地图使用的坐标（GCJ-02）" in page


@pytest.mark.parametrize(
    "lat, lng, message",
    [
        ("0", "0", "此位置距离本街道约 11,356 公里"),  # the Gulf of Guinea
        ("31.5", "104.126", "此位置距离本街道约 99 公里，超出了项目覆盖的 15 公里范围。请检查纬度和经度。"),
        ("104.126", "30.608", SWAPPED),
    ],
)
def test_a_point_outside_the_area_or_swapped_is_refused_and_no_rider_sees_it(client_for, street_admin, rider, lat, lng, message):
    response = client_for(street_admin).post(NEW, form_data(lat=lat, lng=lng, name=""), **ZH)

    assert response.status_code == 400
    # In the same round as the form's other errors.
    assert errors_of(response, "name")
    assert any(message in e for e in errors_of(response, "lat")), errors_of(response, "lat")
    assert not Venue.objects.exists()
    assert client_for(rider).get("/api/v1/venues/").json()["count"] == 0


def test_the_swapped_pair_is_one_hint_not_the_range_error_as_well(client_for, street_admin):
    response = client_for(street_admin).post(NEW, form_data(lat="104.126", lng="30.608"), **ZH)

    assert errors_of(response, "lat") == [SWAPPED]
    assert errors_of(response, "lng") == []


def test_a_point_inside_the_area_is_saved(client_for, street_admin):
    edge = 30.608 + (AREA_RADIUS_KM - 1) / 111.2  # 14 km north of the centre
    assert client_for(street_admin).post(NEW, form_data(lat=f"{edge:.4f}", lng="104.126")).status_code == 302


def test_a_gate_with_a_latitude_only_is_refused_at_its_row(client_for, street_admin):
    response = client_for(street_admin).post("/staff/venues/compounds/new/", compound_form(**{"gates-0-lat": "30.6046"}), **ZH)

    assert response.status_code == 400
    assert response.context["gates"].forms[0].errors["lng"] == ["请同时填写经度，或两者都不填。"]
    assert not Compound.objects.exists()


def test_a_parking_place_with_a_longitude_only_is_refused_at_its_row(client_for, street_admin):
    data = compound_form(**{"parking-0-description": "北门车棚", "parking-0-lng": "104.1271"})

    response = client_for(street_admin).post("/staff/venues/compounds/new/", data, **ZH)

    assert response.status_code == 400
    assert response.context["parking"].forms[0].errors["lat"] == ["请同时填写纬度，或两者都不填。"]


def test_a_gate_far_away_is_refused_and_one_with_both_numbers_is_saved(client_for, street_admin, rider):
    client = client_for(street_admin)
    far = client.post("/staff/venues/compounds/new/", compound_form(**{"gates-0-lat": "0", "gates-0-lng": "0"}), **ZH)
    assert far.status_code == 400
    assert "超出了项目覆盖的 15 公里范围" in far.context["gates"].forms[0].errors["lat"][0]

    good = client.post("/staff/venues/compounds/new/", compound_form(**{"gates-0-lat": "30.6046", "gates-0-lng": "104.1271"}))
    assert good.status_code == 302
    gate = Gate.objects.get()
    assert (gate.lat, gate.lng) == (30.6046, 104.1271)
    assert client_for(rider).get(f"/api/v1/compounds/{gate.compound_id}/").json()["gates"][0]["lat"] == 30.6046


def test_the_compound_itself_is_held_to_the_area(client_for, street_admin):
    response = client_for(street_admin).post("/staff/venues/compounds/new/", compound_form(lat="31.5"), **ZH)

    assert response.status_code == 400
    assert "超出了项目覆盖的 15 公里范围" in str(response.context["form"].errors["lat"])


def test_the_import_refuses_the_same_points_by_row_and_says_the_system(client_for, street_admin):
    rows = [
        ["", "零点驿站", "community_station", "", "成龙大道1号", "0", "0", "", "", "", "", ""],
        ["", "反了的驿站", "community_station", "", "成龙大道2号", "104.126", "30.608", "", "", "", "", ""],
        ["", "好驿站", "community_station", "", "成龙大道3号", "30.608", "104.126", "", "", "", "", ""],
    ]
    client = client_for(street_admin)

    response = client.post(IMPORT, {"file": csv_file(rows)}, **ZH)

    assert response.status_code == 400
    page = response.content.decode()
    assert '<tr data-row="2"><td>2</td><td>纬度：此位置距离本街道约' in page
    assert f'<tr data-row="3"><td>3</td><td>纬度：{SWAPPED}</td></tr>' in page
    assert not Venue.objects.exists()
    form = client.get(IMPORT, **ZH).content.decode()
    assert "“纬度”“经度”两列：GPS 坐标（WGS-84）" in form


def test_the_api_refuses_them_with_a_400_naming_lat(api_for, street_admin):
    client = api_for(street_admin)
    body = {"name": "零点驿站", "kind": "community_station", "address": "成龙大道1号", "lat": 0, "lng": 0}

    response = client.post("/api/v1/venues/create/", body, format="json", **ZH)

    assert response.status_code == 400
    assert "lat" in response.json()["fields"], response.json()
    venue = VenueFactory()
    patched = client.patch(f"/api/v1/venues/{venue.pk}/update/", {"lat": 104.126, "lng": 30.608}, format="json", **ZH)
    assert patched.status_code == 400
    assert SWAPPED in str(patched.json()["fields"]["lat"])


def test_an_existing_gate_far_away_is_shown_as_it_is_until_staff_edit_it(client_for, street_admin):
    compound = CompoundFactory()
    GateFactory(compound=compound, name="旧门", lat=0, lng=0)
    client = client_for(street_admin)

    page = client.get(f"/staff/venues/compounds/{compound.pk}/")

    assert page.status_code == 200
    gate = page.context["gates"].forms[0]
    assert (gate["name"].value(), gate["lat"].value(), gate["lng"].value()) == ("旧门", 0, 0)
    # Saved as it is, the rule applies: the row says where the point is, nothing changes.
    data = compound_form(name=compound.name, address=compound.address, lat=str(compound.lat), lng=str(compound.lng))
    data.update({"gates-0-name": "旧门", "gates-0-lat": "0", "gates-0-lng": "0"})
    saved = client.post(f"/staff/venues/compounds/{compound.pk}/", data, **ZH)
    assert saved.status_code == 400
    assert "超出了项目覆盖的 15 公里范围" in saved.context["gates"].forms[0].errors["lat"][0]
    assert list(compound.gates.values_list("lat", "lng")) == [(0, 0)]
