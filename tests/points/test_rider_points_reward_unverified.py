"""A rider the street office could not verify opens a reward: the page says so, with the
reason and the way to send a new screenshot, as the claim page does; it said 正在等待街道办认证
(waiting), which they are not. A rider still waiting is offered the upload link there too."""

from __future__ import annotations

import pytest

from friendlystreet.accounts.models import Verification
from tests.factories import RiderFactory
from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db


def test_a_rejected_rider_reads_why_and_what_to_do_on_a_reward(client_for):
    rider = RiderFactory(verification=Verification.REJECTED, verification_note="截图看不清工号。")
    reward = RewardFactory(title="免费快剪一次")
    page = client_for(rider).get(f"/rewards/{reward.pk}/").content.decode()
    assert "街道办未能认证您的账号，因此您还不能兑换奖品。" in page
    assert "原因：截图看不清工号。" in page
    assert 'href="/profile/evidence/"' in page
    assert "正在等待" not in page
    assert 'id="redeem"' not in page


def test_a_waiting_rider_is_offered_the_upload_on_a_reward(client_for):
    rider = RiderFactory(verification=Verification.UNVERIFIED)
    reward = RewardFactory(title="免费快剪一次")
    page = client_for(rider).get(f"/rewards/{reward.pk}/").content.decode()
    assert "您的账号正在等待街道办认证，认证通过后即可兑换。" in page
    assert 'href="/profile/evidence/"' in page
    assert 'id="redeem"' not in page
