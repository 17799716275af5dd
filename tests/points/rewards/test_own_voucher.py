"""A rider who also serves at a venue's counter (staff-content #1): a merchant's staff member
usually signs up as a rider first and is then made a partner operator, so the same person
can redeem a reward of their own venue and then type the voucher's code on /redeem/. Nobody
else would have checked that redemption. The confirm service (web and API share it) refuses
it, own_voucher, and writes nothing; a colleague confirms it as usual."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from friendlystreet.accounts import roles
from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.models import Voucher
from tests.html import text_of
from tests.points.rewards.factories import give_points, issue

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
REFUSAL = "不能核销自己兑换的兑换券，请由本场所的其他核销人员核销。"


@pytest.fixture
def rider_at_the_counter(rider, barber):
    """The rider, made a partner operator of the barber's (as /staff/users/ does)."""
    rider.groups.add(Group.objects.get_or_create(name=roles.PARTNER)[0])
    barber.operators.add(rider)
    give_points(rider, 300)
    return rider


@pytest.fixture
def own_voucher(rider_at_the_counter, haircut):
    return issue(rider_at_the_counter, haircut)


def nothing_written(voucher) -> None:
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED
    assert voucher.redeemed_at is None and voucher.redeemed_by_id is None
    assert not AuditEntry.objects.filter(action="points.voucher_redeemed").exists()
    assert not Notification.objects.filter(kind="points_voucher_redeemed").exists()


def test_the_rider_at_the_counter_looks_up_their_own_voucher_and_is_not_offered_to_confirm(
    own_voucher, rider_at_the_counter, client_for
):
    page = client_for(rider_at_the_counter).post("/redeem/lookup/", {"code": own_voucher.code}, **ZH)

    assert page.status_code == 403
    html = page.content.decode()
    assert 'data-result="own_voucher"' in html
    assert text_of(html, "verdict-head") == "自己的兑换券"
    assert text_of(html, "verdict-message") == REFUSAL
    assert 'id="confirm"' not in html  # no button to press
    nothing_written(own_voucher)


def test_the_rider_at_the_counter_cannot_confirm_their_own_voucher_on_the_page(own_voucher, rider_at_the_counter, client_for):
    page = client_for(rider_at_the_counter).post("/redeem/confirm/", {"code": own_voucher.display_code}, **ZH)

    assert page.status_code == 403
    assert text_of(page.content.decode(), "verdict-message") == REFUSAL
    nothing_written(own_voucher)


def test_an_app_confirming_its_own_users_voucher_gets_a_403_own_voucher(own_voucher, rider_at_the_counter, api_for):
    api = api_for(rider_at_the_counter)

    looked_up = api.get(f"/api/v1/merchant/vouchers/{own_voucher.code}/", **ZH)
    confirmed = api.post(f"/api/v1/merchant/vouchers/{own_voucher.code}/redeem/", **ZH)

    assert looked_up.status_code == 403 and looked_up.json()["result"] == "own_voucher"
    assert confirmed.status_code == 403
    body = confirmed.json()
    assert (body["result"], body["code"], body["message"], body["confirmed"]) == ("own_voucher", "own_voucher", REFUSAL, False)
    assert body["voucher"]["code"] == own_voucher.code  # their own: nothing to hide from them
    nothing_written(own_voucher)


def test_a_colleague_confirms_it_and_the_rider_is_told(own_voucher, rider_at_the_counter, colleague, client_for):
    client_for(rider_at_the_counter).post("/redeem/confirm/", {"code": own_voucher.code})

    done = client_for(colleague).post("/redeem/confirm/", {"code": own_voucher.code})

    assert done.status_code == 302
    own_voucher.refresh_from_db()
    assert (own_voucher.status, own_voucher.redeemed_by) == (Voucher.Status.REDEEMED, colleague)
    assert Notification.objects.filter(recipient=rider_at_the_counter, kind="points_voucher_redeemed").count() == 1


def test_the_rider_at_the_counter_still_confirms_other_riders_vouchers(rider_at_the_counter, other_rider, haircut, api_for):
    give_points(other_rider, 100)
    voucher = issue(other_rider, haircut)

    response = api_for(rider_at_the_counter).post(f"/api/v1/merchant/vouchers/{voucher.code}/redeem/")

    assert response.status_code == 200 and response.json()["confirmed"] is True


def test_an_own_voucher_used_or_cancelled_says_that_first(own_voucher, rider_at_the_counter, colleague, api_for):
    """What the voucher is comes before who looks at it: used (by a colleague) is already_redeemed."""
    api_for(colleague).post(f"/api/v1/merchant/vouchers/{own_voucher.code}/redeem/")

    again = api_for(rider_at_the_counter).post(f"/api/v1/merchant/vouchers/{own_voucher.code}/redeem/")

    assert again.status_code == 409 and again.json()["result"] == "already_redeemed"
