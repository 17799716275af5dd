"""A rider told that their voucher was used, or expired and refunded, opens that voucher from
the notice (its page says when and where, or what came back); an app opens its own voucher
screen from the notice's target. Both went to the list of vouchers."""

from __future__ import annotations

import pytest

from friendlystreet.notifications.models import Notification
from points.rewards import services
from tests.points.rewards.factories import RewardFactory, backdate, barbers_counter, issue

pytestmark = pytest.mark.django_db


def test_the_used_notice_opens_the_voucher_on_the_web_and_in_the_app(api_for, client_for):
    shop, barber, rider = barbers_counter()
    voucher = issue(rider, RewardFactory(venue=shop, cost=30))
    services.voucher_confirm(operator=barber, code=voucher.code)

    notice = Notification.objects.get(recipient=rider, kind="points_voucher_redeemed")
    assert notice.link == f"/vouchers/{voucher.code}/"
    assert client_for(rider).get(notice.link).status_code == 200
    listed = api_for(rider).get("/api/v1/notifications/").json()["results"]
    used = next(n for n in listed if n["kind"] == "points_voucher_redeemed")
    assert used["target"] == {"type": "voucher", "id": voucher.code}


def test_the_expired_notice_opens_the_voucher_too(api_for):
    shop, _barber, rider = barbers_counter()
    voucher = backdate(issue(rider, RewardFactory(venue=shop, cost=30, valid_days=30)), days=31)
    services.vouchers_expire_due()

    listed = api_for(rider).get("/api/v1/notifications/").json()["results"]
    expired = next(n for n in listed if n["kind"] == "points_voucher_expired")
    assert expired["target"] == {"type": "voucher", "id": voucher.code}
