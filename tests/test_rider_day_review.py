"""A reviewer played a rider for a day on a phone; each story here is one of their findings,
driven as a person does it (the test client, or Chromium for what only a browser shows).

1. A per-hour claim's hours read 时长（小时）, not the gates' 开放时间.
2. A refused compound tip says so at the top, links down to the form, keeps the text and
   says the photo must be chosen again; its address in the bar leads back to the guide.
3. The author sees their own pending and rejected tips (with the reason) on the guide.
4. The SMS sign-in code page offers a new code, and the code lives as long as its SMS says.
5. Maps credit Leaflet without the flag (browser).
6. The passbook links to the claims and vouchers behind its rows; a pending claim says
   what it should earn; the demo's report points match the demo's reports.
7. "← All venues" goes back to the list with its filters, and only to the list.
8. Wording: venue hours, activity hours, Chinese colons, report notices, the waitlist.
9. No certificate for a record of nothing; venue photo captions are as wide as their photo.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from friendlystreet.accounts.models import User
from friendlystreet.notifications.models import Notification
from friendlystreet.sms.models import OutboxMessage
from points.models import Claim, LedgerEntry, Rule
from points.rewards import services as reward_services
from tests.accounts.test_phone_signup_and_login import last_code
from tests.browser.steps import no_sideways_scroll
from tests.html import text_of
from tests.points.factories import ClaimFactory, RuleFactory
from tests.points.rewards.factories import RewardFactory, give_points
from tests.venues.factories import CompoundFactory, GateFactory, VenueFactory, VenuePhotoFactory, jpeg_bytes
from tests.volunteers.factories import ActivityFactory
from tests.volunteers.test_record import activity_of, attend
from venues import hours as hours_lib
from venues import services as venue_services
from venues.models import Tip
from volunteers.models import Report, ReportUpdate
from volunteers.selectors import profile_of

BEIJING = ZoneInfo("Asia/Shanghai")
db = pytest.mark.django_db


def in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


# --- 1. hours of a claim ---------------------------------------------------------------------


@db
def test_a_per_hour_claim_shows_its_hours_as_a_duration_not_as_opening_hours(client_for, rider):
    hourly = RuleFactory(name="志愿服务时长", points=10, unit=Rule.Unit.HOUR)
    claim = ClaimFactory(rider=rider, rule=hourly, quantity=Decimal("2.5"))

    html = client_for(rider).get(f"/points/claims/{claim.pk}/").content.decode()

    assert "<dt>时长（小时）</dt><dd>2.5</dd>" in html
    assert "开放时间" not in html


@db
def test_a_gate_keeps_its_opening_hours_with_a_chinese_colon(client):
    compound = CompoundFactory(property_phone="028-84601234")
    GateFactory(compound=compound, hours="Mo-Su 06:00-23:00")

    html = client.get(f"/compounds/{compound.id}/").content.decode()

    assert re.search(r"<p class=\"muted\">开放时间：\S", html)
    assert text_of(html, "property-phone") == "028-84601234"
    assert '物业：<a class="tap" href="tel:028-84601234"' in html  # a 44 px target (site.css a.tap)
    english = in_english(client).get(f"/compounds/{compound.id}/").content.decode()
    assert "Property management: <a" in english


# --- 2. a refused tip ------------------------------------------------------------------------


@db
def test_a_refused_tip_is_said_at_the_top_links_to_the_form_and_keeps_the_text(client_for, rider):
    compound = CompoundFactory()
    typed = "3号门晚上十点后可以推电动车进，" + "很" * 1000
    photo = SimpleUploadedFile("gate.jpg", jpeg_bytes(), content_type="image/jpeg")

    response = client_for(rider).post(f"/compounds/{compound.id}/tips/", {"text": typed, "photo": photo})

    assert response.status_code == 400
    html = response.content.decode()
    summary = re.search(r'<p class="notice error-summary"[^>]*role="alert"[^>]*>(.*?)</p>', html, re.S)
    assert summary, "no error summary"
    # At the top, before the guide's content; a link to the form further down.
    assert html.index('data-testid="tip-error-summary"') < html.index('data-testid="compound-detail"')
    assert '<a href="#tip-form">请检查标出的内容。</a>' in summary.group(1)
    assert "照片" in summary.group(1)  # the photo must be chosen again
    assert 'id="tip-form"' in html
    assert typed in html  # what they typed is still in the box
    assert not Tip.objects.exists()


@db
def test_the_address_a_refused_tip_leaves_in_the_bar_opens_the_guide(client_for, rider):
    compound = CompoundFactory()

    response = client_for(rider).get(f"/compounds/{compound.id}/tips/")

    assert response.status_code == 302
    assert response["Location"] == f"/compounds/{compound.id}/#tip-form"


# --- 3. the author's own tips ----------------------------------------------------------------


@db
def test_the_author_sees_their_pending_and_rejected_tips_and_nobody_else_does(client_for, client, rider, other_rider, reviewer):
    compound = CompoundFactory()
    author = client_for(rider)
    response = author.post(f"/compounds/{compound.id}/tips/", {"text": "12栋的门朝北开"})
    assert response["Location"] == f"/compounds/{compound.id}/#my-tips"
    rejected = venue_services.tip_create(author=rider, compound=compound, text="2号门可以进电动车")
    venue_services.tip_reject(reviewer=reviewer, tip=rejected, reason="2号门已改为刷脸进出，请核实后再提交。")

    html = author.get(f"/compounds/{compound.id}/").content.decode()

    mine = html[html.index('data-testid="my-tips"') :]
    assert re.search(r'data-status="pending">\s*<p><span class="status pending">待审核</span>', mine)
    assert "12栋的门朝北开" in mine
    assert re.search(r'data-status="rejected">\s*<p><span class="status rejected">已驳回</span>', mine)
    assert "2号门可以进电动车" in mine
    assert "理由：2号门已改为刷脸进出，请核实后再提交。" in mine
    # The rejection notice leads to them.
    notice = Notification.objects.get(recipient=rider, kind="venues.tip_rejected")
    assert notice.link == f"/compounds/{compound.id}/#my-tips"
    # Nobody else sees them: another rider, a visitor.
    for page in (client_for(other_rider).get(f"/compounds/{compound.id}/"), client.get(f"/compounds/{compound.id}/")):
        text = page.content.decode()
        assert "12栋的门朝北开" not in text and "2号门可以进电动车" not in text and 'data-testid="my-tips"' not in text


# --- 4. a new sign-in code -------------------------------------------------------------------


@db
def test_the_sign_in_code_page_sends_a_new_code_on_request(client, rider):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    first = last_code(rider.phone)

    page = client.get("/accounts/login/code/confirm/").content.decode()
    assert re.search(r'<button[^>]*form="resend"', page), "no resend button"
    assert re.search(r'<form id="resend" method="post" action="/accounts/login/code/confirm/">', page)

    response = client.post("/accounts/login/code/confirm/", {"action": "resend"})

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/code/confirm/")
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 2
    second = last_code(rider.phone)
    assert client.post("/accounts/login/code/confirm/", {"code": second}).status_code == 302
    assert int(client.session["_auth_user_id"]) == rider.pk
    assert first  # the first SMS went out too


@db
def test_a_sign_in_code_lasts_the_ten_minutes_its_sms_promises(client, rider, monkeypatch):
    import time

    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    assert "10分钟" in OutboxMessage.objects.filter(phone=rider.phone).first().text
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 5 * 60)  # five minutes later, in the lift

    response = client.post("/accounts/login/code/confirm/", {"code": last_code(rider.phone)})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == rider.pk


# --- 5. and 9. in the browser: the maps' credit, the photo captions ----------------------------

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4/v07AAXAAuFkoaCKAAAAAElFTkSuQmCC")


def stub_tiles(page) -> None:
    for pattern in ("https://*.is.autonavi.com/**", "https://*.openstreetmap.org/**", "https://tile.openstreetmap.org/**"):
        page.route(pattern, lambda route: route.fulfill(status=200, content_type="image/png", body=PNG))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_maps_credit_leaflet_without_a_flag_and_captions_are_as_wide_as_their_photo(live_server, page):
    venue = VenueFactory(name="R29街区广场暖新驿站")
    VenuePhotoFactory(venue=venue, caption="R29街区广场暖新驿站")
    compound = CompoundFactory()
    stub_tiles(page)
    page.set_viewport_size({"width": 360, "height": 780})

    for url in (
        f"{live_server.url}/venues/",
        f"{live_server.url}/venues/{venue.id}/",
        f"{live_server.url}/compounds/{compound.id}/",
    ):
        page.goto(url)
        credit = page.locator(".leaflet-control-attribution").first
        credit.wait_for()
        text = credit.inner_text()
        assert "Leaflet" in text, url
        assert "🇺🇦" not in text and not credit.locator("svg").count(), url

    page.goto(f"{live_server.url}/venues/{venue.id}/")
    caption = page.locator(".venue-photos figcaption").first
    box = caption.bounding_box()
    photo = page.locator(".venue-photos img").first.bounding_box()
    line = caption.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert box["width"] >= photo["width"] - 1 and box["width"] > 130
    assert box["height"] < 2.5 * line  # one or two lines, not three or four
    assert no_sideways_scroll(page)


# --- 6. the passbook and the claims ----------------------------------------------------------


@db
def test_passbook_rows_link_to_their_claim_and_voucher(client_for, rider, reviewer):
    from points import services as points_services

    claim = ClaimFactory(rider=rider, rule=RuleFactory(name="文明劝导", points=10))
    points_services.claim_approve(actor=reviewer, claim=claim)
    give_points(rider, 100)
    reward = RewardFactory(title="免费快剪一次", cost=30)
    voucher = reward_services.reward_redeem(rider=rider, reward=reward).voucher
    reward_services.voucher_cancel(rider=rider, code=voucher.code)

    html = client_for(rider).get("/points/").content.decode()

    assert f'<a href="/points/claims/{claim.pk}/" data-testid="entry-claim" class="covers">文明劝导</a>' in html
    voucher_links = re.findall(rf'<a href="/vouchers/{voucher.code}/" data-testid="entry-voucher" class="covers">', html)
    assert len(voucher_links) == 2  # the redeem and its refund
    assert client_for(rider).get(f"/vouchers/{voucher.code}/").status_code == 200
    assert client_for(rider).get(f"/points/claims/{claim.pk}/").status_code == 200


@db
def test_a_pending_claim_says_what_it_should_earn(client_for, rider):
    hourly = RuleFactory(name="志愿服务时长", points=10, unit=Rule.Unit.HOUR)
    pending = ClaimFactory(rider=rider, rule=hourly, quantity=Decimal("2.5"))
    decided = ClaimFactory(rider=rider, rule=hourly, status=Claim.Status.REJECTED, reason="重复", decided_at=timezone.now())
    client = client_for(rider)

    listing = client.get("/points/claims/").content.decode()
    detail = client.get(f"/points/claims/{pending.pk}/").content.decode()

    row = listing[listing.index(f'data-claim-id="{pending.pk}"') :]
    assert re.search(r'data-testid="expected-points">预计 \+25<', row[: row.index("</li>")])
    other = listing[listing.index(f'data-claim-id="{decided.pk}"') :]
    assert "预计" not in other[: other.index("</li>")]
    assert re.search(r'<dt>预计积分</dt><dd data-testid="claim-expected-points">[^<]*25', detail)


@db
def test_an_accepted_report_pays_a_claim_that_names_the_report(client_for, rider, reviewer):
    from volunteers.reports.services import report_submit

    report = report_submit(
        rider=rider, category="fire_lane", description="R29街区3栋和5栋之间的消防通道被十几辆电动车堵死了", address="成龙大道二段"
    ).report
    client_for(reviewer).post(f"/staff/reports/{report.pk}/transition/", {"status": "accepted", "note": "已受理。"})

    claim = Claim.objects.get(rider=rider, source="report")
    assert claim.description.startswith(f"第{report.pk}号线索（")
    assert "R29街区3栋和5栋之间的消防通道" in claim.description
    passbook = client_for(rider).get("/points/").content.decode()
    assert f'href="/points/claims/{claim.pk}/"' in passbook
    assert "R29街区3栋和5栋之间的消防通道" in client_for(rider).get(f"/points/claims/{claim.pk}/").content.decode()


@db
def test_the_demo_pays_for_each_accepted_report_once_and_names_it(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)

    for rider in User.objects.filter(phone__startswith="+86138000000"):
        accepted = ReportUpdate.objects.filter(report__reporter=rider, status=Report.Status.ACCEPTED).values_list(
            "report_id", flat=True
        )
        paid = Claim.objects.filter(rider=rider, source=Claim.Source.REPORT)
        assert sorted(int(c.source_ref.removeprefix("report-")) for c in paid) == sorted(accepted), rider.phone
        for claim in paid:
            assert claim.description.startswith(f"第{claim.source_ref.removeprefix('report-')}号线索"), claim.description
        earned = LedgerEntry.objects.filter(account_id=rider.pk, kind="earn", claim__rule__code=Rule.REPORT_ACCEPTED)
        assert earned.count() == paid.filter(rule__code=Rule.REPORT_ACCEPTED, status="approved").count()
    eleven = User.objects.get(phone="+8613800000011")
    assert Claim.objects.filter(rider=eleven, rule__code=Rule.REPORT_ACCEPTED).count() == len(
        set(ReportUpdate.objects.filter(report__reporter=eleven, status="accepted").values_list("report_id", flat=True))
    )


# --- 7. back to the list with its filters ----------------------------------------------------


@db
def test_all_venues_goes_back_to_the_list_with_its_filters(client):
    venue = VenueFactory(amenities=["phone_charging"])
    listing = client.get("/venues/?amenity=phone_charging&open_now=on&near=30.6035,104.1262&z=1").content.decode()

    link = re.search(rf'<a [^>]*href="(/venues/{venue.id}/\?back=[^"]+)"', listing).group(1).replace("&amp;", "&")
    page = client.get(link).content.decode()

    back = re.search(r'<a href="([^"]*)" data-testid="back-to-list">', page).group(1).replace("&amp;", "&")
    assert back.startswith("/venues/?")
    assert set(back.removeprefix("/venues/?").split("&")) == {"amenity=phone_charging", "open_now=on", "near=30.6035%2C104.1262"}
    assert "z=1" not in back


@db
@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/",
        "//evil.example/x",
        "next=https://evil.example",
        "kind=spaceship",
        "%0d%0aSet-Cookie:x=1",
        "a" * 2000,
    ],
)
def test_the_back_link_never_leaves_the_list(client, back):
    venue = VenueFactory()

    page = client.get(f"/venues/{venue.id}/", {"back": back}).content.decode()

    href = re.search(r'<a href="([^"]*)" data-testid="back-to-list">', page).group(1)
    assert href == "/venues/"


# --- 8. wording ------------------------------------------------------------------------------


@db
def test_an_open_venue_says_when_it_closes_today(client, monkeypatch):
    monday_ten = datetime(2026, 3, 2, 10, 0, tzinfo=BEIJING)
    real_local = hours_lib.local
    monkeypatch.setattr(hours_lib, "local", lambda at=None: real_local(at or monday_ten))
    venue = VenueFactory(hours="Mo-Su 07:00-23:00")

    html = client.get(f"/venues/{venue.id}/").content.decode()
    english = in_english(client).get(f"/venues/{venue.id}/").content.decode()

    state = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html[html.index('data-testid="open-state"') :].split("</p>")[0]))
    assert "营业中 · 今天 23:00 打烊" in state and "至" not in state
    state_en = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", english[english.index('data-testid="open-state"') :].split("</p>")[0]))
    assert "Open now · closes today at 23:00" in state_en


@db
def test_activity_hours_have_no_trailing_zero(client_for, rider, reviewer):
    activity = ActivityFactory(title="街道清洁")  # two hours

    html = client_for(rider).get(f"/activities/{activity.pk}/").content.decode()
    roster = client_for(reviewer).get(reverse("volunteers:staff_activity_roster", args=[activity.pk])).content.decode()

    assert "2 小时" in html and "2.0" not in html
    assert "2 小时" in roster and "2.0" not in roster


@db
def test_the_volunteer_record_writes_chinese_colons_and_english_ones_in_english(client_for, rider, reviewer):
    attend(reviewer, rider, activity_of(2, days=3))
    code = profile_of(rider).record_code

    html = client_for(rider).get("/volunteer-record/").content.decode()
    english = in_english(client_for(rider)).get("/volunteer-record/").content.decode()

    assert f'核验码：<strong class="vol-code" data-testid="record-code">{code}</strong>' in html
    assert f'Verification code: <strong class="vol-code" data-testid="record-code">{code}</strong>' in english


@db
def test_a_report_notice_does_not_repeat_itself(client_for, rider, reviewer):
    from volunteers.reports.services import report_submit

    report = report_submit(rider=rider, category="sanitation", description="路口堆了装修垃圾", address="静康路").report
    staff = client_for(reviewer)
    staff.post(f"/staff/reports/{report.pk}/transition/", {"status": "accepted", "note": "已受理，已通知环卫作业公司。"})
    staff.post(f"/staff/reports/{report.pk}/transition/", {"status": "in_progress", "note": ""})

    accepted, in_progress = Notification.objects.filter(recipient=rider, kind="volunteers_report_updated").order_by("id")
    assert accepted.title == f"您上报的第{report.pk}号线索：已受理，获得 20 积分"  # the points in the same notice
    assert accepted.body == "已受理，已通知环卫作业公司。"
    assert in_progress.title == f"您上报的第{report.pk}号线索：处理中"
    assert in_progress.body == ""  # nothing written, nothing repeated
    inbox = client_for(rider).get("/notifications/").content.decode()
    assert "现在是" not in inbox


@db
def test_a_rider_moved_up_from_the_waitlist_is_told_they_are_signed_up(client_for, rider, other_rider):
    activity = ActivityFactory(capacity=1)
    first, second = client_for(rider), client_for(other_rider)
    first.post(f"/activities/{activity.pk}/signup/")
    second.post(f"/activities/{activity.pk}/signup/")

    first.post(f"/activities/{activity.pk}/cancel-signup/")

    notice = Notification.objects.get(recipient=other_rider, kind="volunteers_waitlist_promoted")
    assert notice.title == f"候补成功，已为您报名：{activity.title}"


# --- 9. a record of nothing ------------------------------------------------------------------


@db
def test_a_record_with_no_activity_certifies_nothing(client, client_for, rider):
    code = profile_of(rider).record_code

    html = client_for(rider).get("/volunteer-record/").content.decode()

    assert 'data-testid="record-nothing-yet"' in html and "暂无可证明的志愿服务" in html
    assert "志愿服务记录证明</h1>" not in html
    assert code not in html and 'data-testid="verify-qr"' not in html and "/verify/" not in html
    assert client.get(f"/verify/{code}/").status_code == 404


@db
def test_once_the_rider_has_attended_an_activity_the_record_is_issued(client, client_for, rider, reviewer):
    attend(reviewer, rider, activity_of(1.5, days=3))
    code = profile_of(rider).record_code

    html = client_for(rider).get("/volunteer-record/").content.decode()

    assert "志愿服务记录证明</h1>" in html and f'data-testid="record-code">{code}<' in html
    assert client.get(f"/verify/{code}/").status_code == 200
