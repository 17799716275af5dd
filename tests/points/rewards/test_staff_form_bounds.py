"""Staff type impossible numbers into the rewards and rules forms (staff-content #12). A cost
of −5 said 确保该值大于或等于0。 and, once fixed to 0, 所需积分至少为 1。; a new reward's stock of
0 and a stock of 99 999 999 999 were saved; the monthly limit and the validity were refused only
in a second round. Now one round gives every field's error in the service's own words and
bounds (the model's validators, which the services and the API apply too)."""

from __future__ import annotations

import re

import pytest

from points.models import Reward, Rule
from tests.points.factories import CategoryFactory, RuleFactory
from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def reward_data(venue, **changes) -> dict:
    data = {"venue": venue.pk, "title": "夏季关爱包", "description": "", "cost": 30, "stock": 5, "valid_days": 30, "active": "on"}
    data.update(changes)
    return data


def errors_of(response) -> dict[str, list[str]]:
    return {name: list(map(str, errs)) for name, errs in response.context["form"].errors.items()}


def test_every_bad_number_of_a_new_reward_is_named_in_one_round(street_admin, barber, client_for):
    response = client_for(street_admin).post(
        "/staff/rewards/new/",
        reward_data(
            barber,
            cost=-5,
            stock=0,
            per_rider_monthly_limit=0,
            valid_days=0,
            available_from="2026-05-10",
            available_to="2026-05-01",
        ),
        **ZH,
    )

    assert response.status_code == 400
    assert errors_of(response) == {
        "cost": ["所需积分至少为 1。"],
        "stock": ["库存至少为 1；不限量请留空。"],
        "per_rider_monthly_limit": ["每人每月限兑至少为 1 次（留空表示不限）。"],
        "valid_days": ["兑换券有效期应为 1 至 365 天。"],
        "available_to": ["截止兑换日期不能早于开始兑换日期。"],
    }
    assert "大于或等于" not in response.content.decode()
    assert not Reward.objects.exists()


def test_absurd_numbers_are_refused_with_the_bounds(street_admin, barber, client_for):
    response = client_for(street_admin).post(
        "/staff/rewards/new/",
        reward_data(barber, cost=100_001, stock=99_999_999_999, per_rider_monthly_limit=101, valid_days=1000),
        **ZH,
    )

    assert response.status_code == 400
    assert errors_of(response) == {
        "cost": ["最多 100000 积分。"],
        "stock": ["最多 100000；不限量请留空。"],
        "per_rider_monthly_limit": ["每月最多 100 次；不限请留空。"],
        "valid_days": ["兑换券有效期应为 1 至 365 天。"],
    }
    assert not Reward.objects.exists()


def test_the_browser_is_told_the_same_bounds(street_admin, client_for):
    page = client_for(street_admin).get("/staff/rewards/new/").content.decode()

    def attrs(name: str) -> str:
        return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)

    assert 'min="1"' in attrs("cost") and 'max="100000"' in attrs("cost")
    assert 'min="1"' in attrs("stock") and 'max="100000"' in attrs("stock")
    assert 'min="1"' in attrs("valid_days") and 'max="365"' in attrs("valid_days")
    assert 'max="100"' in attrs("per_rider_monthly_limit")


def test_a_reward_that_ran_out_may_be_set_to_0_when_edited(street_admin, barber, client_for):
    reward = RewardFactory(venue=barber, title="夏季关爱包", stock=3)
    data = {**reward_data(barber, stock=0), "stock_seen": 3}

    response = client_for(street_admin).post(f"/staff/rewards/{reward.pk}/", data)

    assert response.status_code == 302
    reward.refresh_from_db()
    assert reward.stock == 0


def test_the_api_applies_the_same_bounds(street_admin, barber, api_for):
    api = api_for(street_admin)
    base = {"venue": barber.pk, "title": "夏季关爱包", "cost": 30}

    zero = api.post("/api/v1/rewards/", {**base, "stock": 0}, format="json", **ZH)
    huge = api.post("/api/v1/rewards/", {**base, "stock": 100_001}, format="json", **ZH)

    assert zero.status_code == 400 and zero.json()["fields"] == {"stock": ["库存至少为 1；不限量请留空。"]}
    assert huge.status_code == 400 and list(huge.json()["fields"]) == ["stock"]
    assert not Reward.objects.exists()


def test_a_proposal_with_no_stock_is_still_refused(merchant_a, barber, client_for):
    response = client_for(merchant_a).post(
        "/redeem/propose/", {"venue": barber.pk, "title": "洗剪吹8折", "cost": 30, "stock": 0, "valid_days": 30}, **ZH
    )
    assert response.status_code == 400
    assert errors_of(response) == {"stock": ["库存至少为 1；不限量请留空。"]}


def test_a_partners_proposal_takes_a_new_rewards_bounds(merchant_a, barber, client_for):
    client = client_for(merchant_a)
    page = client.get("/redeem/propose/").content.decode()
    absurd = {"cost": 100_001, "stock": 100_001, "per_rider_monthly_limit": 0, "valid_days": 366}

    response = client.post("/redeem/propose/", {"venue": barber.pk, "title": "洗剪吹8折", **absurd}, **ZH)

    for name, low, high in (
        ("cost", 1, 100_000),
        ("stock", 1, 100_000),
        ("per_rider_monthly_limit", 1, 100),
        ("valid_days", 1, 365),
    ):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert f'min="{low}"' in field and f'max="{high}"' in field, name
    assert errors_of(response) == {
        "cost": ["最多 100000 积分。"],
        "stock": ["最多 100000；不限量请留空。"],
        "per_rider_monthly_limit": ["每人每月限兑至少为 1 次（留空表示不限）。"],
        "valid_days": ["兑换券有效期应为 1 至 365 天。"],
    }
    assert not Reward.objects.exists()


def rule_data(**changes) -> dict:
    data = {
        "category": CategoryFactory().pk,
        "name": "测试规则",
        "points": 5,
        "unit": "occurrence",
        "evidence": "none",
        "active": "on",
    }
    data.update(changes)
    return data


def test_a_rules_bad_numbers_are_named_in_one_round(street_admin, client_for):
    response = client_for(street_admin).post("/staff/rules/new/", rule_data(points=-10, max_per_day=0, max_per_month=-1), **ZH)

    assert errors_of(response) == {
        "points": ["每单位积分至少为 1。"],
        "max_per_day": ["上限至少为 1 积分；不设上限请留空。"],
        "max_per_month": ["上限至少为 1 积分；不设上限请留空。"],
    }
    assert "大于或等于" not in response.content.decode()
    assert not Rule.objects.filter(name="测试规则").exists()


def test_a_rules_absurd_points_are_refused(street_admin, client_for):
    response = client_for(street_admin).post("/staff/rules/new/", rule_data(points=10_001), **ZH)

    assert errors_of(response) == {"points": ["最多 10000 积分。"]}


def test_the_service_applies_the_rule_bounds_too(street_admin):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from points import services

    rule = RuleFactory(points=5)
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            services.rule_save(actor=street_admin, rule=rule, data={"points": 20_000})
        assert refused.value.message_dict == {"points": ["最多 10000 积分。"]}
