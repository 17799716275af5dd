"""A reward staff save unpublished is their draft, not a partner's proposal (staff-content #6).
It used to count as a proposal on the dashboard and the menu badge, showed 上架 / 理由 / 驳回,
and 驳回 deleted it saying the merchant had been told. Now: the proposals' count and buttons
are only for rows a partner proposed; a draft shows 未上架（草稿） with 编辑, 上架 and 删除; a
reward no rider ever redeemed can be deleted once it is off sale; a published one is switched
off from the list (and on again)."""

from __future__ import annotations

import re

import pytest

from friendlystreet.audit.models import AuditEntry
from friendlystreet.dashboard.models import QueueCount
from friendlystreet.dashboard.tasks import refresh_queues
from friendlystreet.notifications.models import Notification
from points import errors as points_errors
from points.models import Reward, Voucher
from points.rewards import errors, services
from tests.points.rewards.factories import RewardFactory, issue

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def row(html: str, reward: Reward) -> str:
    return html.split(f'data-reward-id="{reward.pk}"', 1)[1].split("</tr>", 1)[0]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def draft(street_admin, barber, client_for):
    """Saved on the new-reward form with 已上架 unticked: getting a reward ready before it launches."""
    response = client_for(street_admin).post(
        "/staff/rewards/new/",
        {"venue": barber.pk, "title": "测试奖品X", "description": "", "cost": 20, "stock": 10, "valid_days": 30},
    )
    assert response.status_code == 302
    return Reward.objects.get(title="测试奖品X")


@pytest.fixture
def proposal(barber, merchant_a):
    return RewardFactory(venue=barber, title="洗剪吹8折", active=False, published_at=None, proposed_by=merchant_a)


def test_a_staff_draft_is_no_proposal_on_the_dashboard_the_badge_or_the_tabs(draft, proposal, street_admin, client_for):
    staff = client_for(street_admin)

    dashboard = staff.get("/staff/", **ZH).content.decode()
    listing = staff.get("/staff/rewards/", **ZH).content.decode()

    assert re.search(r'data-testid="count-points.reward_proposals">1<', dashboard)
    refresh_queues()  # the menu's badge reads the counts the periodic refresh stores
    assert QueueCount.objects.get(code="points.reward_proposals").count == 1
    assert "合作商户的提议 (1)" in listing and "草稿 (1)" in listing


def test_a_draft_shows_as_a_draft_with_edit_publish_and_delete(draft, street_admin, client_for):
    listing = client_for(street_admin).get("/staff/rewards/", **ZH).content.decode()

    mine = row(listing, draft)
    assert 'data-state="draft"' in listing
    assert "未上架（草稿）" in text(mine)
    assert f'href="/staff/rewards/{draft.pk}/"' in mine and 'data-testid="edit"' in mine
    assert 'data-testid="publish"' in mine and 'data-testid="delete"' in mine
    assert "decline" not in mine and "会告知合作商户" not in mine


def test_a_partners_proposal_keeps_its_publish_and_decline(proposal, street_admin, client_for):
    mine = row(client_for(street_admin).get("/staff/rewards/?show=proposals", **ZH).content.decode(), proposal)

    assert 'data-testid="publish"' in mine and 'data-testid="decline-form"' in mine and "驳回原因（会告知合作商户）" in mine
    assert 'data-testid="delete"' not in mine


def test_only_the_proposals_tab_lists_proposals_and_the_drafts_tab_drafts(draft, proposal, haircut, street_admin, client_for):
    staff = client_for(street_admin)
    ids = lambda html: {int(i) for i in re.findall(r'data-reward-id="(\d+)"', html)}  # noqa: E731

    assert ids(staff.get("/staff/rewards/?show=proposals").content.decode()) == {proposal.pk}
    assert ids(staff.get("/staff/rewards/?show=drafts").content.decode()) == {draft.pk}
    assert ids(staff.get("/staff/rewards/?show=published").content.decode()) == {haircut.pk}


def test_declining_a_draft_is_refused_and_deletes_nothing(draft, street_admin, client_for):
    response = client_for(street_admin).post(f"/staff/rewards/{draft.pk}/decline/", {"reason": "不要了"}, follow=True, **ZH)

    assert "该奖品不是待上架的提议，无法驳回。" in response.content.decode()
    assert Reward.objects.filter(pk=draft.pk).exists()
    assert not Notification.objects.exists()


