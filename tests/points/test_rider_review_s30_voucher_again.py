"""A rider's review of a voucher's page once it is over (used, cancelled, expired): it ended on
the voucher's facts, with only "← My vouchers" above them, and nothing led to the reward again.
Now it leads to the reward's page (which says whether it can be redeemed now), or to the
catalogue when the reward is withdrawn. A voucher still to use keeps its cancel button only."""

from __future__ import annotations

import pytest

from points.models import Voucher
from points.rewards import services
from tests.factories import PartnerFactory
from tests.points.rewards.factories import RewardFactory, backdate, give_points, issue

pytestmark = pytest.mark.django_db


def voucher_page(client, rider, voucher: Voucher) -> str:
    client.force_login(rider)
    return client.get(f"/vouchers/{voucher.code}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


@pytest.mark.parametrize("ending", ["expired", "cancelled", "redeemed"])
def test_a_voucher_that_is_over_leads_to_its_reward_again(client, rider, ending):
    reward = RewardFactory(title="电瓶免费充电一次", cost=20, valid_days=7)
    give_points(rider, 100)
    voucher = issue(rider, reward)
    if ending == "expired":
        backdate(voucher, 8)
    elif ending == "cancelled":
        services.voucher_cancel(rider=rider, code=voucher.code)
    else:  # used at the counter
        barber = PartnerFactory()
        reward.venue.operators.add(barber)
        services.voucher_confirm(operator=barber, code=voucher.code)

    html = voucher_page(client, rider, voucher)

    assert f'href="/rewards/{reward.pk}/" data-testid="redeem-again">再次兑换这个奖品</a>' in html
    assert 'data-testid="cancel-voucher"' not in html


def test_a_withdrawn_reward_leads_to_the_catalogue_instead(client, rider):
    reward = RewardFactory(cost=20)
    give_points(rider, 100)
    voucher = issue(rider, reward)
    services.voucher_cancel(rider=rider, code=voucher.code)
    reward.active = False
    reward.save()

    html = voucher_page(client, rider, voucher)

    assert 'data-testid="redeem-again"' not in html
    assert 'href="/rewards/" data-testid="see-rewards">去看看奖品</a>' in html


def test_a_voucher_to_use_offers_only_its_cancel_button(client, rider):
    give_points(rider, 100)
    html = voucher_page(client, rider, issue(rider, RewardFactory(cost=20)))

    assert 'data-testid="cancel-voucher"' in html
    assert 'data-testid="redeem-again"' not in html and 'data-testid="see-rewards"' not in html
