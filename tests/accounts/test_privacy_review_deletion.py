"""Deleting my account, from the accounts review: before confirming, the rider reads in plain
words that the points and vouchers are lost for good (with what they hold now, from the apps
that say it); the box for the SMS code stays while the code still works, a wrong code says to
type it again, and the confirmation says 注销 and 删除个人信息, not 匿名化."""

from __future__ import annotations

import re

import pytest
from django.test import TestCase
from django.utils import timezone

from friendlystreet.privacy import services
from friendlystreet.privacy.models import DeletionRequest
from friendlystreet.sms.models import OutboxMessage
from points.models import Reward
from points.rewards.services import reward_redeem
from points.services import balance_adjust
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db

DELETE = "/profile/delete/"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def code_sent_to(phone: str) -> str:
    return re.search(r"\d{6}", OutboxMessage.objects.filter(phone=phone).latest("id").text).group(0)


def send_code(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(DELETE, {"action": "send_code"}, follow=True)


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "outbox"


@pytest.fixture
def holding(rider, street_admin):
    """The rider of 13800000013's story: 280 points and one unused voucher."""
    balance_adjust(actor=street_admin, rider=rider, amount=300, reason="活动奖励")
    reward = Reward.objects.create(
        venue=VenueFactory(), title="电瓶免费充电", cost=20, stock=5, active=True, published_at=timezone.now()
    )
    reward_redeem(rider=rider, reward=reward)
    return rider


def test_the_page_says_plainly_that_points_and_vouchers_are_lost(client_for, holding):
    page = text_of(client_for(holding).get(DELETE))

    assert "您现在有 280 积分、1 张未使用的兑换券。" in page
    assert "注销后积分清零、兑换券作废，无法恢复，也不能转给他人。" in page
    assert "退还积分" not in page and "匿名" not in page


def test_a_rider_holding_nothing_is_still_told_what_deletion_means(client_for, rider):
    page = text_of(client_for(rider).get(DELETE))
    assert "注销后积分清零、兑换券作废，无法恢复" in page and "您现在有" not in page


def test_the_code_box_stays_while_the_code_works_and_a_wrong_code_says_type_it_again(client_for, rider):
    client = client_for(rider)
    assert 'id="confirm-deletion"' not in client.get(DELETE).content.decode()
    send_code(client)
    right = code_sent_to(rider.phone)

    # Reloading keeps the box: the code sent still works.
    assert 'id="confirm-deletion"' in client.get(DELETE).content.decode()

    wrong = "000000" if right != "000000" else "111111"
    refused = client.post(DELETE, {"action": "confirm", "code": wrong})
    assert "验证码不正确，还可以再试 4 次。" in text_of(refused)
    assert "重新获取" not in text_of(refused)
    assert 'id="confirm-deletion"' in refused.content.decode()

    # Three codes in ten minutes: a fourth send is refused, the box stays for the code held.
    send_code(client)
    right = code_sent_to(rider.phone)
    send_code(client)
    right = code_sent_to(rider.phone)
    too_many = send_code(client)
    assert "尝试次数过多" in text_of(too_many)
    assert 'id="confirm-deletion"' in too_many.content.decode()

    done = client.post(DELETE, {"action": "confirm", "code": right}, follow=True)
    assert DeletionRequest.objects.filter(rider=rider, cancelled_at=None).exists()
    day = timezone.localtime(DeletionRequest.objects.get(rider=rider).scheduled_for).strftime("%Y-%m-%d")
    said = text_of(done)
    assert f"您的账号将于 {day} 注销，届时将删除您的个人信息。" in said and "匿名" not in said


def test_a_code_typed_wrong_too_often_says_to_ask_for_a_new_one(client_for, rider):
    client = client_for(rider)
    send_code(client)
    right = code_sent_to(rider.phone)
    wrong = "000000" if right != "000000" else "111111"
    for left in range(services.CODE_TRIES - 1, 0, -1):
        assert f"验证码不正确，还可以再试 {left} 次。" in text_of(client.post(DELETE, {"action": "confirm", "code": wrong}))
    last = client.post(DELETE, {"action": "confirm", "code": wrong})

    assert "验证码已过期或输错次数过多，请重新获取。" in text_of(last)
    assert 'id="confirm-deletion"' not in last.content.decode()  # no box for a code that cannot work
    assert not DeletionRequest.objects.exists()
