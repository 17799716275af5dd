"""A merchant proposing a reward reads, under the cost, what rewards on sale cost now as one
sentence: "For reference, what rewards on sale cost now: at your venue “Wash and dry” 50 points and
“Quick cut” 80 points; at other venues “Care pack” 60 points." It read "For reference, what
rewards cost now: Your venue: … · …. Other venues: …." (two colons, a capital after the first)."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db


def cost_help(client, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/redeem/propose/")
    html = response.content.decode()
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    return html[html.index('id="id_cost_helptext"') :].split("</p>")[0]


@pytest.mark.parametrize(
    "language, sentence",
    [
        (
            "en",
            "For reference, what rewards on sale cost now: at your venue “Wash and dry” 50 points and “Quick cut” 80 "
            "points; at other venues “Care pack” 60 points.",
        ),
        ("zh-hans", "参考现有奖品所需积分：本店“Wash and dry”50 积分、“Quick cut”80 积分；其他场所“Care pack”60 积分。"),
    ],
)
def test_what_rewards_cost_now_is_one_sentence(client_for, merchant_a, barber, hospital, language, sentence):
    RewardFactory(venue=barber, title="Quick cut", cost=80)
    RewardFactory(venue=barber, title="Wash and dry", cost=50)
    RewardFactory(venue=hospital, title="Care pack", cost=60)

    assert sentence in cost_help(client_for(merchant_a), language)


def test_a_merchant_whose_venue_has_no_reward_yet_reads_the_others_only(client_for, merchant_a, barber, hospital):
    RewardFactory(venue=hospital, title="Care pack", cost=60)

    assert "For reference, what rewards on sale cost now: at other venues “Care pack” 60 points." in cost_help(
        client_for(merchant_a), "en"
    )
