"""From the partner operator's review (the barber's operator, merchant_a): the counter after
signing in again leads back to the counter page, not a blank page; a proposal the street office
switched off says so on 我的提议; a partner not linked to a venue yet is not offered a look-up
that would send every rider elsewhere; a busy month's history counts every voucher used, not
only the rows it lists."""

from __future__ import annotations

import pytest

from points.models import Reward, Voucher
from points.rewards import views
from points.rewards.services import voucher_confirm
from tests.factories import PartnerFactory
from tests.html import text_of
from tests.points.rewards.factories import RewardFactory, issue

pytestmark = pytest.mark.django_db


# --- the session ended while the counter page was open ----------------------------------------------


@pytest.mark.parametrize("step", ["lookup", "confirm"])
def test_signing_in_again_after_the_session_ended_leads_back_to_the_counter(step, voucher, merchant_a, client):
    # The page was open; the session ended (two weeks passed, or signed out elsewhere). The barber
    # taps 查询 or 确认核销: the sign-in page comes first, with the form's address as `next`.
    response = client.post(f"/redeem/{step}/", {"code": voucher.code})
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next=/redeem/{step}/"

    # Signed in, the browser goes to `next` by GET: the counter page, to scan or type the code again.
    client.force_login(merchant_a)
    response = client.get(f"/redeem/{step}/", follow=True)

    assert response.redirect_chain == [("/redeem/", 302)]
    assert response.status_code == 200 and 'id="code-input"' in response.content.decode()
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED  # nothing was confirmed on the way


# --- a proposal the street office published, then switched off ---------------------------------------


def test_a_proposal_switched_off_by_the_street_office_no_longer_says_published(merchant_a, barber, street_admin, client_for):
    proposal = RewardFactory(venue=barber, title="洗剪吹8折券", active=False, published_at=None, proposed_by=merchant_a)
    staff = client_for(street_admin)
    staff.post(f"/staff/rewards/{proposal.pk}/publish/")
    partner = client_for(merchant_a)
    assert "已上架" in text_of(partner.get("/redeem/propose/").content.decode(), "proposal")

    # Riders no longer see it: the barber, asked about it at the counter, reads why.
    staff.post(f"/staff/rewards/{proposal.pk}/switch-off/")

    assert not Reward.objects.get(pk=proposal.pk).active
    shown = text_of(partner.get("/redeem/propose/").content.decode(), "proposal")
    assert "已下架" in shown and "已上架" not in shown


# --- a partner operator not linked to a venue yet ---------------------------------------------------


def test_a_partner_not_linked_to_a_venue_is_told_so_and_not_offered_a_look_up(barber, client_for):
    # A new operator of the barber's, whose account the street office has not linked yet: any code
    # would answer "another venue's voucher, ask the rider to use it at 王师傅理发店", at 王师傅理发店.
    newcomer = PartnerFactory(display_name="理发店新人")

    html = client_for(newcomer).get("/home/").content.decode()

    assert "您的账号尚未关联场所" in html
    for control in ('id="scan-start"', 'id="code-input"', 'id="lookup"'):
        assert control not in html


# --- a busy month: more vouchers used than the page lists ------------------------------------------


def test_a_busy_months_summary_counts_every_voucher_and_says_the_csv_has_them_all(
    rich_rider, barber, merchant_a, client_for, monkeypatch
):
    monkeypatch.setattr(views, "HISTORY_ROWS", 2)  # the page lists 500: as if three were over five hundred
    trim = RewardFactory(venue=barber, title="修鬓角", cost=30)
    for _ in range(3):
        voucher_confirm(operator=merchant_a, code=issue(rich_rider, trim).code)
    client = client_for(merchant_a)

    html = client.get("/redeem/history/?period=month").content.decode()

    assert html.count('data-testid="redemption"') == 2
    assert text_of(html, "history-summary") == "已核销 3 张 · 90 积分"  # the CSV's three, not the two listed
    assert text_of(html, "history-cut") == "下方列出最近的 2 张，CSV 中有全部记录。"
    assert client.get("/redeem/history.csv?period=month").content.decode("utf-8-sig").count("修鬓角") == 3
    # All of them listed: no note.
    monkeypatch.setattr(views, "HISTORY_ROWS", 3)
    html = client.get("/redeem/history/?period=month").content.decode()
    assert text_of(html, "history-summary") == "已核销 3 张 · 90 积分"
    assert 'data-testid="history-cut"' not in html
