"""A street admin opens a rider's balance: the heading names the rider masked (张**), and so does
the "By" column where the rider wrote the entry themself (a voucher bought, one cancelled).
Before, that column showed the rider's full name, which staff see elsewhere only on a reveal
with a reason, logged. Entries staff wrote still name the staff member."""

from __future__ import annotations

import pytest
from django.urls import reverse

from friendlystreet.audit.models import AuditEntry
from points import services
from points.rewards import services as rewards
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db


def by_column(html: str) -> list[str]:
    """The last cell of each row of the latest entries, newest first."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = [row.split("</tr>")[0] for row in body.split("<tr>")[1:]]
    return [row.rsplit("<td>", 1)[1].removesuffix("</td>").strip() for row in rows]


def test_a_street_admin_reads_the_riders_own_entries_with_the_rider_masked(client_for, rider, reviewer, street_admin, rule):
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule))  # 10 points
    voucher = rewards.reward_redeem(rider=rider, reward=RewardFactory(title="免费快剪", cost=5)).voucher
    rewards.voucher_cancel(rider=rider, code=voucher.code)
    services.balance_adjust(actor=street_admin, rider=rider, amount=3, reason="补录")
    reveals = AuditEntry.objects.filter(action="accounts.personal_data_viewed").count()

    html = client_for(street_admin).get(reverse("points:balance_rider", args=[rider.pk])).content.decode()

    assert rider.masked_name == "张**"
    assert "<h1>张**" in html  # the heading
    # Newest first: the adjustment, the cancellation's refund, the purchase, the approval.
    assert by_column(html) == ["管理员", "张**", "张**", "审核员"]
    assert "张小骑" not in html
    assert AuditEntry.objects.filter(action="accounts.personal_data_viewed").count() == reveals
