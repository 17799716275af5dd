"""只看积分够的 listed rewards the rider could not take (本月还可兑换 0 次), and a refusal said
积分还不够 without how many. The filter now shows what the rider can redeem now (one rule:
selectors.redeemable_now, as the home page's list), a reward used up this month says
本月已兑满, and every refusal for points says how many are missing."""

from __future__ import annotations

import pytest

from tests.html import text_of
from tests.points.rewards.factories import RewardFactory, give_points, issue

pytestmark = pytest.mark.django_db


def card(html: str, reward) -> str:
    start = html.index(f'data-reward-id="{reward.pk}"')
    return html[start : html.index("</li>", start)]


def test_only_what_i_can_redeem_leaves_out_a_reward_whose_monthly_limit_is_used(rider, haircut, care_pack, client_for, api_for):
    give_points(rider, 170)
    issue(rider, haircut)  # one a month: used; 90 points left
    sold_out = RewardFactory(venue=care_pack.venue, title="已兑完", cost=10, stock=0)
    client = client_for(rider)

    everything = client.get("/rewards/").content.decode()
    assert text_of(card(everything, haircut), "remaining") == "本月已兑满"
    mine = client.get("/rewards/?affordable=1").content.decode()

    assert f'data-reward-id="{care_pack.pk}"' in mine
    assert f'data-reward-id="{haircut.pk}"' not in mine and f'data-reward-id="{sold_out.pk}"' not in mine
    assert "只看现在可兑换的" in mine
    listed = [r["title"] for r in api_for(rider).get("/api/v1/rewards/?affordable=1").json()["results"]]
    assert listed == ["夏季关爱包"]


def test_a_reward_beyond_the_balance_says_how_many_points_are_missing(rider, haircut, client_for, api_for):
    give_points(rider, 20)
    client = client_for(rider)

    assert text_of(card(client.get("/rewards/").content.decode(), haircut), "short") == "还差 60 积分"
    assert "还差 60 积分。" in text_of(client.get(f"/rewards/{haircut.pk}/").content.decode(), "why-not")
    refused = api_for(rider).post(f"/api/v1/rewards/{haircut.pk}/redeem/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 409
    assert refused.json()["message"] == "兑换该奖品还差 60 积分。"
    assert (refused.json()["balance"], refused.json()["cost"]) == (20, 80)
    # The page that was open before the balance fell (a stale page) says the same.
    page = client.post(f"/rewards/{haircut.pk}/redeem/", {"idempotency_key": "k1"}, follow=True).content.decode()
    assert "兑换该奖品还差 60 积分。" in page
