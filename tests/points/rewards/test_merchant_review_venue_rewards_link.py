"""On the barber's own page (opened from his profile), under 可兑换的奖品, the link
用积分兑换 ("redeem with your points") spoke to a rider: a partner or staff member has no
points to redeem, and it led them to a catalogue where they can buy nothing. They see the
venue's rewards without it; riders and passers-by keep it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

REDEEM = "用积分兑换"


def test_partners_and_staff_see_the_rewards_without_a_riders_link(
    barber, haircut, merchant_a, merchant_b, street_admin, client_for
):
    for person in (merchant_a, merchant_b, street_admin):
        page = client_for(person).get(f"/venues/{barber.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert f'data-reward-id="{haircut.pk}"' in page, person
        assert REDEEM not in page and f"/rewards/?venue={barber.pk}" not in page, person


def test_riders_and_passers_by_keep_it(barber, haircut, rider, client_for):
    for person in (rider, None):
        page = client_for(person).get(f"/venues/{barber.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert f'href="/rewards/?venue={barber.pk}">{REDEEM}</a>' in page, person
