"""After buying, the rider's "Back" returns to the reward's page: the browser must load it
afresh (no-store), and the page says the voucher is already in hand, with a link to it, so
that a second tap is not a second purchase by mistake."""

from __future__ import annotations

import re

import pytest

from points.models import Voucher
from tests.points.rewards.factories import issue

pytestmark = pytest.mark.django_db


def redeem_on_the_page(client, reward):
    page = client.get(f"/rewards/{reward.pk}/").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    return client.post(f"/rewards/{reward.pk}/redeem/", {"idempotency_key": key})


def test_the_reward_page_is_never_kept_by_the_browser(rich_rider, care_pack, client_for):
    response = client_for(rich_rider).get(f"/rewards/{care_pack.pk}/")
    assert "no-store" in response["Cache-Control"]


def test_back_after_redeeming_says_the_rider_already_holds_a_voucher_and_links_to_it(rich_rider, care_pack, client_for):
    client = client_for(rich_rider)
    assert 'data-testid="unused-vouchers"' not in client.get(f"/rewards/{care_pack.pk}/").content.decode()

    bought = redeem_on_the_page(client, care_pack)
    voucher = Voucher.objects.get(rider=rich_rider, reward=care_pack)
    assert bought.status_code == 302 and bought["Location"] == f"/vouchers/{voucher.code}/"

    back = client.get(f"/rewards/{care_pack.pk}/").content.decode()
    notice = back[back.index('data-testid="unused-vouchers"') :].split("</p>")[0]
    assert "您已有 1 张未使用的兑换券" in notice
    assert f'href="/vouchers/{voucher.code}/"' in notice


def test_with_two_unused_vouchers_the_page_counts_them_and_links_to_the_list(rich_rider, care_pack, client_for):
    issue(rich_rider, care_pack)
    issue(rich_rider, care_pack)
    html = client_for(rich_rider).get(f"/rewards/{care_pack.pk}/").content.decode()
    notice = html[html.index('data-testid="unused-vouchers"') :].split("</p>")[0]
    assert "您已有 2 张未使用的兑换券" in notice and 'href="/vouchers/"' in notice


def test_a_used_or_cancelled_voucher_is_not_counted_as_in_hand(rich_rider, care_pack, merchant_b, hospital, client_for):
    from points.rewards import services

    services.voucher_confirm(operator=merchant_b, code=issue(rich_rider, care_pack).code)
    services.voucher_cancel(rider=rich_rider, code=issue(rich_rider, care_pack).code)
    html = client_for(rich_rider).get(f"/rewards/{care_pack.pk}/").content.decode()
    assert 'data-testid="unused-vouchers"' not in html


def test_another_riders_voucher_is_not_mentioned(rich_rider, other_rider, care_pack, client_for):
    from tests.points.rewards.factories import give_points

    give_points(other_rider, 100)
    issue(other_rider, care_pack)
    html = client_for(rich_rider).get(f"/rewards/{care_pack.pk}/").content.decode()
    assert 'data-testid="unused-vouchers"' not in html


def test_at_the_monthly_limit_the_button_is_disabled(rich_rider, haircut, client_for):
    issue(rich_rider, haircut)  # the haircut's limit is one a month
    html = client_for(rich_rider).get(f"/rewards/{haircut.pk}/").content.decode()
    assert re.search(r'<button type="submit" id="redeem"[^>]* disabled>', html)
    assert "本月还可兑换 0 次" in html and 'data-testid="why-not"' in html
