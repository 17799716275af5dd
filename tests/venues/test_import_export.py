"""Bulk import and export of venues as CSV and XLSX: all or nothing, errors by row number."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tests.venues.factories import AmenityFactory, CommunityFactory, VenueFactory, amenity
from venues import hours as h
from venues.models import Venue

pytestmark = pytest.mark.django_db

IMPORT = "/staff/venues/import/"
HEADER = ["id", "name", "kind", "community", "address", "lat", "lng", "amenities", "services", "hours", "active", "operators"]


def csv_file(rows, header=HEADER, encoding="utf-8-sig", name="venues.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


def xlsx_file(rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("venues.xlsx", out.getvalue())


def good_row(name="R29驿站", **overrides):
    row = {
        "id": "",
        "name": name,
        "kind": "community_station",
        "community": "驿都社区",
        "address": "成龙大道二段R29",
        "lat": "30.6035",
        "lng": "104.1262",
        "amenities": "phone_charging toilet",
        "services": "免费热水 | 雨天借伞",
        "hours": "Mo-Su 07:00-23:00",
        "active": "yes",
        "operators": "",
    }
    row.update(overrides)
    return [row[c] for c in HEADER]


@pytest.fixture
def lookups(db, merchant_a):
    CommunityFactory(name="驿都社区")
    amenity("phone_charging")
    amenity("toilet")
    return merchant_a


def test_a_csv_creates_venues_with_everything(client_for, street_admin, lookups):
    merchant = lookups
    response = client_for(street_admin).post(
        IMPORT, {"file": csv_file([good_row(), good_row("理发店", kind="暖新商家", operators=merchant.username)])}
    )

    assert response.status_code == 302, response.context and response.context.get("errors")
    station = Venue.objects.get(name="R29驿站")
    assert station.community.name == "驿都社区"
    assert sorted(a.code for a in station.amenities.all()) == ["phone_charging", "toilet"]
    assert station.services == ["免费热水", "雨天借伞"]
    assert h.format_hours(station.hour_ranges()) == "Mo-Su 07:00-23:00"
    barber = Venue.objects.get(name="理发店")
    assert barber.kind == "merchant"  # the Chinese label is understood
    assert list(barber.operators.all()) == [merchant]


def test_one_bad_row_imports_nothing_and_names_the_rows(client_for, street_admin, lookups):
    existing = VenueFactory(name="原名")
    rows = [
        good_row("甲"),
        good_row("乙", lat="95"),  # row 3: outside the earth
        good_row("丙", amenities="teleporter"),  # row 4
        good_row("丁", hours="Mo 18:00-08:00"),  # row 5: ends before it starts
        [str(existing.id), "改名", "merchant", "", "地址", "30.6", "104.1", "", "", "", "yes", ""],  # a valid update
    ]

    response = client_for(street_admin).post(IMPORT, {"file": csv_file(rows)})

    assert response.status_code == 400
    errors = response.context["errors"]
    assert sorted({row for row, _ in errors}) == [3, 4, 5]
    assert any(message.startswith("纬度：") for row, message in errors if row == 3)  # the column as exported
    assert any("teleporter" in message for row, message in errors if row == 4)
    # Nothing written: no new venue, and the valid update was rolled back too.
    assert list(Venue.objects.values_list("name", flat=True)) == ["原名"]


def test_an_unknown_id_is_a_row_error(client_for, street_admin, lookups):
    response = client_for(street_admin).post(IMPORT, {"file": csv_file([good_row(id="999999")])})
    assert response.status_code == 400
    assert response.context["errors"][0][0] == 2
    assert not Venue.objects.exists()


def test_an_xlsx_import_works_too(client_for, street_admin, lookups):
    rows = [good_row("表格驿站", lat=30.6035, lng=104.1262)]
    response = client_for(street_admin).post(IMPORT, {"file": xlsx_file(rows)})
    assert response.status_code == 302
    assert Venue.objects.get().name == "表格驿站"


def test_a_gb18030_csv_from_chinese_excel_is_read(client_for, street_admin, lookups):
    response = client_for(street_admin).post(IMPORT, {"file": csv_file([good_row("中文编码驿站")], encoding="gb18030")})
    assert response.status_code == 302
    assert Venue.objects.get().name == "中文编码驿站"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("venues.pdf", b"%PDF-1.4"),
        SimpleUploadedFile("venues.csv", b"colour,shape\nred,round\n"),
        SimpleUploadedFile("venues.xlsx", b"PK\x03\x04 not really a zip"),
        SimpleUploadedFile("venues.csv", b""),
    ],
    ids=["pdf", "unknown-columns", "broken-xlsx", "empty"],
)
def test_files_that_are_not_venue_tables_are_refused_cleanly(client_for, street_admin, upload):
    response = client_for(street_admin).post(IMPORT, {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Venue.objects.exists()


def test_a_rider_cannot_import(client_for, rider, lookups):
    assert client_for(rider).post(IMPORT, {"file": csv_file([good_row()])}).status_code == 403
    assert not Venue.objects.exists()


def test_export_csv_and_xlsx_round_trip(client_for, street_admin, lookups):
    community = CommunityFactory(name="驿都社区")
    water = AmenityFactory(code="drinking_water", name="饮用水", name_en="Drinking water")
    venue = VenueFactory(
        name='=HYPERLINK("http://evil")',  # a formula-looking name must not run in Excel
        community=community,
        hours="Mo-Fr 08:00-18:00; Sa 20:00-03:00+1",
        amenities=["phone_charging"],
        services=["快剪", "免费热水"],
    )
    venue.amenities.add(water)
    closed = VenueFactory(name="停用的驿站", kind="merchant", active=False, hours="")
    venue.operators.add(lookups)
    client = client_for(street_admin)

    csv_response = client.get("/staff/venues/export/?format=csv")
    assert csv_response.status_code == 200 and csv_response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    # In Chinese, as staff read it: the columns, the kind, the amenities' names, 是/否, the days.
    assert rows[0]["名称"].startswith("'=")
    assert rows[0]["类型"] == "暖新社区/驿站" and rows[1]["类型"] == "暖新商家"
    assert rows[0]["便民设施"] == "饮用水、phone_charging"  # the factory names its amenities by their codes
    assert rows[0]["营业时间"] == "周一至周五 08:00-18:00; 周六 20:00-03:00+1"
    assert (rows[0]["启用"], rows[1]["启用"]) == ("是", "否")
    assert rows[0]["合作方操作员"] == lookups.username

    xlsx_response = client.get("/staff/venues/export/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["编号"] == venue.id and values["便民设施"] == "饮用水、phone_charging"

    # Re-importing the exported files changes nothing and creates nothing: exporting again
    # gives the very same file.
    for name, content in (("venues.csv", csv_response.content), ("venues.xlsx", xlsx_response.content)):
        reimport = client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})
        assert reimport.status_code == 302, reimport.context and reimport.context.get("errors")
        assert client.get("/staff/venues/export/?format=csv").content == csv_response.content
    venue.refresh_from_db()
    closed.refresh_from_db()
    assert Venue.objects.count() == 2
    assert venue.name == '=HYPERLINK("http://evil")'
    assert venue.services == ["快剪", "免费热水"]
    assert sorted(a.code for a in venue.amenities.all()) == ["drinking_water", "phone_charging"]
    assert h.format_hours(venue.hour_ranges()) == "Mo-Fr 08:00-18:00; Sa 20:00-03:00+1"
    assert not closed.active and closed.kind == "merchant" and closed.hour_ranges() == []
