"""A street admin declines a partner's reward proposal with a reason: the partner gets a
notice in the app, sees the proposal declined with the reason on their own list, the
decline is on the audit trail, and the proposal leaves the queue (the tab's count and the
dashboard's digest source both drop)."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from friendlystreet.audit.models import AuditEntry
from friendlystreet.dashboard.models import QueueCount
from friendlystreet.dashboard.tasks import refresh_queues
from friendlystreet.notifications.digest import digest_sources
from friendlystreet.notifications.models import Notification
from points.errors import NotAllowed
from points.models import Reward
from points.rewards import errors, services
from tests.points.factories import image_bytes
from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db

REASON = "折扣说明不清楚，请写明适用的服务"


@pytest.fixture
def proposal(merchant_a, barber, client_for):
    """The barber's operator proposes a discount through the proposal form, with a photo."""
    photo = SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg")
    response = client_for(merchant_a).post(
        "/redeem/propose/",
        {"venue": barber.pk, "title": "洗剪吹8折", "description": "", "cost": 30, "valid_days": 30, "image": photo},
    )
    assert response.status_code == 302
    return Reward.objects.get(title="洗剪吹8折")


def test_staff_decline_a_proposal_and_the_partner_reads_why(proposal, merchant_a, street_admin, client_for):
    staff = client_for(street_admin)
    queue = staff.get("/staff/rewards/?show=proposals").content.decode()
    assert 'data-testid="decline"' in queue and "驳回" in queue
    assert "Reason" not in queue.replace('name="reason"', "")

    response = staff.post(f"/staff/rewards/{proposal.pk}/decline/", {"reason": REASON}, follow=True)
    assert response.redirect_chain[-1][0] == "/staff/rewards/?show=proposals"
    page = response.content.decode()
    assert "已驳回，已告知合作商户原因" in page
    assert f'data-reward-id="{proposal.pk}"' not in page  # out of the queue

    # the partner is told in the app, with the reason
    notice = Notification.objects.get(recipient=merchant_a, kind="points_reward_declined")
    assert "洗剪吹8折" in notice.body and REASON in notice.body
    assert notice.link == "/redeem/propose/"
    # and their own list says it was declined, and why
    mine = client_for(merchant_a).get("/redeem/propose/").content.decode()
    assert 'data-testid="declined-proposal"' in mine
    assert "洗剪吹8折" in mine and "已驳回" in mine and REASON in mine
    assert 'data-testid="proposal"' not in mine  # no longer "waiting for the street office"
    assert "Declined" not in mine and "Reason" not in mine  # in Chinese

    # the audit trail keeps who declined what, and why, in words
    entry = AuditEntry.objects.get(action="points.reward_declined")
    assert entry.actor == street_admin and entry.target_id == str(proposal.pk)
    assert entry.data["reason"] == REASON and entry.data["title"] == "洗剪吹8折"
    trail = staff.get("/staff/audit/", {"action": "points.reward_declined"}).content.decode()
    assert "奖品提议被驳回" in trail
    assert "提议时间" in trail and "venue_name" not in trail and "proposed_at" not in trail  # keys in words


def test_a_declined_proposal_leaves_the_queue_and_the_digest_count(proposal, street_admin, client_for):
    other = RewardFactory(active=False, published_at=None, proposed_by=proposal.proposed_by, venue=proposal.venue)
    source = digest_sources["points.reward_proposals"]
    staff = client_for(street_admin)
    assert source.count(street_admin) == 2
    assert "(2)" in staff.get("/staff/rewards/").content.decode()
    refresh_queues()
    assert QueueCount.objects.get(code="points.reward_proposals").count == 2

    staff.post(f"/staff/rewards/{proposal.pk}/decline/", {"reason": REASON})

    assert source.count(street_admin) == 1
    assert "(1)" in staff.get("/staff/rewards/").content.decode()
    refresh_queues()
    assert QueueCount.objects.get(code="points.reward_proposals").count == 1
    assert Reward.objects.filter(pk=other.pk).exists()


def test_the_proposals_photos_are_removed_with_it(proposal, street_admin, django_capture_on_commit_callbacks):
    names = [proposal.image.name, proposal.thumbnail.name]
    assert all(default_storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        services.reward_decline(actor=street_admin, reward=proposal, reason=REASON)
    assert not any(default_storage.exists(n) for n in names)


def test_a_decline_needs_a_reason(proposal, merchant_a, street_admin, client_for):
    response = client_for(street_admin).post(f"/staff/rewards/{proposal.pk}/decline/", {"reason": "  "}, follow=True)
    assert "请填写原因" in response.content.decode()
    assert Reward.objects.filter(pk=proposal.pk).exists()
    assert not Notification.objects.filter(recipient=merchant_a, kind="points_reward_declined").exists()
    assert not AuditEntry.objects.filter(action="points.reward_declined").exists()


def test_a_published_reward_cannot_be_declined(barber, street_admin, client_for):
    published = RewardFactory(venue=barber)
    response = client_for(street_admin).post(f"/staff/rewards/{published.pk}/decline/", {"reason": REASON}, follow=True)
    assert "无法驳回" in response.content.decode()
    assert Reward.objects.filter(pk=published.pk, active=True).exists()
    assert not AuditEntry.objects.filter(action="points.reward_declined").exists()


def test_only_staff_who_manage_the_catalogue_may_decline(proposal, merchant_a, reviewer, client_for):
    # the proposer cannot decline (or withdraw) through the staff route, nor a reviewer
    for user in (merchant_a, reviewer):
        assert client_for(user).post(f"/staff/rewards/{proposal.pk}/decline/", {"reason": REASON}).status_code == 403
        with pytest.raises(NotAllowed):
            services.reward_decline(actor=user, reward=proposal, reason=REASON)
    assert Reward.objects.filter(pk=proposal.pk).exists()


def test_declining_twice_is_refused_the_second_time(proposal, merchant_a, street_admin):
    services.reward_decline(actor=street_admin, reward=proposal, reason=REASON)
    with pytest.raises(errors.NotAProposal):
        services.reward_decline(actor=street_admin, reward=proposal, reason=REASON)
    assert Notification.objects.filter(recipient=merchant_a, kind="points_reward_declined").count() == 1


def test_another_partner_does_not_see_the_decline(proposal, merchant_b, street_admin, client_for):
    services.reward_decline(actor=street_admin, reward=proposal, reason=REASON)
    theirs = client_for(merchant_b).get("/redeem/propose/").content.decode()
    assert REASON not in theirs and "洗剪吹8折" not in theirs


def test_publishing_or_editing_a_proposal_declined_meanwhile_is_a_refusal_not_an_error(proposal, street_admin, reviewer):
    """Two members of staff on the same proposal: one declines it while the other's page is
    open; the other's 上架 or save then says the proposal is gone."""
    stale = Reward.objects.get(pk=proposal.pk)
    services.reward_decline(actor=street_admin, reward=proposal, reason=REASON)

    with pytest.raises(errors.RewardGone):
        services.reward_publish(actor=street_admin, reward=stale)
    with pytest.raises(errors.RewardGone):
        services.reward_save(actor=street_admin, reward=stale, data={"title": "洗剪吹7折"})
    assert not Reward.objects.filter(pk=proposal.pk).exists()
