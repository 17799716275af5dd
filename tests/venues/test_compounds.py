"""Compound guides: gates, parking, warm bicycles and approved tips; staff keep them current."""

from __future__ import annotations

import pytest

from tests.venues.factories import CompoundFactory, GateFactory, TipFactory
from venues.models import Compound, Gate, TipStatus

pytestmark = pytest.mark.django_db


def test_the_guide_shows_gates_parking_bikes_and_only_approved_tips(client, rider, other_rider, reviewer):
    compound = CompoundFactory(name="锦绣天府小区", building_notes="单号楼门朝南")
    GateFactory(compound=compound, name="北门", ebikes_allowed=True, hours="24/7", entry_method="face")
    GateFactory(compound=compound, name="东门", ebikes_allowed=False, hours="Mo-Su 07:00-22:00", entry_method="call_guard")
    compound.parking_spots.create(description="北门外车棚", capacity=30)
    compound.warm_bikes.create(count=4, location="物业小站旁")
    approved = TipFactory(compound=compound, author=rider, status=TipStatus.APPROVED, reviewed_by=reviewer)
    TipFactory(compound=compound, author=other_rider)  # pending
    TipFactory(compound=compound, author=other_rider, status=TipStatus.REJECTED, reject_reason="不实")

    data = client.get(f"/api/v1/compounds/{compound.id}/").json()

    assert [(g["name"], g["ebikes_allowed"], g["entry_method"]) for g in data["gates"]] == [
        ("北门", True, "face"),
        ("东门", False, "call_guard"),
    ]
    assert data["parking"][0]["capacity"] == 30
    assert data["warm_bikes"] == [{"count": 4, "location": "物业小站旁", "notes": ""}]
    assert [t["id"] for t in data["tips"]] == [approved.id]
    assert data["tips"][0]["author"] == rider.masked_name

    page = client.get(f"/compounds/{compound.id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "北门" in html and "物业小站旁" in html and approved.text in html
    # The warm bikes in words; one place: the count is said once (public review #15).
    assert "4辆单车，供小区内配送使用。" in html and "停放在物业小站旁" in html and "4 辆" not in html


def test_the_guide_page_is_a_constant_number_of_queries(client, django_assert_num_queries, rider):
    compound = CompoundFactory()
    for i in range(5):
        GateFactory(compound=compound, name=f"{i}号门")
        TipFactory(compound=compound, author=rider, status=TipStatus.APPROVED, text=f"tip {i}")
    # compound + gates + parking + bikes + approved tips with authors
    with django_assert_num_queries(5):
        assert client.get(f"/api/v1/compounds/{compound.id}/").status_code == 200


def test_the_compound_lists_are_a_constant_number_of_queries(client, django_assert_num_queries, rider):
    for i in range(25):
        GateFactory(compound=CompoundFactory(name=f"小区{i}"))
    # The count, then the page (the page also counts each guide's gates and tips).
    with django_assert_num_queries(2):
        assert client.get("/compounds/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/api/v1/compounds/", {"near": "30.6035,104.1262"}).json()["count"] == 25


def test_compound_list_is_public_and_searchable(client):
    a = CompoundFactory(name="成龙锦苑")
    CompoundFactory(name="东方花园")
    CompoundFactory(name="隐藏小区", active=False)
    body = client.get("/api/v1/compounds/", {"q": "锦苑"}).json()
    assert [c["id"] for c in body["results"]] == [a.id]
    assert client.get("/api/v1/compounds/").json()["count"] == 2
    assert client.get("/compounds/").status_code == 200


def test_street_admin_writes_a_guide_with_gates_parking_and_bikes(client_for, street_admin):
    data = {
        "name": "新小区",
        "address": "锦江区成龙大道1号",
        "lat": "30.60",
        "lng": "104.12",
        "active": "on",
        "gates-TOTAL_FORMS": "2",
        "gates-INITIAL_FORMS": "0",
        "gates-0-name": "南门",
        "gates-0-ebikes_allowed": "true",  # 电动车可进 (the select: 不详, 可进, 禁入)
        "gates-0-entry_method": "register",
        "gates-0-hours": "周一至周日 06:00-23:00",
        "gates-1-name": "",  # the blank extra row, as the page sends it (不详, 不详)
        "gates-1-ebikes_allowed": "unknown",
        "gates-1-entry_method": "",
        "parking-TOTAL_FORMS": "1",
        "parking-INITIAL_FORMS": "0",
        "parking-0-description": "南门车棚",
        "parking-0-capacity": "12",
        "bikes-TOTAL_FORMS": "1",
        "bikes-INITIAL_FORMS": "0",
        "bikes-0-count": "3",
        "bikes-0-location": "南门岗亭",
    }

    response = client_for(street_admin).post("/staff/venues/compounds/new/", data)

    assert response.status_code == 302, response.context and response.context["gates"].errors
    compound = Compound.objects.get()
    gate = compound.gates.get()
    assert (gate.name, gate.ebikes_allowed, gate.hours) == ("南门", True, "Mo-Su 06:00-23:00")
    assert compound.parking_spots.get().capacity == 12
    assert compound.warm_bikes.get().count == 3

    # Editing with bad gate hours changes nothing.
    data.update({"gates-0-hours": "Mo 23:00-06:00", "name": "改名"})
    response = client_for(street_admin).post(f"/staff/venues/compounds/{compound.id}/", data)
    assert response.status_code == 400
    compound.refresh_from_db()
    assert compound.name == "新小区" and Gate.objects.get().hours == "Mo-Su 06:00-23:00"


def test_a_rider_cannot_edit_a_guide(client_for, rider):
    compound = CompoundFactory(name="原名")
    response = client_for(rider).post(f"/staff/venues/compounds/{compound.id}/", {"name": "改名"})
    assert response.status_code == 403
    compound.refresh_from_db()
    assert compound.name == "原名"
