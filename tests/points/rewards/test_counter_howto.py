"""The counter tells a new partner how a redemption goes: the rider shows the voucher's QR,
scan it or type the code, check the reward and the rider, press 确认核销, and only then hand
over the reward. Open until the operator's venues have confirmed a voucher, folded after that;
never over a verdict (which says what to do). Onboarding review, finding 5."""

from __future__ import annotations

import pytest
from django.urls import reverse

from points.rewards.services import voucher_confirm
from tests.points.rewards.factories import issue

pytestmark = pytest.mark.django_db

STEPS = [
    "骑手在手机上出示兑换券二维码。",
    "扫描二维码，或输入二维码下方的券码。",
    "核对奖品和骑手。",
    "点击“确认核销”。",
    "核销成功后，再提供奖品。",
]


def _howto(page: str) -> str:
    assert 'id="redeem-howto"' in page
    return page.split('<details class="redeem-howto"', 1)[1].split("</details>", 1)[0]


@pytest.mark.parametrize("path", ["/redeem/", "/home/"])
def test_before_the_first_redemption_the_counter_shows_the_steps_open(client_for, merchant_a, barber, path):
    page = client_for(merchant_a).get(path).content.decode()
    howto = _howto(page)
    assert howto.startswith(' id="redeem-howto" open>')
    positions = [howto.index(step) for step in STEPS]
    assert positions == sorted(positions)
    # Above the scan button and the code box.
    assert page.index('id="redeem-howto"') < page.index('id="scan-start"') < page.index('id="code-input"')


def test_after_a_redemption_at_their_venue_the_steps_are_folded(client_for, merchant_a, barber, voucher):
    voucher_confirm(operator=merchant_a, code=voucher.code)
    howto = _howto(client_for(merchant_a).get(reverse("points:redeem_page")).content.decode())
    assert howto.startswith(' id="redeem-howto">') and STEPS[0] in howto


def test_a_redemption_at_another_venue_does_not_fold_them(
    client_for, merchant_a, merchant_b, barber, hospital, care_pack, rich_rider
):
    voucher_confirm(operator=merchant_b, code=issue(rich_rider, care_pack).code)
    page = client_for(merchant_a).get(reverse("points:redeem_page")).content.decode()
    assert _howto(page).startswith(' id="redeem-howto" open>')


def test_a_verdict_is_not_pushed_down_by_them(client_for, merchant_a, barber, voucher):
    page = client_for(merchant_a).post(reverse("points:redeem_lookup"), {"code": voucher.code}).content.decode()
    assert 'data-testid="verdict"' in page and 'id="redeem-howto"' not in page


def test_an_operator_without_a_venue_is_not_shown_them(client_for, merchant_a):
    assert 'id="redeem-howto"' not in client_for(merchant_a).get(reverse("points:redeem_page")).content.decode()


def test_in_english(client_for, merchant_a, barber):
    howto = _howto(client_for(merchant_a).get(reverse("points:redeem_page"), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "How to redeem a voucher" in howto and "Press “Confirm and use the voucher”." in howto
    assert "Only then hand over the reward." in howto
