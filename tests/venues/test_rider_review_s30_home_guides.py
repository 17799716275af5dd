"""The compound guides among a rider's home actions (on a phone the top bar's links are hidden
and the tab bar has none): every rider has them, verified or not; a partner's home does not."""

from __future__ import annotations

import pytest

from friendlystreet.accounts.models import Verification
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db


def home_actions(client, user) -> str:
    client.force_login(user)
    html = client.get("/home/", follow=True).content.decode()  # an operator's home is the counter
    start = html.index('id="home-links"')
    ends = [i for i in (html.find("</ul>", start), html.find("</nav>", start)) if i != -1]
    return html[start : min(ends)]


@pytest.mark.parametrize("verification", [Verification.VERIFIED, Verification.UNVERIFIED])
def test_a_riders_home_leads_to_the_compound_guides(client, verification):
    actions = home_actions(client, RiderFactory(verification=verification))

    assert 'href="/compounds/"' in actions and "小区指南" in actions


def test_a_partners_home_does_not(client, merchant_a):
    assert 'href="/compounds/"' not in home_actions(client, merchant_a)
