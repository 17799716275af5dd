"""A street admin on 积分兑换 > 奖品: the tabs 合作商户的提议 (n) and 草稿 (n) said how many, but
已上架 did not, so the admin could not tell at a glance how many rewards riders can find. Now
it does, counted by the filter the tab shows, in the same one query as the others. And a
partner's proposal opened from the list was headed 编辑奖品, as any reward: it is headed 审核提议
/ "Review proposal", what the admin is there to do; a published reward still reads 编辑奖品."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from points.rewards import services
from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db

LIST = "/staff/rewards/"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def get(client, url: str, language: str = "zh-hans") -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return text_of(response.content.decode())


@pytest.fixture
def proposal(merchant_a, barber):
    return services.reward_propose(
        actor=merchant_a,
        venue=barber,
        data={"title": "洗剪吹8折券", "cost": 30, "stock": None, "per_rider_monthly_limit": 2, "valid_days": 30},
    )


def test_every_tab_says_how_many(client_for, street_admin, proposal, barber):
    RewardFactory.create_batch(3, venue=barber)  # published
    RewardFactory(venue=barber, published_at=None, active=False)  # a staff draft
    admin = client_for(street_admin)

    text = get(admin, reverse("points:staff_reward_list"))
    assert "合作商户的提议 (1)" in text
    assert "草稿 (1)" in text
    assert "已上架 (3)" in text

    assert "Published (3)" in get(admin, reverse("points:staff_reward_list"), "en")


def test_a_proposal_is_headed_review_proposal(client_for, street_admin, proposal):
    admin = client_for(street_admin)

    html = admin_html(admin, proposal.pk)
    assert "<h1>审核提议</h1>" in html
    assert "<title>审核提议" in html
    assert "编辑奖品" not in html

    assert "<h1>Review proposal</h1>" in admin_html(admin, proposal.pk, "en")


def test_a_published_reward_is_still_edited(client_for, street_admin, barber):
    reward = RewardFactory(venue=barber)

    assert "<h1>编辑奖品</h1>" in admin_html(client_for(street_admin), reward.pk)


def admin_html(client, pk: int, language: str = "zh-hans") -> str:
    client.cookies["django_language"] = language
    return client.get(reverse("points:staff_reward_edit", args=[pk])).content.decode()