def test_staff_delete_their_draft_and_the_trail_keeps_what_it_was(draft, street_admin, client_for):
    response = client_for(street_admin).post(f"/staff/rewards/{draft.pk}/delete/", {"show": "drafts"}, follow=True, **ZH)

    assert response.redirect_chain[-1][0] == "/staff/rewards/?show=drafts"
    assert "“测试奖品X”已删除。" in response.content.decode()
    assert not Reward.objects.filter(pk=draft.pk).exists()
    entry = AuditEntry.objects.get(action="points.reward_deleted")
    assert (entry.actor, entry.data["title"], entry.data["cost"]) == (street_admin, "测试奖品X", 20)
    assert not Notification.objects.exists()  # nobody proposed it: nobody to tell


def test_a_published_reward_is_switched_off_from_the_list_and_riders_no_longer_see_it(
    haircut, rich_rider, street_admin, client_for
):
    voucher = issue(rich_rider, haircut)
    staff = client_for(street_admin)
    assert 'data-testid="switch-off"' in row(staff.get("/staff/rewards/").content.decode(), haircut)

    response = staff.post(f"/staff/rewards/{haircut.pk}/switch-off/", follow=True, **ZH)

    assert "“免费快剪一次”已下架" in response.content.decode()
    haircut.refresh_from_db()
    assert (haircut.active, haircut.published_at is not None) == (False, True)
    assert AuditEntry.objects.filter(action="points.reward_switched_off", target_id=str(haircut.pk)).exists()
    assert client_for(rich_rider).get(f"/rewards/{haircut.pk}/").status_code == 404
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED  # a voucher already issued stays valid

    mine = row(staff.get("/staff/rewards/", **ZH).content.decode(), haircut)
    assert "已下架" in text(mine) and "重新上架" in text(mine)
    assert 'data-testid="delete"' not in mine  # a rider holds a voucher of it


def test_a_switched_off_reward_goes_back_on_from_the_list(haircut, street_admin, client_for):
    services.reward_switch_off(actor=street_admin, reward=haircut)

    client_for(street_admin).post(f"/staff/rewards/{haircut.pk}/publish/")

    haircut.refresh_from_db()
    assert haircut.active


def test_a_reward_riders_redeemed_cannot_be_deleted(haircut, rich_rider, street_admin, client_for):
    issue(rich_rider, haircut)
    services.reward_switch_off(actor=street_admin, reward=haircut)

    response = client_for(street_admin).post(f"/staff/rewards/{haircut.pk}/delete/", follow=True, **ZH)

    assert "已有骑手兑换过该奖品，不能删除" in response.content.decode()
    assert Reward.objects.filter(pk=haircut.pk).exists()


def test_a_reward_on_sale_or_a_proposal_cannot_be_deleted(haircut, proposal, street_admin):
    with pytest.raises(errors.RewardNotDeletable):
        services.reward_delete(actor=street_admin, reward=haircut)
    with pytest.raises(errors.RewardNotDeletable):
        services.reward_delete(actor=street_admin, reward=proposal)
    assert Reward.objects.filter(pk__in=[haircut.pk, proposal.pk]).count() == 2


def test_a_rider_cannot_open_or_buy_a_draft(draft, rich_rider, client_for, api_for):
    assert client_for(rich_rider).get(f"/rewards/{draft.pk}/").status_code == 404
    assert api_for(rich_rider).post(f"/api/v1/rewards/{draft.pk}/redeem/").status_code == 404
    assert not Voucher.objects.exists()


def test_only_street_admins_switch_off_or_delete(draft, haircut, reviewer, merchant_a, rider, client_for):
    for user in (reviewer, merchant_a, rider):
        client = client_for(user)
        assert client.post(f"/staff/rewards/{haircut.pk}/switch-off/").status_code == 403
        assert client.post(f"/staff/rewards/{draft.pk}/delete/").status_code == 403
    haircut.refresh_from_db()
    assert haircut.active and Reward.objects.filter(pk=draft.pk).exists()


def test_the_services_refuse_anyone_but_a_street_admin_too(draft, haircut, reviewer, merchant_a):
    """Not only the pages: the API, an admin action or a task calling the service is refused alike."""
    for user in (reviewer, merchant_a):
        with pytest.raises(points_errors.NotAllowed):
            services.reward_switch_off(actor=user, reward=haircut)
        with pytest.raises(points_errors.NotAllowed):
            services.reward_delete(actor=user, reward=draft)
    haircut.refresh_from_db()
    assert haircut.active and Reward.objects.filter(pk=draft.pk).exists()
    assert not AuditEntry.objects.filter(action__in=["points.reward_switched_off", "points.reward_deleted"]).exists()
