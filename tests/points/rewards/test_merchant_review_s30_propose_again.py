"""The barber proposed "周一洗剪吹半价" at 5000 points; the street office declined it: "too
many points, ask for under 100". The barber's next step is to send it again at 80 points,
not to type the title, the description and the limits once more from memory: beside the
declined proposal, "change it and propose again" opens the form filled with what they
proposed, and the reason above it."""

from __future__ import annotations

import re

import pytest

from points.models import Reward
from points.rewards import services

pytestmark = pytest.mark.django_db

REASON = "积分太高了，请改为 100 分以内再提。"
PROPOSED = {
    "title": "周一洗剪吹半价",
    "description": "周一到周五上午 10 点前到店",
    "cost": 5000,
    "stock": 20,
    "per_rider_monthly_limit": 2,
    "valid_days": 14,
}


def field(page: str, name: str) -> str:
    """The value a text/number input of the form shows (or a textarea's text)."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    if found:
        value = re.search(r'value="([^"]*)"', found.group(0))
        return value.group(1) if value else ""
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    return found.group(1).strip() if found else ""


@pytest.fixture
def declined(merchant_a, barber, client_for, street_admin):
    response = client_for(merchant_a).post("/redeem/propose/", {"venue": barber.pk, **PROPOSED})
    assert response.status_code == 302
    services.reward_decline(actor=street_admin, reward=Reward.objects.get(title=PROPOSED["title"]), reason=REASON)


def test_the_barber_proposes_a_declined_reward_again_from_the_filled_form(declined, merchant_a, barber, client_for):
    barber_client = client_for(merchant_a)
    mine = barber_client.get("/redeem/propose/").content.decode()
    link = re.search(r'<a[^>]*href="([^"]+)"[^>]*data-testid="propose-again"[^>]*>([^<]+)</a>', mine)
    assert link, "no way from the declined proposal to proposing it again"
    assert link.group(2) == "修改后重新提议"

    page = barber_client.get(link.group(1).replace("&amp;", "&")).content.decode()

    # What they proposed, in the form; why it was declined, above it.
    for name in ("title", "description", "cost", "stock", "per_rider_monthly_limit", "valid_days"):
        assert field(page, name) == str(PROPOSED[name]), name
    notice = re.search(r'data-testid="proposing-again">(.*?)</p>', page, re.S).group(1)
    assert "周一洗剪吹半价" in notice and REASON in notice

    # They change the cost, as asked, and send it: a new proposal waits for the street office.
    response = barber_client.post("/redeem/propose/", {"venue": barber.pk, **PROPOSED, "cost": 80})
    assert response.status_code == 302
    again = Reward.objects.get(title="周一洗剪吹半价")
    assert again.is_proposal and again.proposed_by == merchant_a
    assert (again.cost, again.stock, again.per_rider_monthly_limit, again.valid_days) == (80, 20, 2, 14)


def test_another_operator_cannot_open_the_barbers_declined_proposal(declined, merchant_a, merchant_b, hospital, client_for):
    link = re.search(r'href="/redeem/propose/\?again=(\d+)', client_for(merchant_a).get("/redeem/propose/").content.decode())
    assert link

    page = client_for(merchant_b).get(f"/redeem/propose/?again={link.group(1)}").content.decode()

    assert 'data-testid="proposing-again"' not in page
    assert "周一洗剪吹半价" not in page and REASON not in page
    assert field(page, "title") == ""


@pytest.mark.parametrize("again", ["abc", "0", "999999", "1e3"])
def test_a_bad_again_link_shows_the_empty_form(merchant_a, barber, client_for, again):
    response = client_for(merchant_a).get(f"/redeem/propose/?again={again}")

    assert response.status_code == 200
    assert 'data-testid="proposing-again"' not in response.content.decode()
