"""The same place is not listed twice: a new-venue form saved again, or a file imported
again, does not make a second venue with the same name and address; staff are told, with a
link to the venue that exists."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.venues.factories import VenueFactory
from venues.models import Venue

pytestmark = pytest.mark.django_db

NEW = "/staff/venues/new/"
IMPORT = "/staff/venues/import/"
HEADER = ["编号", "名称", "类型", "地址", "纬度", "经度"]


def form_data(**overrides) -> dict:
    data = {
        "name": "测试驿站A",
        "kind": "community_station",
        "address": "锦江区成龙大道二段100号",
        "lat": "30.6011",
        "lng": "104.1240",
        "hours_text": "Mo-Su 09:00-21:00",
        "active": "on",
    }
    data.update(overrides)
    return data


def csv_file(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile("venues.csv", out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def new_row(name="导入测试驿站", address="成龙大道二段R29"):
    return ["", name, "驿站", address, "30.6035", "104.1262"]


def shown_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- the new-venue form ---------------------------------------------------------------------


def test_saving_the_new_venue_form_twice_makes_one_venue_and_links_to_it(client_for, street_admin):
    client = client_for(street_admin)
    assert client.post(NEW, form_data()).status_code == 302
    first = Venue.objects.get()

    again = client.post(NEW, form_data())

    assert again.status_code == 400
    html = again.content.decode()
    assert "已有同名同地址的阵地，请直接修改它：" in html
    assert f'<a href="/staff/venues/{first.id}/">测试驿站A</a>' in html
    assert Venue.objects.count() == 1


def test_a_deactivated_venue_at_the_same_place_counts_too(client_for, street_admin):
    old = VenueFactory(name="测试驿站A", address="锦江区成龙大道二段100号", active=False)

    response = client_for(street_admin).post(NEW, form_data())

    assert response.status_code == 400
    assert f'href="/staff/venues/{old.id}/"' in response.content.decode()
    assert Venue.objects.count() == 1


@pytest.mark.parametrize("overrides", [{"name": "测试驿站B"}, {"address": "锦江区成龙大道二段102号"}])
def test_the_same_name_elsewhere_or_another_name_at_the_same_address_is_a_new_venue(client_for, street_admin, overrides):
    VenueFactory(name="测试驿站A", address="锦江区成龙大道二段100号")

    assert client_for(street_admin).post(NEW, form_data(**overrides)).status_code == 302
    assert Venue.objects.count() == 2


def test_an_edit_cannot_take_another_venues_name_and_address(client_for, street_admin):
    first = VenueFactory(name="测试驿站A", address="锦江区成龙大道二段100号")
    second = VenueFactory(name="测试驿站B", address="锦江区成龙大道二段100号")

    response = client_for(street_admin).post(f"/staff/venues/{second.id}/", form_data())

    assert response.status_code == 400
    assert f'href="/staff/venues/{first.id}/"' in response.content.decode()
    second.refresh_from_db()
    assert second.name == "测试驿站B"


def test_two_venues_entered_twice_before_can_still_be_edited(client_for, street_admin):
    """The pairs made before this rule: saving one of them unchanged, or fixing its phone, works."""
    VenueFactory(name="测试驿站A", address="锦江区成龙大道二段100号")
    twin = VenueFactory(name="测试驿站A", address="锦江区成龙大道二段100号")

    response = client_for(street_admin).post(f"/staff/venues/{twin.id}/", form_data(phone="028-12345678"))

    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.phone == "028-12345678"


def test_the_api_answers_a_duplicate_with_409_naming_the_venue(api_for, street_admin):
    existing = VenueFactory(name="测试驿站A", address="锦江区成龙大道二段100号")
    body = {"name": "测试驿站A", "kind": "community_station", "address": "锦江区成龙大道二段100号", "lat": 30.6, "lng": 104.1}

    response = api_for(street_admin).post("/api/v1/venues/create/", body, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_venue"
    assert response.json()["existing_id"] == existing.id
    assert Venue.objects.count() == 1


# --- the import -----------------------------------------------------------------------------


def test_importing_the_same_file_twice_creates_the_venue_once_and_says_so(client_for, street_admin):
    client = client_for(street_admin)
    upload = [new_row(), new_row("另一个驿站", "成龙大道二段R30")]

    first = client.post(IMPORT, {"file": csv_file(upload)}, follow=True)

    venue = Venue.objects.get(name="导入测试驿站")
    other = Venue.objects.get(name="另一个驿站")
    assert shown_messages(first)[:2] == [
        "导入完成：新建2个阵地，更新0个。",
        f'新建的阵地：<a href="/staff/venues/{venue.id}/">导入测试驿站</a>、<a href="/staff/venues/{other.id}/">另一个驿站</a>。',
    ]

    again = client.post(IMPORT, {"file": csv_file(upload)}, follow=True)

    assert Venue.objects.count() == 2
    created, duplicates = shown_messages(again)
    assert created == "导入完成：新建0个阵地，更新0个。"
    assert duplicates.startswith("以下行可能重复，没有导入：已有同名同地址的阵地（")
    assert (
        f'第2行：<a href="/staff/venues/{venue.id}/">导入测试驿站</a>；第3行：<a href="/staff/venues/{other.id}/">另一个驿站</a>'
        in duplicates
    )
    assert "请在该行的“编号”列填写阵地的编号" in duplicates
    # On the page, as links (the names escaped, the markup not).
    assert f'<a href="/staff/venues/{venue.id}/">导入测试驿站</a>' in again.content.decode()


def test_a_row_twice_in_one_file_creates_one_venue(client_for, street_admin):
    response = client_for(street_admin).post(IMPORT, {"file": csv_file([new_row(), new_row()])}, follow=True)

    assert Venue.objects.filter(name="导入测试驿站").count() == 1
    messages = shown_messages(response)
    assert messages[0] == "导入完成：新建1个阵地，更新0个。"
    assert "第3行：" in messages[2] and "第2行" not in messages[2]


def test_a_row_with_an_id_still_updates_its_venue(client_for, street_admin):
    venue = VenueFactory(name="导入测试驿站", address="成龙大道二段R29", lat=30.0)

    response = client_for(street_admin).post(IMPORT, {"file": csv_file([[str(venue.id), *new_row()[1:]]])}, follow=True)

    assert shown_messages(response) == ["导入完成：新建0个阵地，更新1个。"]
    venue.refresh_from_db()
    assert venue.lat == 30.6035


def test_an_update_that_would_duplicate_another_venue_is_a_row_error(client_for, street_admin):
    first = VenueFactory(name="导入测试驿站", address="成龙大道二段R29")
    second = VenueFactory(name="别的驿站", address="成龙大道二段R29")

    response = client_for(street_admin).post(IMPORT, {"file": csv_file([[str(second.id), *new_row()[1:]]])})

    assert response.status_code == 400
    assert response.context["errors"] == [(2, f"修改后，阵地{second.id}将与阵地{first.id}（导入测试驿站）同名同地址。")]
    second.refresh_from_db()
    assert second.name == "别的驿站"


def test_a_long_import_names_the_first_fifty_venues_or_duplicates_and_counts_the_rest(client_for, street_admin):
    rows = [new_row(f"批量驿站{n:02d}", f"成龙大道二段{n}号") for n in range(53)]

    response = client_for(street_admin).post(IMPORT, {"file": csv_file(rows)}, follow=True)

    names = shown_messages(response)[1]
    assert len(re.findall(r"<a href=", names)) == 50
    assert names.endswith("，另有3个。")

    again = client_for(street_admin).post(IMPORT, {"file": csv_file(rows)}, follow=True)

    duplicates = shown_messages(again)[1]
    assert len(re.findall(r"<a href=", duplicates)) == 50
    assert duplicates.endswith("另有3行同样没有导入。")
    assert Venue.objects.count() == 53
