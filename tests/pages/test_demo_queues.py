"""A street-office user trying the demo finds work in their queues: riders who signed up in
the last days wait for verification (one with a screenshot, one refused a week ago who sent a
new one, one who has sent nothing yet), and riders' compound tips wait for moderation. Most
demo riders live in one of the street's communities, so the dashboard's figures by community
are not mostly "no community"."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from friendlystreet.accounts.demo import rider_phone
from friendlystreet.accounts.models import User
from points.models import Voucher

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_the_demo_reviewer_finds_riders_waiting_for_verification(demo, client):
    client.force_login(User.objects.get(username="reviewer"))

    page = client.get("/staff/riders/")

    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="rider"') == 3
    for masked in ("邓*", "许*", "冯*"):
        assert f"<strong>{masked}</strong>" in html
    assert html.count('data-testid="evidence-uploaded"') == 2
    assert html.count('data-testid="resubmitted"') == 1
    assert "截图看不清骑手工号" in html  # the earlier refusal's reason


def test_the_demo_refused_rider_shows_a_history_of_decisions_and_a_screenshot(demo, client):
    client.force_login(User.objects.get(username="reviewer"))
    refused = User.objects.get(phone=rider_phone(23))

    page = client.get(f"/staff/riders/{refused.pk}/decide/")
    screenshot = client.get(f"/riders/{refused.pk}/evidence/")

    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="decision"') == 1  # the refusal a week ago
    assert 'data-testid="resubmitted-note"' in html and 'data-testid="rider-evidence"' in html
    assert screenshot.status_code == 200
    assert screenshot["Content-Type"] == "image/jpeg"


def test_the_demo_street_admin_finds_tips_waiting_for_moderation(demo, client):
    client.force_login(User.objects.get(username="admin"))

    page = client.get("/staff/venues/tips/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "晚上9点后西门只出不进" in html
    assert "地下车库入口限高2米" in html


def test_most_of_last_months_demo_points_fall_under_a_community_and_a_few_under_none(demo):
    from friendlystreet.dashboard import figures, periods

    rows = {row["community"]["name"]: row["figures"] for row in figures.by_community(periods.preset("last_month"))}
    unassigned = rows.pop("未归属社区")
    assert all(row["points_earned"] > 0 and row["riders_active"] > 0 for row in rows.values())
    assert 0 < unassigned["riders_active"] < sum(row["riders_active"] for row in rows.values()) / 3
    assert 0 < unassigned["points_earned"] < sum(row["points_earned"] for row in rows.values()) / 3


def test_the_demo_rider_has_an_unused_voucher_to_show(demo):
    """README's demo rider 13800000001 shows a voucher at the counter (and Lighthouse measures its
    page): after the spread history their earlier vouchers were all used or expired."""
    rider = User.objects.get(username="rider13800000001")
    assert Voucher.objects.filter(rider=rider, status="issued").exists()
