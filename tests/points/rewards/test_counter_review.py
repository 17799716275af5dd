"""From a review at the counter (the barber's operator on a phone): another venue's voucher
says where to take it, the look-up limit says how long to wait, a confirmation survives a
reload (POST, redirect, GET), the verdict's heading and text say different things, the
history has last month and keeps the code's end on one line, the partner's home is the
redemption page, a proposal keeps its operator informed (image to choose again, what
rewards cost, withdrawing it), and the rider's voucher page speaks of phones, not scanners."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from friendlystreet.days import local_month_bounds
from points.models import Reward, Voucher
from points.rewards import services
from tests.browser.steps import no_sideways_scroll
from tests.factories import PartnerFactory
from tests.html import text_of
from tests.points.factories import image_bytes
from tests.points.rewards.factories import RewardFactory, give_points, issue

pytestmark = pytest.mark.django_db


# --- 1. another venue's voucher: where and for what, never whose ----------------------------------


def test_the_hospital_is_told_where_the_barbers_voucher_belongs_but_not_whose_it_is(
    voucher, merchant_b, hospital, client_for, api_for
):
    response = client_for(merchant_b).post("/redeem/lookup/", {"code": voucher.code})
    html = response.content.decode()

    assert response.status_code == 403 and 'data-result="wrong_venue"' in html
    assert text_of(html, "verdict-head") == "其他场所的兑换券"
    assert text_of(html, "verdict-message") == "这是“王师傅理发店”的“免费快剪一次”兑换券，请骑手到该处使用。"
    rider = voucher.rider
    for personal in (rider.masked_name, rider.masked_phone, rider.display_name, rider.phone[-4:]):
        assert personal not in html
    assert 'id="confirm"' not in html
    # The code is named in the answer, and the box is empty for the next customer: no typo to correct.
    assert 'data-testid="verdict-code">' + voucher.display_code + "<" in html
    assert re.search(r'<input [^>]*id="code-input"[^>]* value=""', html)
    # The app's answer: wrong_venue, no voucher, and where to take it.
    body = api_for(merchant_b).get(f"/api/v1/merchant/vouchers/{voucher.code}/").json()
    assert body["result"] == "wrong_venue" and body["voucher"] is None
    assert body["elsewhere"] == {"venue": "王师傅理发店", "title": "免费快剪一次"}
    assert body["message"] == "这是“王师傅理发店”的“免费快剪一次”兑换券，请骑手到该处使用。"


# --- 2. the look-up limit says how long to wait ----------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """The rate limiter's clock, 30 s into a two-minute window: 90 s (2 minutes) are left."""
    now = SimpleNamespace(time=lambda: 120 * 14_500_000 + 30)
    monkeypatch.setattr("friendlystreet.ratelimit.time", now)
    return now


def test_after_too_many_unknown_codes_the_page_says_how_many_minutes_to_wait(voucher, merchant_a, client_for, settings, clock):
    settings.POINTS_VOUCHER_MISSES_PER_2_MINUTES = 3
    client = client_for(merchant_a)
    for typed in ("ABCD-EFGH-JKM2", "ABCD-EFGH-JKM3", "ABCD-EFGH-JKM4"):
        assert client.post("/redeem/lookup/", {"code": typed}).status_code == 404

    response = client.post("/redeem/lookup/", {"code": voucher.code})  # even a real code waits: no guessing on
    html = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "90"
    assert text_of(html, "verdict-head") == "查询过于频繁"
    assert "请 2 分钟后再试" in text_of(html, "verdict-message")

    client.cookies["django_language"] = "en"
    english = client.post("/redeem/lookup/", {"code": voucher.code}).content.decode()
    assert "try again in 2 minutes" in text_of(english, "verdict-message")


