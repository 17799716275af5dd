"""On a rider's verification page a street admin may reveal personal data, with a reason. The
button offered 显示完整姓名和手机号 even when the name was on screen in full (a rider waiting:
the name is shown to compare with their screenshot). It now offers what is still hidden, and is
secondary: the decision is the page's main action. 匿名化 is out of the verification card, in a
section of its own at the end of the page.
(The page at 360 px in a browser: tests/browser/test_rider_decision_is_the_primary_action_in_browser.py.)"""

from __future__ import annotations

import re

import pytest

from friendlystreet.accounts.models import Verification
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db


def page(client, rider, language: str = "zh-hans") -> str:
    client.cookies["django_language"] = language
    return client.get(f"/staff/riders/{rider.pk}/decide/").content.decode()


def reveal_button(html: str) -> tuple[str, str]:
    """(its class, its words)."""
    button = re.search(r'<button type="submit" id="reveal" class="([^"]*)"[^>]*>([^<]*)</button>', html)
    assert button, "the page offers the reveal"
    return button.group(1), button.group(2)


def test_a_waiting_riders_name_is_shown_so_only_the_phone_is_offered(client_for, street_admin):
    rider = RiderFactory(display_name="冯磊", verification=Verification.UNVERIFIED)
    staff = client_for(street_admin)
    assert reveal_button(page(staff, rider)) == ("secondary", "显示完整手机号")
    assert reveal_button(page(staff, rider, "en")) == ("secondary", "Show full phone number")


@pytest.mark.parametrize("decided", [Verification.VERIFIED, Verification.REJECTED])
def test_a_decided_riders_name_is_masked_so_both_are_offered(client_for, street_admin, decided):
    rider = RiderFactory(display_name="冯磊", verification=decided)
    html = page(client_for(street_admin), rider)
    assert "冯磊" not in html
    assert reveal_button(html) == ("secondary", "显示完整姓名和手机号")


def test_anonymise_is_outside_the_verification_card_at_the_end(client_for, street_admin):
    rider = RiderFactory(display_name="冯磊", verification=Verification.UNVERIFIED)
    html = page(client_for(street_admin), rider)
    card = html.split('id="rider-facts"', 1)[1].split("</section>", 1)[0]
    assert "anonymise" not in card
    anonymise = html.index('data-testid="anonymise"')
    assert html.index('id="decide-form"') < html.index('id="decision-history"') < anonymise
    assert f'href="/staff/riders/{rider.pk}/anonymise/"' in html
