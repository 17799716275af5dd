"""A reward its shop paused (暂停兑换) reads so on the staff rewards list, not as plain 已下架,
and staff may still switch it off: the street office's switch-off is recorded and the shop
told, so the shop can no longer resume it (review of c298835)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.rewards import services
from tests.factories import PartnerFactory
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db

LIST = reverse("points:staff_reward_list")


@pytest.fixture
def paused(db):
    """老街牛肉面馆's 面馆加蛋券, paused by its owner 张姐 (closed for 春节)."""
    shop = VenueFactory(name="老街牛肉面馆", kind=VenueKind.MERCHANT)
    owner = PartnerFactory(display_name="老街面馆张姐")
    shop.operators.add(owner)
    reward = RewardFactory(venue=shop, title="面馆加蛋券", title_en="Extra egg")
    services.reward_pause(actor=owner, reward=reward)
    return reward, owner


def row(html: str, reward) -> str:
    return html.split(f'data-reward-id="{reward.pk}"', 1)[1].split("</tr>", 1)[0]


@pytest.mark.parametrize(
    ("language", "status", "confirm"),
    [
        ("zh-hans", "商户已暂停", "下架后商户不能再自行恢复兑换"),
        ("en", "Paused by the shop", "The shop can then no longer offer it again"),
    ],
)
def test_a_reward_the_shop_paused_says_so_and_can_be_switched_off(client_for, street_admin, paused, language, status, confirm):
    reward, _owner = paused
    switched_off = RewardFactory(venue=reward.venue, active=False)
    client = client_for(street_admin)
    client.cookies["django_language"] = language

    html = client.get(LIST).content.decode()

    mine = row(html, reward)
    assert 'data-state="paused_by_shop"' in html
    assert f'data-testid="reward-status">{status}<' in mine
    assert 'data-testid="switch-off"' in mine and confirm in mine
    assert 'data-testid="publish"' in mine  # the street office may still offer it again
    theirs = row(html, switched_off)
    assert status not in theirs and 'data-testid="switch-off"' not in theirs


def test_staff_switch_it_off_and_the_shop_can_no_longer_resume_it(client_for, street_admin, paused):
    reward, owner = paused

    response = client_for(street_admin).post(reverse("points:staff_reward_switch_off", args=[reward.pk]), follow=True)

    assert "已下架" in response.content.decode()
    assert 'data-testid="reward-status">已下架<' in row(response.content.decode(), reward)
    assert AuditEntry.objects.filter(action="points.reward_switched_off", actor=street_admin, target_id=str(reward.pk)).exists()
    (told,) = Notification.objects.filter(recipient=owner, kind="points_reward_of_my_venue")
    assert "面馆加蛋券" in told.body and "街道办已下架" in told.body

    resumed = client_for(owner).post(f"/redeem/rewards/{reward.pk}/", {"action": "resume"}, follow=True)
    assert "街道办下架了此奖品" in resumed.content.decode()
    reward.refresh_from_db()
    assert not reward.active


def test_switching_off_a_reward_already_off_by_staff_records_nothing_more(client_for, street_admin, paused):
    reward, _owner = paused
    staff = client_for(street_admin)
    off = reverse("points:staff_reward_switch_off", args=[reward.pk])
    staff.post(off)
    staff.post(off)  # twice (a second tab): once is enough
    assert AuditEntry.objects.filter(action="points.reward_switched_off", target_id=str(reward.pk)).count() == 1
