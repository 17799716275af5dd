"""What the users pages and the 403 page say to staff.

- A reviewer's page says nothing of a rider's identity staying as it is (they are no rider); a
  rider's page does.
- Deactivating a rider says what happens to their pending claims, unused vouchers and activity
  places: nothing. The story checks it is true: all three are as they were afterwards, and a
  voucher can still be confirmed at the venue.
- A reviewer who opens a street admin's page (/staff/venues/, /staff/users/) is told that a
  street admin can do it, and is offered the way back to 工作台; a rider gets neither."""

from __future__ import annotations

import re

import pytest

from points.models import Claim, Voucher
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.volunteers.factories import SignupFactory
from volunteers.models import Signup

pytestmark = pytest.mark.django_db

STAYS = "骑手身份都保持不变"
EFFECTS = "待审核的积分申请仍在审核队列中"


def text_of(response) -> str:
    body = re.sub(r"<select.*?</select>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_a_reviewers_page_says_nothing_about_a_rider_identity_and_a_riders_page_does(client_for, street_admin, reviewer, rider):
    admin = client_for(street_admin)

    reviewers_page = text_of(admin.get(f"/staff/users/{reviewer.pk}/"))
    riders_page = text_of(admin.get(f"/staff/users/{rider.pk}/"))

    assert "骑手身份" not in reviewers_page
    assert "保持不变" not in reviewers_page
    assert "角色在对方打开下一个页面时生效。取消合作商户角色会同时解除其关联的场所。" in reviewers_page
    assert STAYS in riders_page


def test_deactivating_a_rider_says_what_becomes_of_their_claims_vouchers_and_places_and_it_is_so(
    client_for, street_admin, rider, merchant_a, reviewer
):
    claim = ClaimFactory(rider=rider)
    reward = RewardFactory(cost=5)
    reward.venue.operators.add(merchant_a)
    give_points(rider, 5)
    voucher = issue(rider, reward)
    signup = SignupFactory(rider=rider)
    admin = client_for(street_admin)

    page = text_of(admin.get(f"/staff/users/{rider.pk}/"))
    assert (
        "停用不会替此人处理其他事项：待审核的积分申请仍在审核队列中，照常审核；未使用的兑换券到期前仍可在场所核销，"
        "到期后积分照常退回其账户；已报名的活动仍占用名额。停用后此人无法登录，也就无法自行撤回或取消这些。"
    ) in page
    assert EFFECTS not in text_of(admin.get(f"/staff/users/{reviewer.pk}/"))

    admin.post(f"/staff/users/{rider.pk}/active/", {"active": "0", "reason": "离职"})
    rider.refresh_from_db()
    assert not rider.is_active

    # As the page said: all three as they were, and the venue may still confirm the voucher.
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PENDING
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.ISSUED
    assert Signup.objects.get(pk=signup.pk).status == Signup.Status.REGISTERED
    confirmed = client_for(merchant_a).post("/redeem/confirm/", {"code": voucher.code})
    assert confirmed.status_code == 302
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.REDEEMED


@pytest.mark.parametrize("path", ["/staff/venues/", "/staff/users/", "/staff/rewards/"])
def test_a_reviewer_refused_a_street_admins_page_is_told_who_can_and_led_back_to_the_dashboard(path, client_for, reviewer):
    refused = client_for(reviewer).get(path)

    assert refused.status_code == 403
    text = text_of(refused)
    assert "您没有权限打开此页面。" in text
    assert "街道管理员可以办理此事：请街道管理员代为处理，或为您授予所需的角色。" in text
    assert 'href="/staff/"' in refused.content.decode() and "返回工作台" in text


def test_a_rider_refused_a_staff_page_is_not_sent_to_the_dashboard(client_for, rider):
    refused = client_for(rider).get("/staff/")

    assert refused.status_code == 403
    text = text_of(refused)
    assert "街道管理员可以办理此事" not in text and "返回工作台" not in text
    assert "返回首页" in text
