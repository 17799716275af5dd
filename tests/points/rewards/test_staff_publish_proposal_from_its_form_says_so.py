"""A street admin publishes a partner's proposal with changed terms: on its form they raise the
cost from 30 to 40, give it a stock of 50, tick 已上架 and save. The list then said only
已保存奖品“洗剪吹8折券”。, the message of any save, so the admin could not tell from it that the
reward went live nor that the partner was told what they changed (the partner is: the service's
notice names each change). Now it says both, in the words the partner's notice uses; a proposal
published as proposed says it is published; an ordinary edit still says it was saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from points.models import Reward
from points.rewards import services
from points.rewards.forms import RewardForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(merchant_a, barber):
    return services.reward_propose(
        actor=merchant_a,
        venue=barber,
        data={"title": "洗剪吹8折券", "cost": 30, "stock": None, "per_rider_monthly_limit": 2, "valid_days": 30},
    )


def form_data(reward: Reward, **changes) -> dict:
    form = RewardForm(instance=reward)
    data = {name: form[name].value() for name in form.fields if name != "image"}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def save(client, reward: Reward, **changes) -> str:
    client.cookies["django_language"] = "zh-hans"
    url = reverse("points:staff_reward_edit", args=[reward.pk])
    response = client.post(url, form_data(reward, **changes), follow=True)
    assert response.redirect_chain, response.content.decode()[:3000]
    return response.content.decode()


def test_publishing_a_proposal_with_changed_terms_says_it_is_live_and_the_partner_was_told(client_for, street_admin, proposal):
    html = save(client_for(street_admin), proposal, cost=40, stock=50, active="on")

    assert "“洗剪吹8折券”已上架，已告知合作商户您修改的内容：所需积分：30 → 40；剩余库存：不限量 → 50。" in html
    proposal.refresh_from_db()
    assert proposal.active and proposal.published_at is not None


def test_published_as_proposed_it_says_published(client_for, street_admin, proposal):
    html = save(client_for(street_admin), proposal, active="on")

    assert "“洗剪吹8折券”已上架。" in html


def test_a_proposal_saved_without_publishing_and_an_ordinary_edit_say_saved(client_for, street_admin, proposal):
    client = client_for(street_admin)

    assert "已保存奖品“洗剪吹8折券”。" in save(client, proposal, cost=35)
    proposal.refresh_from_db()
    assert proposal.is_proposal

    save(client, proposal, active="on")
    proposal.refresh_from_db()
    assert "已保存奖品“洗剪吹8折券”。" in save(client, proposal, cost=45, active="on")
