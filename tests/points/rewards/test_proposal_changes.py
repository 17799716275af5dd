"""Staff change a partner's proposal before publishing it (staff-content #14). The clinic
proposed 免费测血压 for 10 points, stock 50; the admin published it at 20 points, and the
clinic's notice said only 您提议的奖品已上架. The terms bind the partner as much as their own,
so the notice now lists what changed, from what they proposed (kept with the proposal), in
the partner's language. The proposal's edit page shows what was proposed and offers 驳回
with a reason, as the list does."""

from __future__ import annotations

import pytest

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.models import Reward
from points.rewards import services
from tests.points.rewards.test_decline_proposal import REASON

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def proposal(merchant_b, hospital, client_for):
    """The clinic's operator proposes a free blood-pressure check on the proposal form."""
    response = client_for(merchant_b).post(
        "/redeem/propose/",
        {"venue": hospital.pk, "title": "免费测血压", "description": "", "cost": 10, "stock": 50, "valid_days": 30},
    )
    assert response.status_code == 302
    return Reward.objects.get(title="免费测血压")


def edit_data(reward: Reward, **changes) -> dict:
    data = {
        "venue": reward.venue_id,
        "title": reward.title,
        "description": reward.description,
        "cost": reward.cost,
        "stock": reward.stock if reward.stock is not None else "",
        "stock_seen": reward.stock if reward.stock is not None else "",
        "per_rider_monthly_limit": reward.per_rider_monthly_limit or "",
        "valid_days": reward.valid_days,
    }
    data.update(changes)
    return data


def test_the_proposal_keeps_the_terms_the_partner_proposed(proposal):
    assert proposal.proposed_terms == {"cost": 10, "stock": 50, "per_rider_monthly_limit": None, "valid_days": 30}


def test_the_edit_page_shows_what_was_proposed_and_offers_to_decline(proposal, street_admin, client_for):
    page = client_for(street_admin).get(f"/staff/rewards/{proposal.pk}/", **ZH).content.decode()

    terms = page.split('data-testid="proposed-terms"', 1)[1].split("</p>", 1)[0]
    assert "所需积分：10；剩余库存：50；每人每月限兑：不限量；兑换券有效期（天）：30" in terms
    assert "商家会收到修改内容的通知" in terms
    decline = page.split('id="decline-proposal"', 1)[1].split("</section>", 1)[0]
    assert f'action="/staff/rewards/{proposal.pk}/decline/"' in decline
    assert 'name="reason"' in decline and "驳回原因（会告知合作商户）" in decline


def test_publishing_with_changed_terms_tells_the_partner_what_changed(proposal, merchant_b, street_admin, client_for):
    response = client_for(street_admin).post(
        f"/staff/rewards/{proposal.pk}/", edit_data(proposal, cost=20, stock=30, active="on")
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.active and (proposal.cost, proposal.stock) == (20, 30)
    notice = Notification.objects.get(recipient=merchant_b)
    assert notice.kind == "points_reward_published_changed"
    assert notice.title == "您提议的奖品已上架（条件有修改）"
    assert "“免费测血压”" in notice.body and "所需积分：10 → 20；剩余库存：50 → 30" in notice.body
    assert "每人每月限兑" not in notice.body  # unchanged terms are not listed
    assert notice.link == f"/rewards/{proposal.pk}/"


def test_changes_saved_before_publishing_from_the_list_are_told_too(proposal, merchant_b, street_admin, client_for):
    staff = client_for(street_admin)
    staff.post(f"/staff/rewards/{proposal.pk}/", edit_data(proposal, per_rider_monthly_limit=1, valid_days=14))
    assert not Notification.objects.filter(recipient=merchant_b).exists()  # still a proposal: nothing to tell yet

    staff.post(f"/staff/rewards/{proposal.pk}/publish/")

    notice = Notification.objects.get(recipient=merchant_b)
    assert "每人每月限兑：不限量 → 1；兑换券有效期（天）：30 → 14" in notice.body


def test_the_partner_reads_the_changes_in_their_own_language(proposal, merchant_b, street_admin):
    merchant_b.language = "en"
    merchant_b.save(update_fields=["language"])
    services.reward_save(actor=street_admin, reward=proposal, data={"cost": 20, "active": True}, seen=None)

    body = Notification.objects.get(recipient=merchant_b).body
    assert "cost in points: 10 → 20" in body and "所需积分" not in body


def test_publishing_as_proposed_says_published(proposal, merchant_b, street_admin, client_for):
    client_for(street_admin).post(f"/staff/rewards/{proposal.pk}/publish/")

    notice = Notification.objects.get(recipient=merchant_b)
    assert notice.kind == "points_reward_published"


def test_staff_decline_from_the_edit_page_with_a_reason(proposal, merchant_b, street_admin, client_for):
    response = client_for(street_admin).post(
        f"/staff/rewards/{proposal.pk}/decline/", {"reason": REASON, "show": "proposals"}, follow=True, **ZH
    )

    assert response.redirect_chain[-1][0] == "/staff/rewards/?show=proposals"
    assert "“免费测血压”已驳回，已告知合作商户原因。" in response.content.decode()
    assert not Reward.objects.filter(pk=proposal.pk).exists()
    notice = Notification.objects.get(recipient=merchant_b, kind="points_reward_declined")
    assert REASON in notice.body
    assert AuditEntry.objects.get(action="points.reward_declined").data["reason"] == REASON


def test_a_staff_draft_has_no_decline_on_its_edit_page(street_admin, hospital, client_for):
    draft = services.reward_save(actor=street_admin, data={"venue": hospital, "title": "夏季关爱包", "cost": 60, "active": False})

    page = client_for(street_admin).get(f"/staff/rewards/{draft.pk}/").content.decode()

    assert 'id="decline-proposal"' not in page and 'data-testid="proposal-notice"' not in page
