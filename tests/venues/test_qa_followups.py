"""What a QA pass found in the venues' staff pages, as the street admin meets it: deactivating
goes only through its own button; phone numbers typed with a Chinese input method are taken
(and stored half-width); the import's template opens like every export and coordinates out
of range are refused in words; a deactivated venue's page links to no 404; a withdrawn tip
gives its 撤下原因; an edit's trail lists services as it lists amenities."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from friendlystreet.audit.models import AuditEntry
from tests.venues.factories import TipFactory, VenueFactory, amenity
from venues import services
from venues.models import Compound, TipStatus, Venue

pytestmark = pytest.mark.django_db

NEW = "/staff/venues/new/"
IMPORT = "/staff/venues/import/"


def html(response) -> str:
    return response.content.decode()


def main_form(page: str) -> str:
    """The venue form itself, not the deactivate/reactivate form below it."""
    return re.search(r'<form[^>]*id="venue-form".*?</form>', page, re.S).group(0)


def venue_form(**overrides) -> dict:
    data = {
        "name": "王师傅理发店",
        "kind": "merchant",
        "address": "锦江区成龙大道二段1066号",
        "lat": "30.6011",
        "lng": "104.1240",
        "phone": "13900000003",
        "hours_text": "Mo-Su 09:00-21:00",
    }
    data.update(overrides)
    return data


def edit_form(venue: Venue, **overrides) -> dict:
    data = venue_form(name=venue.name, address=venue.address, phone=venue.phone)
    data["services_text"] = "\n".join(venue.services or [])
    data["amenities"] = [a.pk for a in venue.amenities.all()]
    data.update(overrides)
    return data


def csv_upload(header, rows) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("venues.csv", out.getvalue().encode("utf-8-sig"), content_type="text/csv")


# --- 1. only the dedicated button deactivates a venue -----------------------------------------


def test_the_venue_form_has_no_active_box_and_saving_it_keeps_the_venue_active(client_for, street_admin):
    venue = VenueFactory(name="大观社区骑手之家", phone="028-84600103")
    admin = client_for(street_admin)
    page = html(admin.get(f"/staff/venues/{venue.pk}/"))
    assert 'name="active"' not in main_form(page)
    assert 'id="deactivate"' in page  # the one way, with its confirmation

    # A form posted with the box unticked (no "active" in it), as the old page sent it.
    response = admin.post(f"/staff/venues/{venue.pk}/", edit_form(venue, description="新描述"))

    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.active and venue.description == "新描述"
    entry = AuditEntry.objects.get(action="venues.venue.update")
    assert "active" not in entry.data["changes"]
    assert not AuditEntry.objects.filter(action="venues.venue.deactivate").exists()


def test_a_new_venue_is_active_without_a_box_to_tick(client_for, street_admin):
    admin = client_for(street_admin)
    assert 'name="active"' not in main_form(html(admin.get(NEW)))

    assert admin.post(NEW, venue_form()).status_code == 302
    assert Venue.objects.get().active


# --- 2. phone numbers as an input method types them ----------------------------------------------


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("０２８－８８８８８８８８", "028-88888888"),  # full-width digits and dash
        ("０２８－８８８８ ８８８８ 转 １２３", "028-8888 8888 转 123"),
        ("028-88888888-123", "028-88888888-123"),  # an extension after a hyphen
        ("028-8888 8888-123", "028-8888 8888-123"),
        ("１３９　００００　０００３", "139 0000 0003"),  # ideographic spaces
    ],
)
def test_a_phone_typed_full_width_or_with_a_dashed_extension_is_taken_and_stored_half_width(
    client_for, street_admin, typed, stored
):
    response = client_for(street_admin).post(NEW, venue_form(phone=typed))

    assert response.status_code == 302, response.context["form"].errors
    assert Venue.objects.get().phone == stored


def test_a_refused_phone_names_the_forms_it_may_take_without_a_double_colon(client_for, street_admin):
    admin = client_for(street_admin)

    response = admin.post(NEW, venue_form(phone="电话待定"))
    assert response.status_code == 400
    (message,) = response.context["form"].errors["phone"]
    assert message == "请输入电话号码，如手机 138 0000 0000、座机 028-8888 8888 或 028-8888 8888 转 123。"

    header = ["名称", "类型", "地址", "纬度", "经度", "电话"]
    row = ["驿站", "暖新驿站", "成龙大道1号", "30.6", "104.1", "电话待定"]
    response = admin.post(IMPORT, {"file": csv_upload(header, [row])})
    assert response.status_code == 400
    assert "电话：请输入电话号码，如手机 138 0000 0000" in html(response)
    assert "：请输入电话号码：" not in html(response)
    assert not Venue.objects.exists()


def test_a_compounds_property_phone_is_stored_half_width(street_admin):
    data = {"name": "锦绣小区", "address": "长柏路1号", "lat": 30.6, "lng": 104.1, "property_phone": "０２８－８４６００１０１"}
    services.compound_save(actor=street_admin, data=data)
    assert Compound.objects.get().property_phone == "028-84600101"


# --- 3. the import's template and its coordinate errors -------------------------------------------


@pytest.mark.parametrize("url", ["/staff/venues/import/template/?format=xlsx", "/staff/venues/export/?format=xlsx"])
def test_the_template_and_the_export_open_with_a_bold_frozen_header_and_column_widths(client_for, street_admin, url):
    VenueFactory(name="大观社区骑手之家")
    response = client_for(street_admin).get(url)

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.freeze_panes == "A2"
    header = next(sheet.iter_rows(min_row=1, max_row=1))
    assert [c.value for c in header][:3] == ["编号", "名称", "类型"]
    assert all(c.font.bold for c in header)
    assert sheet.column_dimensions["B"].width >= 10  # 名称: room for a name, not Excel's 8.43
    if "export" in url:  # a coordinate keeps its digits (re-imported, it must not move the venue)
        venue = Venue.objects.get()
        assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))][5:7] == [venue.lat, venue.lng]


@pytest.mark.parametrize(
    "lat, lng, message",
    [("95", "104.1", "纬度：应在 -90 到 90 之间。"), ("30.6", "-200", "经度：应在 -180 到 180 之间。")],
)
def test_a_coordinate_out_of_range_is_refused_in_words(client_for, street_admin, lat, lng, message):
    admin = client_for(street_admin)
    header = ["名称", "类型", "地址", "纬度", "经度"]

    response = admin.post(IMPORT, {"file": csv_upload(header, [["驿站", "暖新驿站", "成龙大道1号", lat, lng]])})

    assert response.status_code == 400
    row = re.findall(r'<tr data-row="2"><td>2</td><td>(.*?)</td></tr>', html(response))
    assert row == [message]  # not “纬度：确保该值小于或等于90.0。”
    assert "确保该值" not in html(response)

    # The form shows it under the field's label.
    response = admin.post(NEW, venue_form(lat=lat, lng=lng))
    assert response.status_code == 400
    field = "lat" if lat == "95" else "lng"
    assert response.context["form"].errors[field] == [message.split("：")[1]]
    assert not Venue.objects.exists()


# --- 4. a deactivated venue links to no 404 -----------------------------------------------------


def test_a_deactivated_venue_says_its_page_is_offline_instead_of_linking_to_it(client_for, street_admin):
    venue = VenueFactory(name="大观社区骑手之家")
    admin = client_for(street_admin)
    public = f'href="/venues/{venue.pk}/"'
    assert admin.get(f"/venues/{venue.pk}/").status_code == 200
    assert public in html(admin.get(f"/staff/venues/{venue.pk}/"))

    admin.post(f"/staff/venues/{venue.pk}/active/", {"active": "0"})

    assert admin.get(f"/venues/{venue.pk}/").status_code == 404
    page = html(admin.get(f"/staff/venues/{venue.pk}/"))
    assert public not in page and "查看公开页面" not in page
    assert "公开页面已下线" in page

    admin.post(f"/staff/venues/{venue.pk}/active/", {"active": "1"})
    assert public in html(admin.get(f"/staff/venues/{venue.pk}/"))


# --- 5. a withdrawn tip gives its 撤下原因 ---------------------------------------------------------


def test_the_withdrawn_tab_labels_the_reason_as_the_withdraw_form_does(client_for, street_admin, reviewer, rider):
    tip = TipFactory(author=rider)
    services.tip_approve(reviewer=reviewer, tip=tip)
    moderator = client_for(reviewer)
    approved = html(moderator.get(f"/staff/venues/tips/?status={TipStatus.APPROVED}"))
    assert "撤下原因" in approved

    moderator.post(f"/staff/venues/tips/{tip.pk}/withdraw/", {"reason": "3号门已改为刷卡进入"})

    withdrawn = html(moderator.get(f"/staff/venues/tips/?status={TipStatus.WITHDRAWN}"))
    assert "撤下原因：3号门已改为刷卡进入" in withdrawn
    assert "理由：" not in withdrawn


def test_the_rejected_tab_still_gives_the_reason(client_for, reviewer, rider):
    tip = TipFactory(author=rider)
    services.tip_reject(reviewer=reviewer, tip=tip, reason="看不清")

    rejected = html(client_for(reviewer).get(f"/staff/venues/tips/?status={TipStatus.REJECTED}"))
    assert "理由：看不清" in rejected


# --- 6. the trail lists services as it lists amenities --------------------------------------------


def test_an_edit_lists_services_and_amenities_with_the_same_separator(client_for, street_admin):
    water, microwave = amenity("drinking_water"), amenity("microwave")
    water.name, microwave.name = "饮用水", "微波炉"
    water.save(), microwave.save()
    venue = VenueFactory(services=["充电"], amenities=["drinking_water"])
    admin = client_for(street_admin)

    form = edit_form(venue, services_text="充电\n饮水", amenities=[water.pk, microwave.pk])
    assert admin.post(f"/staff/venues/{venue.pk}/", form).status_code == 302

    changes = AuditEntry.objects.get(action="venues.venue.update").data["changes"]
    assert changes["amenities"] == ["饮用水", "微波炉、饮用水"]
    assert changes["services"] == ["充电", "充电、饮水"]
    trail = html(admin.get(f"/staff/audit/?target_type=venues.venue&target_id={venue.pk}"))
    assert "充电、饮水" in trail and "充电 | 饮水" not in trail
