"""A reward's title is written in Chinese, with an optional English title beside it (as the
names of tests/test_english_names.py): a rider reading English sees the English title in the
catalogue, on the reward's page, on their voucher and in the notices about it; the counter and
the API name it in the reader's language; a reward without one shows its Chinese title; the
ledger (what exports read) stays in Chinese. Staff and partners write it on their forms."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.utils import translation

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.models import LedgerEntry, Reward, Voucher
from points.rewards import services
from tests.factories import RiderFactory
from tests.points.rewards.factories import RewardFactory, backdate, give_points, issue

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
HAIRCUT_EN = "A free quick haircut"


@pytest.fixture
def haircut(barber):
    """The barber's reward, with an English title."""
    return RewardFactory(venue=barber, title="免费快剪一次", title_en=HAIRCUT_EN, cost=80)


@pytest.fixture
def untitled(hospital):
    """A reward staff gave no English title."""
    return RewardFactory(venue=hospital, title="夏季关爱包", cost=60)


def page(client, url: str, language: dict = EN) -> str:
    response = client.get(url, **language)
    assert response.status_code == 200
    return response.content.decode()


def test_a_rider_reading_english_sees_the_english_title_in_the_catalogue_and_on_the_rewards_page(
    rich_rider, haircut, untitled, client_for
):
    rider = client_for(rich_rider)

    english = page(rider, "/rewards/")
    chinese = page(rider, "/rewards/", ZH)

    assert f'class="covers">{HAIRCUT_EN}</a></h2>' in english
    assert 'class="covers">夏季关爱包</a></h2>' in english  # no English title: the Chinese one
    assert 'class="covers">免费快剪一次</a></h2>' in chinese and HAIRCUT_EN not in chinese
    detail = page(rider, f"/rewards/{haircut.pk}/")
    assert f"<h1>{HAIRCUT_EN}</h1>" in detail
    assert f"Spend 80 points on “{HAIRCUT_EN}”?" in detail


def test_a_rider_reading_english_sees_the_english_title_on_their_voucher(rich_rider, haircut, client_for):
    rider = client_for(rich_rider)

    bought = rider.post(f"/rewards/{haircut.pk}/redeem/", {"idempotency_key": "k1"}, **EN)

    voucher = Voucher.objects.get(rider=rich_rider)
    assert bought.url == f"/vouchers/{voucher.code}/"
    assert f"<h1>{HAIRCUT_EN}</h1>" in page(rider, bought.url)
    assert f'class="covers">{HAIRCUT_EN}</a></h2>' in page(rider, "/vouchers/")
    assert 'class="covers">免费快剪一次</a></h2>' in page(rider, "/vouchers/", ZH)
    # What exports (台账) read stays Chinese.
    assert LedgerEntry.objects.get(voucher=voucher, kind="redeem").description == "免费快剪一次 · 王师傅理发店"


def test_a_voucher_keeps_the_titles_it_was_bought_with(rich_rider, haircut, client_for):
    voucher = issue(rich_rider, haircut)
    Reward.objects.filter(pk=haircut.pk).update(title="快剪", title_en="Quick haircut")

    voucher.refresh_from_db()
    assert (voucher.title, voucher.title_en) == ("免费快剪一次", HAIRCUT_EN)
    assert f"<h1>{HAIRCUT_EN}</h1>" in page(client_for(rich_rider), f"/vouchers/{voucher.code}/")


def test_the_rider_is_told_about_their_voucher_in_their_language_whoever_confirms_it(haircut, barber, merchant_a):
    english_rider = RiderFactory(language="en")
    give_points(english_rider, 200)
    used = issue(english_rider, haircut)
    expiring = backdate(issue(english_rider, RewardFactory(venue=barber, title_en="Hair wash", valid_days=30)), days=31)

    with translation.override("zh-hans"):  # the barber works in Chinese
        services.voucher_confirm(operator=merchant_a, code=used.code)
    services.vouchers_expire_due()

    notices = dict(Notification.objects.filter(recipient=english_rider).values_list("kind", "body"))
    assert f"“{HAIRCUT_EN}”" in notices["points_voucher_redeemed"]
    assert "“Hair wash”" in notices["points_voucher_expired"]
    # The refund the ledger keeps for exports: in Chinese, with the Chinese title.
    refund = LedgerEntry.objects.get(voucher=expiring, kind="refund")
    assert refund.description == f"过期未使用：{expiring.title}"


