"""A street admin's spreadsheet speaks Chinese: the export names columns, kinds and amenities
as the staff pages do, and the import reads them back, as it still reads the English files
(column codes, kind and amenity codes) that older exports wrote."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.venues.factories import AmenityFactory, CommunityFactory, VenueFactory
from venues import hours as h
from venues.models import Venue

pytestmark = pytest.mark.django_db

IMPORT = "/staff/venues/import/"
EXPORT = "/staff/venues/export/?format=csv"
CHINESE_HEADER = ["编号", "名称", "类型", "社区", "地址", "纬度", "经度", "便民设施", "营业时间", "启用"]
ENGLISH_HEADER = ["id", "name", "kind", "community", "address", "lat", "lng", "amenities", "hours", "active"]


def csv_file(header, rows, name="venues.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


@pytest.fixture
def amenities(db):
    CommunityFactory(name="驿都社区")
    return {
        "drinking_water": AmenityFactory(code="drinking_water", name="饮用水", name_en="Drinking water"),
        "hot_water": AmenityFactory(code="hot_water", name="热水", name_en="Hot water"),
        "phone_charging": AmenityFactory(code="phone_charging", name="手机充电", name_en="Phone charging"),
    }


def imported_amenities(name: str) -> list[str]:
    return sorted(a.code for a in Venue.objects.get(name=name).amenities.all())


def test_a_row_with_chinese_amenity_names_imports(client_for, street_admin, amenities):
    """The review's file: 便民设施 “饮用水 热水” was refused while 类型 “暖新社区/驿站” was read."""
    row = ["", "导入测试驿站", "暖新社区/驿站", "驿都社区", "成龙大道二段88号", "30.6035", "104.1262", "饮用水 热水", "", "是"]

    response = client_for(street_admin).post(IMPORT, {"file": csv_file(CHINESE_HEADER, [row])})

    assert response.status_code == 302, response.context and response.context.get("errors")
    venue = Venue.objects.get(name="导入测试驿站")
    assert venue.kind == "community_station" and venue.active
    assert imported_amenities("导入测试驿站") == ["drinking_water", "hot_water"]


@pytest.mark.parametrize(
    "cell",
    [
        "饮用水、热水、手机充电",  # as the export writes them
        "饮用水，热水；手机充电",
        "drinking_water hot_water phone_charging",  # codes, as older exports wrote them
        "Drinking water, hot water, PHONE CHARGING",  # the English names
        "phone charging 饮用水 hot_water",  # a name of two words among others
    ],
)
def test_amenities_are_read_by_name_or_code_in_any_spelling(client_for, street_admin, amenities, cell):
    row = ["", "拼写驿站", "驿站", "", "成龙大道二段1号", "30.6", "104.1", cell, "", ""]

    response = client_for(street_admin).post(IMPORT, {"file": csv_file(CHINESE_HEADER, [row])})

    assert response.status_code == 302, response.context and response.context.get("errors")
    assert imported_amenities("拼写驿站") == sorted(["drinking_water", "hot_water", "phone_charging"])


def test_an_unknown_amenity_is_named_in_chinese_and_nothing_is_imported(client_for, street_admin, amenities):
    row = ["", "传送驿站", "驿站", "", "成龙大道二段2号", "30.6", "104.1", "饮用水 传送门 淋浴", "", ""]

    response = client_for(street_admin).post(IMPORT, {"file": csv_file(CHINESE_HEADER, [row])})

    assert response.status_code == 400
    assert response.context["errors"] == [(2, "便民设施：未知的便民设施：传送门、淋浴。")]
    assert "便民设施：未知的便民设施：传送门、淋浴。" in response.content.decode()
    assert not Venue.objects.exists()


def test_an_old_english_file_imports(client_for, street_admin, amenities):
    """A file exported before the Chinese columns: codes in the header, the kind and the amenities."""
    existing = VenueFactory(name="老驿站", amenities=["phone_charging"])
    rows = [
        ["", "英文文件驿站", "merchant", "驿都社区", "成龙大道二段3号", "30.6", "104.1", "drinking_water hot_water", "", "yes"],
        [
            str(existing.id),
            "老驿站",
            "community_station",
            "",
            existing.address,
            "30.6",
            "104.1",
            "hot_water",
            "Mo-Fr 08:00-18:00",
            "no",
        ],
    ]

    response = client_for(street_admin).post(IMPORT, {"file": csv_file(ENGLISH_HEADER, rows)})

    assert response.status_code == 302, response.context and response.context.get("errors")
    created = Venue.objects.get(name="英文文件驿站")
    assert created.kind == "merchant" and created.community.name == "驿都社区" and created.active
    assert imported_amenities("英文文件驿站") == ["drinking_water", "hot_water"]
    existing.refresh_from_db()
    assert not existing.active
    assert imported_amenities("老驿站") == ["hot_water"]
    assert h.format_hours(existing.hour_ranges()) == "Mo-Fr 08:00-18:00"


def test_a_header_may_mix_chinese_english_and_codes(client_for, street_admin, amenities):
    header = ["名称", "Kind", "address", "纬度", "Longitude", "便民设施"]
    row = ["混合驿站", "Warm merchant", "成龙大道二段4号", "30.6", "104.1", "热水"]

    response = client_for(street_admin).post(IMPORT, {"file": csv_file(header, [row])})

    assert response.status_code == 302, response.context and response.context.get("errors")
    assert Venue.objects.get(name="混合驿站").kind == "merchant"


def test_a_column_named_twice_is_refused(client_for, street_admin, amenities):
    header = ["名称", "name", "类型", "地址", "纬度", "经度"]
    row = ["甲", "乙", "驿站", "成龙大道二段5号", "30.6", "104.1"]

    response = client_for(street_admin).post(IMPORT, {"file": csv_file(header, [row])})

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["以下列出现了不止一次：名称。"]
    assert not Venue.objects.exists()


def test_an_english_export_re_imports_unchanged_too(client_for, street_admin, amenities):
    """A street admin who reads the site in English gets English names, and they import back."""
    venue = VenueFactory(name="English Station", hours="Mo-Fr 08:00-18:00; Sa 22:00-02:00+1")
    venue.amenities.set([amenities["drinking_water"], amenities["phone_charging"]])
    client = client_for(street_admin)
    client.cookies["django_language"] = "en"

    exported = client.get(EXPORT).content
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert rows == [
        {
            **rows[0],
            "Name": "English Station",
            "Kind": "Community station",
            "Amenities": "Drinking water, Phone charging",
            "Opening hours": "Mo-Fr 08:00-18:00; Sa 22:00-02:00+1",
            "Active": "yes",
        }
    ]

    response = client.post(IMPORT, {"file": SimpleUploadedFile("venues.csv", exported)})

    assert response.status_code == 302, response.context and response.context.get("errors")
    assert client.get(EXPORT).content == exported
    assert Venue.objects.count() == 1
