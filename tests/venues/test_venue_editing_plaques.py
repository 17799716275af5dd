"""Plaque numbers and dates (staff-content review #10): a plaque number belongs to one venue or
one non-venue partner, and a second one is refused with the holder's name (the staff form, the
partners' form, the import, the API); a plaque's date and a partnership's start are not in the
future. The partners' wall riders read never shows a number twice or a date to come."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.venues.factories import VenueFactory
from tests.venues.test_import_export import IMPORT, csv_file
from tests.venues.test_staff_venues import form_data
from venues.models import Partner, Venue

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
PLAQUE = "CLL-NX-2024-005"


@pytest.fixture
def barber():
    return VenueFactory(name="王师傅理发店", plaque_number=PLAQUE, plaque_date=date(2024, 9, 20))


def edit(client, venue, **fields):
    data = form_data(name=venue.name, address=venue.address, lat=str(venue.lat), lng=str(venue.lng))
    data.update(fields)
    return client.post(f"/staff/venues/{venue.pk}/", data, **ZH)


def test_a_plaque_number_another_venue_holds_is_refused_naming_it(client_for, street_admin, barber, client):
    station = VenueFactory(name="测试驿站A")

    response = edit(client_for(street_admin), station, plaque_number=" cll-nx-2024-005 ")

    assert response.status_code == 400
    [error] = response.context["form"].errors["plaque_number"]
    assert error == f"授牌编号 CLL-NX-2024-005 已属于阵地“王师傅理发店”（编号 {barber.pk}）：每块牌匾的编号各不相同。"
    station.refresh_from_db()
    assert station.plaque_number == ""
    assert client.get(reverse("venues:partners"), **ZH).content.decode().count(PLAQUE) == 1


def test_a_full_width_spelling_is_the_same_number(client_for, street_admin, barber):
    response = edit(client_for(street_admin), VenueFactory(), plaque_number="ＣＬＬ－ＮＸ－２０２４－００５")

    assert response.status_code == 400
    assert "王师傅理发店" in response.context["form"].errors["plaque_number"][0]


def test_a_number_a_partner_holds_is_refused_naming_the_partner(client_for, street_admin):
    Partner.objects.create(name="成都某某出行科技有限公司", kind="爱心企业", plaque_number="CLL-HB-001")

    response = edit(client_for(street_admin), VenueFactory(), plaque_number="CLL-HB-001")

    assert response.status_code == 400
    assert response.context["form"].errors["plaque_number"] == [
        "授牌编号 CLL-HB-001 已属于合作商户“成都某某出行科技有限公司”：每块牌匾的编号各不相同。"
    ]


def test_the_partners_form_refuses_a_venues_number(client_for, street_admin, barber):
    response = client_for(street_admin).post(
        reverse("venues:staff_partner_new"), {"name": "某协会", "kind": "协会", "order": "1", "plaque_number": PLAQUE}, **ZH
    )

    assert response.status_code == 400
    assert "王师傅理发店" in str(response.context["form"].errors["plaque_number"])
    assert not Partner.objects.exists()


def test_the_venue_keeping_its_own_number_saves_and_so_do_two_that_shared_one_before(client_for, street_admin, barber):
    twin = VenueFactory(name="旧数据", plaque_number=PLAQUE)  # entered before this rule
    client = client_for(street_admin)

    assert edit(client, barber, description="改了简介").status_code == 302
    assert edit(client, twin, description="也改了").status_code == 302
    assert edit(client, twin, plaque_number="CLL-NX-2024-099").status_code == 302


@pytest.mark.parametrize("field", ["plaque_date", "partner_since"])
def test_a_date_in_the_future_is_refused_and_today_is_not(client_for, street_admin, field, client):
    venue = VenueFactory(plaque_number="CLL-NX-2030-001")
    today = timezone.localdate()
    staff = client_for(street_admin)

    response = edit(staff, venue, **{field: (today + timedelta(days=1)).isoformat()})

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [f"此日期在未来：请填写实际发生的日期（最晚为今天，{today.isoformat()}）。"]
    assert edit(staff, venue, **{field: today.isoformat()}).status_code == 302
    wall = client.get(reverse("venues:partners"), **ZH).content.decode()
    assert str(today.year + 1) not in wall


def test_the_date_pickers_stop_at_today(client_for, street_admin):
    page = client_for(street_admin).get("/staff/venues/new/", **ZH).content.decode()

    today = timezone.localdate().isoformat()
    assert f'<input type="date" name="plaque_date" max="{today}"' in page
    assert f'<input type="date" name="partner_since" max="{today}"' in page
    assert "每块牌匾的编号各不相同，例如 CLL-NX-2024-005" in page


def test_the_import_refuses_a_taken_number_and_a_number_twice_in_the_file(client_for, street_admin, barber):
    header = ["id", "name", "kind", "address", "lat", "lng", "plaque_number", "plaque_date"]
    rows = [
        ["", "甲驿站", "community_station", "成龙大道1号", "30.608", "104.126", PLAQUE, ""],
        ["", "乙驿站", "community_station", "成龙大道2号", "30.608", "104.126", "CLL-NX-2024-100", ""],
        ["", "丙驿站", "community_station", "成龙大道3号", "30.608", "104.126", "CLL-NX-2024-100", ""],
        ["", "丁驿站", "community_station", "成龙大道4号", "30.608", "104.126", "", "2099-01-01"],
    ]

    response = client_for(street_admin).post(IMPORT, {"file": csv_file(rows, header=header)}, **ZH)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<td>2</td><td>授牌编号：授牌编号 CLL-NX-2024-005 已属于阵地“王师傅理发店”" in page
    assert "<td>4</td><td>授牌编号：授牌编号 CLL-NX-2024-100 已属于阵地“乙驿站”" in page
    assert "<td>5</td><td>授牌日期：此日期在未来" in page
    assert Venue.objects.count() == 1


def test_the_api_refuses_a_taken_number_with_a_400(api_for, street_admin, barber):
    venue = VenueFactory()

    response = api_for(street_admin).patch(f"/api/v1/venues/{venue.pk}/update/", {"plaque_number": PLAQUE}, format="json", **ZH)

    assert response.status_code == 400
    assert "王师傅理发店" in response.json()["fields"]["plaque_number"][0]
