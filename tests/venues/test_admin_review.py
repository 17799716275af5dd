"""A week as the street admin, in the venues' staff pages: what the reviewer ran into, as
stories. Destructive buttons ask first; an approved tip that went out of date comes off the
guide; the import hands out its template, lists every error of a file at once and checks
phone numbers; the audit trail says what an edit changed, in the pages' own words; failed
deliveries name their channel."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Delivery, Notification
from points.models import Claim, Rule
from tests.browser.steps import sign_in
from tests.factories import StreetAdminFactory
from tests.points.factories import RuleFactory
from tests.points.rewards.factories import balance
from tests.venues.factories import (
    CommunityFactory,
    CompoundFactory,
    TipFactory,
    VenueFactory,
    VenuePhotoFactory,
    amenity,
)
from venues import services
from venues.models import TipStatus, Venue, VenuePhoto
from venues.spreadsheets import COLUMNS

pytestmark = pytest.mark.django_db

IMPORT = "/staff/venues/import/"
# The import's columns as the template names them (Chinese): what a street admin fills in.
ZH = dict(zip(COLUMNS, ["编号", "名称", "类型", "社区", "地址", "纬度", "经度", "电话"], strict=False))


def html(response) -> str:
    return response.content.decode()


# --- 1. destructive buttons ask first -----------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_deleting_a_photo_and_deactivating_a_venue_ask_first_and_no_keeps_both(live_server, browser):
    admin = StreetAdminFactory()
    venue = VenueFactory(name="R29街区广场暖新驿站")
    photo = VenuePhotoFactory(venue=venue)
    page = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN").new_page()
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/venues/{venue.pk}/")

    asked: list[str] = []

    def say_no(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", say_no)
    page.locator('[data-testid="delete-photo"]').click()
    page.locator("#deactivate").click()
    page.wait_for_timeout(300)

    assert len(asked) == 2
    assert "R29街区广场暖新驿站" in asked[0] and "无法恢复" in asked[0]
    assert "R29街区广场暖新驿站" in asked[1] and "地图" in asked[1]
    assert VenuePhoto.objects.filter(pk=photo.pk).exists()
    venue.refresh_from_db()
    assert venue.active

    page.remove_listener("dialog", say_no)
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator('[data-testid="delete-photo"]').click()
    expect(page.locator('[data-testid="delete-photo"]')).to_have_count(0)
    assert not VenuePhoto.objects.filter(pk=photo.pk).exists()


def test_reactivating_a_venue_does_not_ask(client_for, street_admin):
    venue = VenueFactory(active=False)
    body = html(client_for(street_admin).get(f"/staff/venues/{venue.pk}/"))
    form = re.search(rf"<form[^>]*staff/venues/{venue.pk}/active/[^>]*>", body).group(0)
    assert "data-confirm" not in form


# --- 2. an approved tip that went out of date comes off the guide -------------------------------


@pytest.fixture
def tip_rule(db):
    return Rule.objects.filter(code=Rule.COMPOUND_TIP_APPROVED).first() or RuleFactory(
        code=Rule.COMPOUND_TIP_APPROVED, points=5, rider_claimable=False
    )


@pytest.fixture
def approved_tip(rider, reviewer, tip_rule):
    compound = CompoundFactory(name="锦绣天府小区")
    tip = TipFactory(compound=compound, author=rider, text="3号门22点后可以进电动车。")
    services.tip_approve(reviewer=reviewer, tip=tip)
    return tip


def test_the_approved_tab_offers_a_withdrawal_that_asks_first(client_for, reviewer, approved_tip):
    body = html(client_for(reviewer).get("/staff/venues/tips/?status=approved"))
    form = re.search(r'<form[^>]*data-testid="withdraw-form"[^>]*>', body, re.S).group(0)
    assert f"/staff/venues/tips/{approved_tip.pk}/withdraw/" in form
    assert "锦绣天府小区" in form and "data-confirm=" in form and "积分" in form


def test_a_reviewer_withdraws_an_outdated_tip_the_guide_drops_it_the_rider_is_told_and_keeps_the_points(
    client_for, client, rider, reviewer, approved_tip, tip_rule
):
    guide = f"/compounds/{approved_tip.compound_id}/"
    assert "3号门22点后可以进电动车。" in html(client.get(guide))  # rendered, and now in the cache
    paid = balance(rider)
    assert paid == tip_rule.points

    response = client_for(reviewer).post(
        f"/staff/venues/tips/{approved_tip.pk}/withdraw/", {"reason": "3号门已改为全天禁止电动车进入。"}
    )

    assert response.status_code == 302 and response["Location"].endswith("?status=approved")
    approved_tip.refresh_from_db()
    assert approved_tip.status == TipStatus.WITHDRAWN
    assert approved_tip.reject_reason == "3号门已改为全天禁止电动车进入。"
    assert "3号门22点后可以进电动车。" not in html(client.get(guide))  # the cached guide was renewed
    notice = Notification.objects.get(recipient=rider, kind="venues.tip_withdrawn")
    assert "锦绣天府小区" in notice.title and "3号门已改为全天禁止电动车进入。" in notice.body
    assert notice.link.endswith("#my-tips")
    entry = AuditEntry.objects.get(action="venues.tip.withdraw")
    assert (entry.actor, entry.target_id) == (reviewer, str(approved_tip.pk))
    assert entry.data == {"compound": approved_tip.compound_id, "reason": "3号门已改为全天禁止电动车进入。"}
    assert balance(rider) == paid  # the points its approval paid stay paid
    assert Claim.objects.get(source="tip", source_ref=str(approved_tip.pk)).status == "approved"
    # The author sees it among their own tips, with the reason; the queue lists it under 已撤下.
    mine = html(client_for(rider).get(guide))
    assert 'data-status="withdrawn"' in mine and "已撤下" in mine and "3号门已改为全天禁止电动车进入。" in mine
    withdrawn = html(client_for(reviewer).get("/staff/venues/tips/?status=withdrawn"))
    assert f'data-tip-id="{approved_tip.pk}"' in withdrawn


def test_a_withdrawal_needs_a_reason(client_for, reviewer, approved_tip):
    response = client_for(reviewer).post(f"/staff/venues/tips/{approved_tip.pk}/withdraw/", {"reason": "  "}, follow=True)
    assert "请说明原因" in html(response)
    approved_tip.refresh_from_db()
    assert approved_tip.status == TipStatus.APPROVED
    assert not AuditEntry.objects.filter(action="venues.tip.withdraw").exists()


def test_only_a_published_tip_can_be_withdrawn(client_for, rider, reviewer):
    pending = TipFactory(author=rider)
    response = client_for(reviewer).post(f"/staff/venues/tips/{pending.pk}/withdraw/", {"reason": "过时"}, follow=True)
    assert "这条贴士未公开" in html(response)
    pending.refresh_from_db()
    assert pending.status == TipStatus.PENDING
    with pytest.raises(services.TipNotApproved):
        services.tip_withdraw(reviewer=reviewer, tip=pending, reason="过时")


def test_a_rider_cannot_withdraw_a_tip(client_for, other_rider, approved_tip):
    response = client_for(other_rider).post(f"/staff/venues/tips/{approved_tip.pk}/withdraw/", {"reason": "过时"})
    assert response.status_code == 403
    with pytest.raises(services.PermissionDenied):
        services.tip_withdraw(reviewer=other_rider, tip=approved_tip, reason="过时")
    approved_tip.refresh_from_db()
    assert approved_tip.status == TipStatus.APPROVED


def test_a_withdrawn_tip_still_counts_as_approved_on_its_day(reviewer, approved_tip):
    from datetime import timedelta

    from django.utils import timezone

    from friendlystreet.dashboard.periods import Period
    from venues import figures

    approved_tip.refresh_from_db()
    day = timezone.localtime(approved_tip.reviewed_at).date()
    period = Period(day - timedelta(days=1), day + timedelta(days=1))
    before = figures.compute(period)["tips_approved"]
    services.tip_withdraw(reviewer=reviewer, tip=approved_tip, reason="门禁规则变了")
    assert figures.compute(period)["tips_approved"] == before == 1


# --- 3. the import: a template, every error at once, phone numbers ------------------------------


def csv_upload(header, rows, name="venues.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


def test_the_import_page_offers_the_template_and_the_template_imports(client_for, street_admin):
    admin = client_for(street_admin)
    page = html(admin.get(IMPORT))
    xlsx_link = re.search(r'href="([^"]+)"[^>]*data-testid="template-xlsx"', page).group(1).replace("&amp;", "&")
    csv_link = re.search(r'href="([^"]+)"[^>]*data-testid="template-csv"', page).group(1).replace("&amp;", "&")
    assert "下载模板" in page

    response = admin.get(xlsx_link)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1  # the header only: nothing to delete before filling it in
    header = list(rows[0])
    assert header[:8] == [ZH[c] for c in COLUMNS[:8]]
    assert len(header) == len(COLUMNS)

    csv_text = admin.get(csv_link).content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(csv_text))) == header

    # Filled in with one venue, as a street admin would, it imports.
    workbook = Workbook()
    workbook.active.append(header)
    values = {"name": "模板驿站", "kind": "暖新驿站", "address": "成龙大道1号", "lat": 30.6, "lng": 104.1}
    values["phone"] = "028-8888 8888"
    workbook.active.append([values.get(c, "") for c in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    response = admin.post(IMPORT, {"file": SimpleUploadedFile("阵地.xlsx", out.getvalue())})
    assert response.status_code == 302, html(response)
    assert Venue.objects.get().phone == "028-8888 8888"


def test_an_import_lists_every_error_of_every_row_at_once(client_for, street_admin):
    CommunityFactory(name="驿都社区")
    header = ["名称", "类型", "社区", "地址", "纬度", "经度", "电话", "授牌日期", "启用"]
    rows = [
        ["好驿站", "暖新驿站", "驿都社区", "成龙大道1号", "30.6", "104.1", "028-84600101", "", "是"],
        # Six cells that cannot be read, and a latitude that reads but is out of range.
        ["坏驿站", "城堡", "火星社区", "成龙大道2号", "300", "东经", "abc", "昨天", "也许"],
        ["", "暖新驿站", "", "", "30.6", "104.1", "", "", ""],  # name and address missing
    ]

    response = client_for(street_admin).post(IMPORT, {"file": csv_upload(header, rows)})

    assert response.status_code == 400
    body = html(response)
    row3 = re.findall(r'<tr data-row="3"><td>3</td><td>(.*?)</td></tr>', body)
    assert any(m.startswith("类型") for m in row3)
    assert any(m.startswith("社区") for m in row3)
    assert any(m.startswith("经度") for m in row3)
    assert any(m.startswith("授牌日期") for m in row3)
    assert any(m.startswith("启用") for m in row3)
    assert any(m.startswith("纬度") for m in row3), row3  # came only after fixing the others
    assert any(m.startswith("电话") for m in row3), row3
    assert not any("不能为空" in m or "cannot be blank" in m for m in row3)  # no second word on 类型
    row4 = re.findall(r'<tr data-row="4"><td>4</td><td>(.*?)</td></tr>', body)
    assert any(m.startswith("名称") for m in row4) and any(m.startswith("地址") for m in row4)
    assert not Venue.objects.exists()


def venue_form(phone: str) -> dict:
    return {"name": "驿站", "kind": "merchant", "address": "成龙大道1号", "lat": "30.6", "lng": "104.1", "phone": phone} | {
        "active": "on"
    }


@pytest.mark.parametrize("phone", ["abc", "12345", "028-888", "电话待定"])
def test_a_phone_that_is_no_phone_number_is_refused_by_the_import_and_the_form(client_for, street_admin, phone):
    admin = client_for(street_admin)
    header = ["名称", "类型", "地址", "纬度", "经度", "电话"]
    response = admin.post(IMPORT, {"file": csv_upload(header, [["驿站", "暖新驿站", "成龙大道1号", "30.6", "104.1", phone]])})
    assert response.status_code == 400
    assert re.search(r'<tr data-row="2"><td>2</td><td>电话：', html(response))

    response = admin.post("/staff/venues/new/", venue_form(phone))
    assert response.status_code == 400
    assert "请输入电话号码" in html(response)
    assert not Venue.objects.exists()


@pytest.mark.parametrize(
    "phone", ["13900000003", "139 0000 0003", "028-8888 8888", "028-84600101", "(028) 8888-8888", "400-800-1234"]
)
def test_mobiles_and_landlines_are_accepted(client_for, street_admin, phone):
    assert client_for(street_admin).post("/staff/venues/new/", venue_form(phone)).status_code == 302
    assert Venue.objects.get().phone == phone


def test_a_compounds_property_phone_is_checked_the_same_way(street_admin):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        data = {"name": "锦绣小区", "address": "长柏路1号", "lat": 30.6, "lng": 104.1, "property_phone": "abc"}
        services.compound_save(actor=street_admin, data=data)
    assert "property_phone" in refused.value.message_dict


# --- 4. the audit trail says what changed, in the pages' words ----------------------------------


def edit_form(venue, **overrides) -> dict:
    data = {
        "name": venue.name,
        "kind": venue.kind,
        "address": venue.address,
        "lat": str(venue.lat),
        "lng": str(venue.lng),
        "phone": venue.phone,
        "hours_text": "Mo-Su 08:00-20:00",
        "amenities": [a.pk for a in venue.amenities.all()],
        "operators": [u.pk for u in venue.operators.all()],
        "active": "on",
    }
    data.update(overrides)
    return data


def test_a_venue_edit_records_what_changed_before_and_after_and_the_trail_reads_it(client_for, street_admin, merchant_a):
    water, toilet = amenity("drinking_water"), amenity("toilet")
    water.name, toilet.name = "饮用水", "厕所"
    water.save(), toilet.save()
    venue = VenueFactory(
        name="大观社区骑手之家", phone="028-84600103", hours="Mo-Su 08:00-20:00", amenities=["drinking_water", "toilet"]
    )
    venue.operators.set([merchant_a])
    admin = client_for(street_admin)

    # Amenities and operators sent in another order are not a change; the phone and the hours are.
    form = edit_form(venue, phone="028-84600199", hours_text="Mo-Fr 08:00-20:00", amenities=[toilet.pk, water.pk])
    assert admin.post(f"/staff/venues/{venue.pk}/", form).status_code == 302

    entry = AuditEntry.objects.get(action="venues.venue.update")
    changes = entry.data["changes"]
    assert set(changes) == {"phone", "opening_hours"}
    assert changes["phone"] == ["028-84600103", "028-84600199"]
    assert changes["opening_hours"] == ["周一至周日 08:00-20:00", "周一至周五 08:00-20:00"]

    trail = html(admin.get(f"/staff/audit/?target_type=venues.venue&target_id={venue.pk}"))
    assert "修改阵地" in trail and "营业时间" in trail and "电话" in trail
    assert "028-84600103" in trail and "028-84600199" in trail
    assert sorted(re.findall(r'<tr class="changed"><th scope="row">(.*?)</th>', trail)) == sorted(["电话", "营业时间"])

    # A real change of amenities reads as the names before and after.
    venue.refresh_from_db()
    admin.post(f"/staff/venues/{venue.pk}/", edit_form(venue, hours_text="Mo-Fr 08:00-20:00", amenities=[water.pk]))
    entry = AuditEntry.objects.filter(action="venues.venue.update").latest("id")
    assert entry.data["changes"] == {"amenities": ["厕所、饮用水", "饮用水"]}


def test_the_trail_says_compound_tip_and_venue_as_the_pages_do(client_for, street_admin, rider, reviewer):
    venue = VenueFactory()
    services.venue_set_active(actor=street_admin, venue=venue, active=False)
    tip = TipFactory(author=rider)
    services.tip_approve(reviewer=reviewer, tip=tip)

    trail = html(client_for(street_admin).get("/staff/audit/"))

    assert "小区贴士已通过" in trail and "停用阵地" in trail
    assert "小区提示" not in trail and "场所" not in trail


def test_an_import_is_logged_against_the_import_with_its_counts(client_for, street_admin):
    from venues.models import VenueImport

    existing = VenueFactory(name="重复驿站", address="成龙大道9号")
    header = ["名称", "类型", "地址", "纬度", "经度"]
    rows = [["新驿站", "暖新驿站", "成龙大道1号", "30.6", "104.1"], ["重复驿站", "暖新驿站", "成龙大道9号", "30.6", "104.1"]]
    admin = client_for(street_admin)

    assert admin.post(IMPORT, {"file": csv_upload(header, rows, name="十二月阵地.csv")}).status_code == 302

    record = VenueImport.objects.get()
    assert (record.actor, record.file_name, record.created, record.updated, record.duplicates) == (
        street_admin,
        "十二月阵地.csv",
        1,
        0,
        1,
    )
    entry = AuditEntry.objects.get(action="venues.venue.import")
    assert (entry.target_type, entry.target_id) == ("venues.venueimport", str(record.pk))
    assert entry.data["duplicate_rows"] == f"3 → #{existing.pk}"
    trail = html(admin.get("/staff/audit/?action=venues.venue.import"))
    assert f"阵地导入 #{record.pk}" in trail
    assert "用户 #" not in trail
    assert "新建阵地数" in trail and "十二月阵地.csv" in trail


# --- 6. failed deliveries name their channel ----------------------------------------------------


def test_failed_deliveries_name_the_channel_in_words(client_for, street_admin, rider):
    notice = Notification.objects.create(recipient=rider, kind="welcome", title="欢迎")
    for channel, address in (("sms", rider.phone), ("email", "a@example.com")):
        Delivery.objects.create(notification=notice, channel=channel, address=address, text="欢迎", status="failed", attempts=5)

    body = html(client_for(street_admin).get("/staff/notifications/deliveries/"))

    cells = re.findall(r'data-testid="delivery-channel"[^>]*>([^<]*)</td>', body)
    assert sorted(cells) == sorted(["短信", "电子邮件"])
    assert ">sms<" not in body and ">email<" not in body
