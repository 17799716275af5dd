"""A street admin handles a rider's deletion request. The rider asked on their own page (
deleted on its date, 7 days on, unless they sign in) and then at the office to be deleted at
once. The anonymise page, where one click erases the rider for good, said only 骑手: 吴*
138****0010 and a reason box: not that the rider's own request was already waiting, nor what
they would lose (the points and vouchers the rider's own page names), and it had no way back to
the rider's page; its menu lit 待认证骑手 (the path is /staff/riders/…), not 用户与角色 where
the admin came from. Now it says the pending request and its date, what the rider holds, and
links back to the rider's page (a Cancel beside the button too)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from friendlystreet.privacy import services
from friendlystreet.privacy.models import DeletionRequest
from tests.points.rewards.factories import RewardFactory, give_points, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def rider_asked_to_go(rider):
    give_points(rider, 300)
    issue(rider, RewardFactory(title="免费快剪一次", cost=30))
    now = timezone.now()
    DeletionRequest.objects.create(rider=rider, requested_at=now, scheduled_for=now + timedelta(days=7))
    return rider


def page(client, rider, language="zh-hans") -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse("privacy:staff_anonymise", args=[rider.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_admin_reads_the_riders_own_request_and_what_they_lose(client_for, street_admin, rider_asked_to_go):
    pending = services.pending_deletion(rider_asked_to_go)
    html = page(client_for(street_admin), rider_asked_to_go)

    date = timezone.localtime(pending.scheduled_for).strftime("%Y-%m-%d")
    assert f"骑手已申请注销账号：即使不在此操作，也将于 {date} 匿名化，除非其在此之前登录。" in html
    assert "该骑手现有 270 积分、1 张未使用的兑换券：匿名化后将全部作废。" in html


def test_in_english_too(client_for, street_admin, rider_asked_to_go):
    html = page(client_for(street_admin), rider_asked_to_go, "en")

    assert "The rider asked to delete their account: it is anonymised on" in html
    assert "The rider has 270 points and 1 unused voucher now: anonymising ends them." in html


def test_the_page_leads_back_to_the_rider_under_users_and_roles(client_for, street_admin, rider):
    html = page(client_for(street_admin), rider)

    person = reverse("staff_users:detail", args=[rider.pk])
    assert f'<a href="{person}" data-testid="back-to-person">' in html
    assert '<span class="staff-menu-where" data-testid="staff-menu-where">用户与角色</span>' in html
    # No request of the rider's own, nothing held: neither sentence.
    assert 'data-testid="pending-request"' not in html
    assert 'data-testid="losses"' not in html


def test_anonymising_still_takes_a_reason_and_then_says_it_is_done(client_for, street_admin, rider_asked_to_go):
    client = client_for(street_admin)
    client.cookies["django_language"] = "zh-hans"
    url = reverse("privacy:staff_anonymise", args=[rider_asked_to_go.pk])

    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    rider_asked_to_go.refresh_from_db()
    assert rider_asked_to_go.is_active

    done = client.post(url, {"reason": "本人到窗口申请立即注销"}, follow=True)
    html = done.content.decode()
    assert 'id="anonymised"' in html
    assert 'data-testid="losses"' not in html