def test_the_api_says_the_minutes_too_and_keeps_its_answer_code(merchant_a, barber, api_for, settings, clock):
    settings.POINTS_VOUCHER_MISSES_PER_2_MINUTES = 1
    api = api_for(merchant_a)
    api.get("/api/v1/merchant/vouchers/ABCDEFGHJKM2/")
    limited = api.get("/api/v1/merchant/vouchers/ABCDEFGHJKM3/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert limited.status_code == 429 and limited.json()["result"] == "rate_limited"
    assert "2 分钟" in limited.json()["message"]


def test_a_busy_counter_confirming_real_vouchers_is_never_locked_out(
    rich_rider, haircut, barber, merchant_a, client_for, settings
):
    """Only failed look-ups count towards the two-minute limit, and a malformed code is not
    looked up at all: a day of real vouchers, and typos the form catches, lock nobody out."""
    settings.POINTS_VOUCHER_MISSES_PER_2_MINUTES = 3
    settings.POINTS_VOUCHER_LOOKUPS_PER_MINUTE = 1000
    Reward.objects.filter(pk=haircut.pk).update(per_rider_monthly_limit=None, cost=1)
    client = client_for(merchant_a)
    for _ in range(6):
        assert client.post("/redeem/lookup/", {"code": "12"}).status_code == 400  # a typo the form catches
    for _ in range(8):
        code = issue(rich_rider, haircut).code
        assert client.post("/redeem/lookup/", {"code": code}).status_code == 200
        assert client.post("/redeem/confirm/", {"code": code}).status_code == 302
    assert Voucher.objects.filter(status=Voucher.Status.REDEEMED).count() == 8


# --- 3. confirming: POST, redirect, GET -------------------------------------------------------------


def test_a_confirmation_leads_to_a_page_that_a_reload_shows_again(voucher, merchant_a, client_for):
    client = client_for(merchant_a)
    merchant_a.display_name = "王师傅"
    merchant_a.save(update_fields=["display_name"])

    done = client.post("/redeem/confirm/", {"code": voucher.code})

    assert done.status_code == 302 and done["Location"] == f"/redeem/?voucher={voucher.code}"
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED
    for _reload in range(2):
        page = client.get(done["Location"])
        html = page.content.decode()
        assert page.status_code == 200
        assert 'data-result="ok"' in html and 'data-confirmed="1"' in html and "verdict-confirmed" in html
        assert text_of(html, "verdict-head") == "✓ 已核销"
        used = text_of(html, "verdict-redeemed-at")
        assert timezone.localtime(voucher.redeemed_at).strftime("%Y-%m-%d %H:%M") in used
        assert "王师傅理发店" in used and "核销人：王师傅" in used
        assert "已使用过" not in html and 'id="confirm"' not in html


def test_sending_the_same_confirmation_again_is_not_an_error(voucher, merchant_a, client_for):
    client = client_for(merchant_a)
    first = client.post("/redeem/confirm/", {"code": voucher.code})
    again = client.post("/redeem/confirm/", {"code": voucher.display_code.lower()})

    assert again.status_code == 302 and again["Location"] == first["Location"]
    html = client.get(again["Location"]).content.decode()
    assert 'data-confirmed="1"' in html and "已使用过" not in html
    assert AuditEntry.objects.filter(action="points.voucher_redeemed").count() == 1


def test_a_colleagues_confirm_a_moment_later_shows_the_voucher_as_done_here(voucher, merchant_a, colleague, client_for):
    client_for(merchant_a).post("/redeem/confirm/", {"code": voucher.code})

    late = client_for(colleague).post("/redeem/confirm/", {"code": voucher.code})
    html = client_for(colleague).get(late["Location"]).content.decode()

    assert 'data-result="already_redeemed"' in html and 'data-settled="1"' in html
    assert "verdict-ok verdict-confirmed" in html  # green, not the amber warning
    assert text_of(html, "verdict-head") == "✓ 本店已核销"
    assert "商家甲 已于" in text_of(html, "verdict-message") and "无需再次核销" in text_of(html, "verdict-message")


def test_looking_up_a_used_voucher_still_warns_not_to_give_the_reward_twice(voucher, merchant_a, client_for):
    client = client_for(merchant_a)
    client.post("/redeem/confirm/", {"code": voucher.code})

    response = client.post("/redeem/lookup/", {"code": voucher.code})
    html = response.content.decode()

    assert response.status_code == 409 and "verdict-already_redeemed" in html
    assert text_of(html, "verdict-head") == "已使用过"
    assert "请勿再次提供奖品" in text_of(html, "verdict-message")


def test_the_confirmed_page_shows_nothing_of_a_voucher_not_used_at_the_operators_venue(
    voucher, care_pack, rich_rider, merchant_a, merchant_b, hospital, client_for, settings
):
    settings.POINTS_VOUCHER_MISSES_PER_2_MINUTES = 2
    unused_here = client_for(merchant_a).get(f"/redeem/?voucher={voucher.code}").content.decode()
    services.voucher_confirm(operator=merchant_a, code=voucher.code)
    used_elsewhere = client_for(merchant_b).get(f"/redeem/?voucher={voucher.code}").content.decode()

    for html in (unused_here, used_elsewhere):
        assert 'data-testid="verdict"' not in html and "免费快剪一次" not in html
        assert voucher.rider.masked_phone not in html
    # Each counts as a failed look-up: the page is no way round the limit.
    hospital_voucher = issue(rich_rider, care_pack)
    client = client_for(merchant_b)
    client.get("/redeem/?voucher=ABCDEFGHJKM2")
    assert client.post("/redeem/lookup/", {"code": hospital_voucher.code}).status_code == 429


# --- 4. heading = the state, text = what to do ----------------------------------------------------


def test_each_verdicts_heading_and_text_say_different_things(voucher, merchant_a, client_for, rich_rider, haircut):
    client = client_for(merchant_a)
    found = client.post("/redeem/lookup/", {"code": voucher.code}).content.decode()
    assert text_of(found, "verdict-head") == "兑换券有效"
    assert text_of(found, "verdict-message") == "请核对奖品和骑手，然后确认核销。"

    missing = client.post("/redeem/lookup/", {"code": "ABCD-EFGH-JKM2"}).content.decode()
    assert text_of(missing, "verdict-head") == "未找到"
    assert text_of(missing, "verdict-message") == "没有这个券码的兑换券，请与骑手核对券码后重新输入。"

    cancelled = services.voucher_cancel(rider=rich_rider, code=issue(rich_rider, RewardFactory(venue=haircut.venue)).code)
    html = client.post("/redeem/lookup/", {"code": cancelled.code}).content.decode()
    assert text_of(html, "verdict-head") == "已取消"
    assert text_of(html, "verdict-message") == "骑手已取消此券并取回积分，不能核销。"
    for html in (found, missing):
        assert text_of(html, "verdict-head") not in text_of(html, "verdict-message")


# --- 5. the history: last month, and the code's end on one line ------------------------------------


def test_the_history_has_last_month_in_local_time(rich_rider, haircut, merchant_a, client_for):
    give_points(rich_rider, 300)
    Reward.objects.filter(pk=haircut.pk).update(per_rider_monthly_limit=None)
    this_month, _end = local_month_bounds(timezone.now())
    when = {
        "last_month_first": local_month_bounds(this_month - timedelta(days=1))[0],
        "last_month_last": this_month - timedelta(seconds=1),
        "this_month_first": this_month,
        "two_months_ago": local_month_bounds(this_month - timedelta(days=1))[0] - timedelta(seconds=1),
    }
    codes = {}
    for name, moment in when.items():
        v = issue(rich_rider, haircut)
        Voucher.objects.filter(pk=v.pk).update(status="redeemed", redeemed_at=moment, redeemed_by=merchant_a)
        codes[name] = v.code[-4:]
    client = client_for(merchant_a)

    html = client.get("/redeem/history/?period=last_month").content.decode()

    assert '<a href="?period=last_month" aria-current="page">上月</a>' in html
    shown = {c for c in codes.values() if f"…&#8288;{c}<" in html}
    assert shown == {codes["last_month_first"], codes["last_month_last"]}
    assert f"…&#8288;{codes['this_month_first']}<" in client.get("/redeem/history/?period=month").content.decode()
    response = client.get("/redeem/history.csv?period=last_month")
    assert response.content.decode("utf-8-sig").count("\n") == 3  # the header and two rows
    # Named as the street office's ledgers are: 核销记录_<last month>.csv, kept by the browser.
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y年%-m月")
    assert quote(f"核销记录_{last_month}.csv") in response["Content-Disposition"]
    today = timezone.localdate().isoformat()
    assert quote(f"核销记录_{today}.csv") in client.get("/redeem/history.csv?period=today")["Content-Disposition"]


# --- 6. the partner operator's home and menu ---------------------------------------------------------


def test_a_partner_operators_home_is_the_redemption_page(merchant_a, barber, client_for):
    html = client_for(merchant_a).get("/home/").content.decode()

    assert '<form method="post" action="/redeem/lookup/" id="lookup-form"' in html
    assert 'id="code-input"' in html and "王师傅理发店" in html
    links = html[html.index('id="home-links"') :].split("</nav>")[0]
    for path in ("/redeem/history/", "/redeem/propose/", "/profile/"):
        assert f'href="{path}"' in links
    # Not to the counter it is: the link only reloaded it (the menu keeps it, for other pages).
    assert 'href="/redeem/"' not in links
    assert '<a href="/redeem/" data-testid="partner-link">核销兑换券</a>' in html
    # The menu of the top bar offers their rewards too (where they also propose one).
    assert '<a href="/redeem/propose/" data-testid="partner-link">本店的奖品</a>' in html


def test_staff_and_riders_keep_their_homes(street_admin, rider, client_for):
    for user in (street_admin, rider):
        html = client_for(user).get("/home/").content.decode()
        assert 'id="code-input"' not in html and 'href="/redeem/propose/"' not in html


# --- 7. proposing a reward -----------------------------------------------------------------------------


def test_a_refused_proposal_asks_for_the_image_again(merchant_a, barber, client_for):
    image = SimpleUploadedFile("cut.jpg", image_bytes(), content_type="image/jpeg")
    response = client_for(merchant_a).post(
        "/redeem/propose/", {"venue": barber.pk, "title": "", "cost": 30, "valid_days": 30, "image": image}
    )
    html = response.content.decode()
    assert response.status_code == 400
    errors = html[html.index('id="field-image"') :].split("</div>")[0]
    assert "请重新选择图片。" in errors
    assert not Reward.objects.exists()


def test_the_cost_field_shows_what_rewards_cost_now(merchant_a, haircut, care_pack, client_for):
    RewardFactory(venue=haircut.venue, title="停用的奖品", cost=999, active=False)
    html = client_for(merchant_a).get("/redeem/propose/").content.decode()
    help_text = html[html.index('id="id_cost_helptext"') :].split("</p>")[0]
    assert "参考现有奖品所需积分：本店“免费快剪一次”80 积分；其他场所“夏季关爱包”60 积分。" in help_text
    assert "999" not in help_text


@pytest.fixture
def proposal(merchant_a, barber):
    reward = RewardFactory(venue=barber, title="洗剪吹8折券", active=False, published_at=None, proposed_by=merchant_a)
    reward.image.save("r.jpg", ContentFile(image_bytes()), save=True)
    return reward


def test_the_proposer_withdraws_a_waiting_proposal(proposal, merchant_a, client_for, django_capture_on_commit_callbacks):
    client = client_for(merchant_a)
    page = client.get("/redeem/propose/").content.decode()
    assert 'data-confirm="撤回提议“洗剪吹8折券”？撤回后街道办将不再看到它。"' in page
    stored = proposal.image.storage, proposal.image.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/redeem/propose/", {"withdraw": proposal.pk}, follow=True)

    assert "已撤回提议“洗剪吹8折券”。" in response.content.decode()
    assert not Reward.objects.filter(pk=proposal.pk).exists()
    assert not stored[0].exists(stored[1])
    entry = AuditEntry.objects.get(action="points.reward_withdrawn")
    assert (entry.actor, entry.target_id, entry.data["title"]) == (merchant_a, str(proposal.pk), "洗剪吹8折券")


def test_only_the_proposer_may_withdraw_and_only_while_it_waits(proposal, merchant_a, barber, client_for):
    colleague = PartnerFactory()
    barber.operators.add(colleague)
    with pytest.raises(services.points_errors.NotAllowed):
        services.reward_withdraw(actor=colleague, reward=proposal)
    assert client_for(colleague).post("/redeem/propose/", {"withdraw": proposal.pk}).status_code == 404

    Reward.objects.filter(pk=proposal.pk).update(active=True, published_at=timezone.now())
    response = client_for(merchant_a).post("/redeem/propose/", {"withdraw": proposal.pk}, follow=True)
    assert "街道办已发布此奖品，不能再撤回。" in response.content.decode()
    assert Reward.objects.filter(pk=proposal.pk).exists()
    assert not AuditEntry.objects.filter(action="points.reward_withdrawn").exists()


# --- 9. the rider's voucher page speaks of phones --------------------------------------------------------


def test_the_voucher_page_tells_the_merchant_to_type_the_code_if_the_phone_cannot_scan(voucher, client_for):
    html = client_for(voucher.rider).get(f"/vouchers/{voucher.code}/").content.decode()
    assert text_of(html, "scan-hint") == "如果扫码识别不了，请调高屏幕亮度，或请商家输入上方券码。"
    assert "扫码枪" not in html
    # The code comes right under the QR code, the hint after it (a 360 × 740 phone shows the code).
    assert html.index('data-testid="voucher-code"') < html.index('data-testid="scan-hint"')


# --- in a browser, on a 360 px phone ----------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_a_reload_keeps_the_confirmation_and_the_history_keeps_the_code_on_one_line(live_server, browser):
    from playwright.sync_api import expect

    from tests.browser.steps import sign_in
    from tests.factories import RiderFactory
    from tests.venues.factories import VenueFactory
    from venues.models import VenueKind

    shop = VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT)
    barber = PartnerFactory(display_name="王师傅")
    shop.operators.add(barber)
    rider = RiderFactory(display_name="张骑手")
    give_points(rider, 100)
    voucher = issue(rider, RewardFactory(venue=shop, title="免费快剪一次", cost=80))

    page = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    sign_in(page, live_server.url, barber.username)
    # Home is the redemption page: the code box is right there.
    page.locator("#code-input").fill(voucher.display_code.lower())
    page.locator("#lookup").click()
    page.locator("#confirm").click()
    expect(page.get_by_test_id("verdict")).to_have_attribute("data-confirmed", "1")
    page.reload()
    expect(page.get_by_test_id("verdict")).to_have_attribute("data-confirmed", "1")
    expect(page.get_by_test_id("verdict-head")).to_have_text("✓ 已核销")

    page.goto(f"{live_server.url}/redeem/history/")
    cell = page.get_by_test_id("code-end")
    expect(cell).to_have_text(f"…\u2060{voucher.code[-4:]}")
    lines = cell.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td);"
        " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
    )
    assert lines == 1
    assert no_sideways_scroll(page)


def test_a_partner_with_one_venue_finds_it_named_and_a_zero_cost_is_refused_in_words(merchant_a, barber, client_for):
    client = client_for(merchant_a)
    page = client.get("/redeem/propose/").content.decode()
    # Their one venue is named, not offered as a choice of one (test_partner_venue_pages.py).
    assert 'name="venue"' not in page and "王师傅理发店" in page

    html = client.post("/redeem/propose/", {"venue": barber.pk, "title": "修面", "cost": 0, "valid_days": 30}).content.decode()

    assert "所需积分至少为 1。" in html
    assert "确保该值大于或等于" not in html
