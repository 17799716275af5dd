"""Staff publish a partner's proposal from the list with one click: the row says what riders
will read (the voucher's validity, the start of the description) and offers 查看 for the rest
(onboarding review #9). The list's queries do not grow with its rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.html import text_of
from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db

LONG = "牛肉面一碗（二两），含一个煎蛋。每天10:00-14:00和17:00-20:30供应，春节休息三天；请在柜台出示兑换券，店员核销后上面。"


def proposal(merchant, venue, **kwargs):
    return RewardFactory(venue=venue, proposed_by=merchant, active=False, published_at=None, **kwargs)


def row(html: str, reward) -> str:
    return html.split(f'data-reward-id="{reward.pk}"', 1)[1].split("</tr>", 1)[0]


def test_a_proposals_row_shows_its_validity_and_the_start_of_its_description(client_for, street_admin, merchant_a, barber):
    bowl = proposal(merchant_a, barber, title="免费牛肉面一碗", valid_days=7, description=LONG)
    bare = proposal(merchant_a, barber, title="加蛋券", valid_days=1, description="")

    html = client_for(street_admin).get(reverse("points:staff_reward_list") + "?show=proposals").content.decode()

    preview = text_of(row(html, bowl), "proposal-preview")
    assert preview.startswith("兑换券有效期：7 天牛肉面一碗（二两），含一个煎蛋。")
    assert "店员核销后上面" not in preview  # cut short: the rest is on the edit page
    assert text_of(row(html, bare), "proposal-preview") == "兑换券有效期：1 天未填写简介"
    assert (
        f'href="{reverse("points:staff_reward_edit", args=[bowl.pk])}" class="button secondary" data-testid="view">查看<' in html
    )


def test_in_english_too(client_for, street_admin, merchant_a, barber):
    bowl = proposal(merchant_a, barber, valid_days=7, description="One bowl of beef noodles.")
    client = client_for(street_admin)
    client.cookies["django_language"] = "en"

    html = client.get(reverse("points:staff_reward_list")).content.decode()

    assert text_of(row(html, bowl), "proposal-preview") == "Voucher valid for: 7 daysOne bowl of beef noodles."
    assert 'data-testid="view">View<' in html


def test_a_published_reward_has_no_preview(client_for, street_admin, barber):
    RewardFactory(venue=barber)
    html = client_for(street_admin).get(reverse("points:staff_reward_list")).content.decode()
    assert 'data-testid="proposal-preview"' not in html and 'data-testid="view"' not in html


@pytest.mark.parametrize("n", [1, 6])
def test_the_list_takes_the_same_queries_however_many_proposals(
    client_for, street_admin, merchant_a, barber, n, django_assert_num_queries
):
    for _ in range(n):
        proposal(merchant_a, barber)
    RewardFactory(venue=barber)
    client = client_for(street_admin)
    client.get(reverse("points:staff_reward_list"))  # warm the caches (the menu's counts)
    # The admin and their permissions; the staff menu's unread notices, queue counts and
    # proposals badge; the tabs' two counts (one query); the rewards with their venues,
    # proposers and voucher counts (one query), whatever the number of rows.
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("points:staff_reward_list"))
    assert response.content.decode().count('data-testid="proposal-preview"') == n


QUERIES = 7