def test_an_english_rider_cancelling_leaves_the_ledger_in_chinese(rich_rider, haircut, client_for):
    voucher = issue(rich_rider, haircut)

    client_for(rich_rider).post(f"/vouchers/{voucher.code}/cancel/", **EN)

    assert LedgerEntry.objects.get(voucher=voucher, kind="refund").description == "已取消：免费快剪一次"
    # The passbook words its own line in the reader's language, the reward's English title included.
    passbook = page(client_for(rich_rider), "/points/")
    assert f"Cancelled: {HAIRCUT_EN}" in passbook
    assert f"{HAIRCUT_EN} · 王师傅理发店" in passbook  # the purchase's own line
    assert "已取消：免费快剪一次" in page(client_for(rich_rider), "/points/", ZH)


def test_the_home_page_offers_rewards_by_their_english_title(rich_rider, haircut, untitled, client_for):
    home = page(client_for(rich_rider), "/home/")

    assert f"<span>{HAIRCUT_EN}</span>" in home
    assert "<span>夏季关爱包</span>" in home  # no English title: the Chinese one
    assert "<span>免费快剪一次</span>" in page(client_for(rich_rider), "/home/", ZH)


def test_the_counter_reading_english_sees_the_english_title(rich_rider, haircut, merchant_a, merchant_b, client_for):
    voucher = issue(rich_rider, haircut)

    looked_up = client_for(merchant_a).post("/redeem/lookup/", {"code": voucher.code}, **EN).content.decode()
    elsewhere = client_for(merchant_b).post("/redeem/lookup/", {"code": voucher.code}, **EN).content.decode()

    assert f'data-testid="verdict-title">{HAIRCUT_EN}</dd>' in looked_up
    assert f"This is a voucher for “{HAIRCUT_EN}” at 王师傅理发店" in elsewhere
    services.voucher_confirm(operator=merchant_a, code=voucher.code)
    assert f"<td>{HAIRCUT_EN}</td>" in page(client_for(merchant_a), "/redeem/history/")


def test_the_counters_csv_titles_rewards_in_the_language_of_its_headers(
    rich_rider, haircut, untitled, merchant_a, merchant_b, client_for
):
    """The barber reading English downloads the day's redemptions: the file's headers are
    English, and so is the reward they saw on the history page, as in the street office's
    voucher export. A reward without an English title keeps its Chinese one."""
    services.voucher_confirm(operator=merchant_a, code=issue(rich_rider, haircut).code)
    untitled.venue.operators.add(merchant_b)
    services.voucher_confirm(operator=merchant_b, code=issue(rich_rider, untitled).code)

    def rows(operator, language):
        export = client_for(operator).get("/redeem/history.csv?period=today", **language)
        return list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))

    english = rows(merchant_a, EN)
    assert english[0][2] == "Reward" and english[1][2] == HAIRCUT_EN
    assert rows(merchant_a, ZH)[1][2] == "免费快剪一次"
    assert rows(merchant_b, EN)[1][2] == "夏季关爱包"


def test_the_api_titles_rewards_and_vouchers_in_the_callers_language(rich_rider, haircut, untitled, merchant_a, api_for):
    voucher = issue(rich_rider, haircut)
    api = api_for(rich_rider)

    english = {r["id"]: r["title"] for r in api.get("/api/v1/rewards/", **EN).json()["results"]}
    chinese = {r["id"]: r["title"] for r in api.get("/api/v1/rewards/", **ZH).json()["results"]}
    vouchers = api.get("/api/v1/vouchers/", **EN).json()["results"]
    counter = api_for(merchant_a).get(f"/api/v1/merchant/vouchers/{voucher.code}/", **EN).json()

    assert english == {haircut.pk: HAIRCUT_EN, untitled.pk: "夏季关爱包"}
    assert chinese == {haircut.pk: "免费快剪一次", untitled.pk: "夏季关爱包"}
    assert api.get(f"/api/v1/rewards/{haircut.pk}/", **EN).json()["title"] == HAIRCUT_EN
    assert [v["title"] for v in vouchers] == [HAIRCUT_EN]
    assert counter["voucher"]["title"] == HAIRCUT_EN
    venue = api_for(None).get(f"/api/v1/venues/{haircut.venue_id}/", **EN).json()
    assert [r["title"] for r in venue["rewards"]] == [HAIRCUT_EN]


def test_staff_give_a_reward_an_english_title_by_the_api(street_admin, barber, api_for):
    staff = api_for(street_admin)

    made = staff.post(
        "/api/v1/rewards/", {"venue": barber.pk, "title": "修面", "title_en": " A shave ", "cost": 40}, format="json", **EN
    )
    changed = staff.patch(f"/api/v1/rewards/{made.json()['id']}/", {"title_en": "A clean shave"}, format="json", **EN)

    assert made.status_code == 201, made.content
    # Staff read back what they write: the Chinese title as it is, and the English one.
    assert (made.json()["title"], made.json()["title_en"]) == ("修面", "A shave")
    assert (changed.json()["title"], changed.json()["title_en"]) == ("修面", "A clean shave")
    assert Reward.objects.get(title="修面").title_en == "A clean shave"


def test_staff_give_a_reward_an_english_title_on_its_form(street_admin, barber, client_for):
    staff = client_for(street_admin)

    assert 'name="title_en"' in page(staff, "/staff/rewards/new/")
    saved = staff.post(
        "/staff/rewards/new/",
        {"venue": barber.pk, "title": "修面", "title_en": "A shave", "cost": 40, "valid_days": 30, "active": "on"},
        **EN,
    )

    assert saved.status_code == 302
    reward = Reward.objects.get(title="修面")
    assert reward.title_en == "A shave"
    # The list names both, as the rules' list does.
    assert '修面</a> / <span lang="en">A shave</span>' in page(staff, "/staff/rewards/")
    assert re.search(r'name="title_en"[^>]* value="A shave"', page(staff, f"/staff/rewards/{reward.pk}/"))


def test_a_partner_proposes_an_english_title_and_is_told_in_their_language(merchant_a, barber, street_admin, client_for):
    merchant_a.language = "en"
    merchant_a.save(update_fields=["language"])
    partner = client_for(merchant_a)

    assert 'name="title_en"' in page(partner, "/redeem/propose/")
    sent = partner.post("/redeem/propose/", {"title": "修面", "title_en": "A shave", "cost": 40, "valid_days": 30})

    assert sent.status_code == 302
    proposal = Reward.objects.get(title="修面")
    assert proposal.title_en == "A shave"
    assert "A shave · " in page(partner, "/redeem/propose/")
    client_for(street_admin).post(f"/staff/rewards/{proposal.pk}/publish/", **ZH)  # staff work in Chinese
    notice = Notification.objects.get(recipient=merchant_a, kind="points_reward_published")
    assert "“A shave”" in notice.body


def test_a_declined_proposal_is_proposed_again_with_its_english_title(merchant_a, barber, street_admin, client_for):
    partner = client_for(merchant_a)
    partner.post("/redeem/propose/", {"title": "修面", "title_en": "A shave", "cost": 40, "valid_days": 30})
    proposal = Reward.objects.get(title="修面")
    client_for(street_admin).post(f"/staff/rewards/{proposal.pk}/decline/", {"reason": "太贵"}, **ZH)

    mine = page(partner, "/redeem/propose/")
    decline = AuditEntry.objects.get(action="points.reward_declined")
    again = page(partner, f"/redeem/propose/?again={decline.pk}")

    assert 'data-testid="declined-proposal">A shave · 40 points' in mine  # his one shop, named at the form
    assert "Proposing “A shave” again" in again
    assert re.search(r'name="title_en"[^>]* value="A shave"', again)


def test_the_catalogue_in_english_takes_the_queries_it_takes_in_chinese(
    rich_rider, client_for, api_for, django_assert_num_queries
):
    for n in range(12):
        RewardFactory(title_en=f"Reward {n}", per_rider_monthly_limit=2 if n % 2 else None)
    client, api = client_for(rich_rider), api_for(rich_rider)

    # As test_catalogue's pinned counts: the English titles come with the rows.
    with django_assert_num_queries(6):
        html = client.get("/rewards/", **EN).content.decode()
    with django_assert_num_queries(4):
        body = api.get("/api/v1/rewards/", **EN).json()
    assert all(f'class="covers">Reward {n}</a></h2>' in html for n in range(12))
    assert sorted(r["title"] for r in body["results"]) == sorted(f"Reward {n}" for n in range(12))


def test_the_venue_page_lists_its_rewards_in_the_readers_language(haircut, barber, client_for):
    RewardFactory(venue=barber, title="洗剪吹8折券", cost=90)  # no English title

    english = page(client_for(None), f"/venues/{barber.pk}/")
    chinese = page(client_for(None), f"/venues/{barber.pk}/", ZH)

    assert f'class="covers" href="/rewards/{haircut.pk}/">{HAIRCUT_EN}</a>' in english
    assert ">洗剪吹8折券</a>" in english
    assert f'class="covers" href="/rewards/{haircut.pk}/">免费快剪一次</a>' in chinese
