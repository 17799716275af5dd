"""Street admins manage the catalogue; partner operators propose rewards for their own venue."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.models import Reward
from points.rewards import services
from tests.points.factories import image_bytes
from tests.points.rewards.factories import RewardFactory, issue
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db


def test_staff_add_a_reward_that_is_published_at_once(street_admin, barber, api_for):
    response = api_for(street_admin).post(
        "/api/v1/rewards/",
        {
            "venue": barber.pk,
            "title": "免费快剪",
            "description": "",
            "cost": 80,
            "stock": 10,
            "per_rider_monthly_limit": 1,
            "valid_days": 30,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    reward = Reward.objects.get(pk=response.json()["id"])
    assert (reward.active, reward.stock, reward.cost) == (True, 10, 80)
    assert reward.published_at is not None
    assert response.json()["stock_left"] == 10
    assert AuditEntry.objects.filter(action="points.reward_created", target_id=str(reward.pk)).exists()
    assert [r["id"] for r in api_for(None).get("/api/v1/rewards/").json()["results"]] == [reward.pk]


def test_staff_can_add_an_unpublished_reward(street_admin, barber, api_for):
    response = api_for(street_admin).post(
        "/api/v1/rewards/", {"venue": barber.pk, "title": "草稿", "cost": 10, "active": False}, format="json"
    )
    assert response.status_code == 201
    assert Reward.objects.get().published_at is None
    assert api_for(None).get("/api/v1/rewards/").json()["results"] == []


def test_staff_patch_only_what_they_send(street_admin, haircut, api_for):
    response = api_for(street_admin).patch(f"/api/v1/rewards/{haircut.pk}/", {"stock": 3}, format="json")

    assert response.status_code == 200, response.content
    haircut.refresh_from_db()
    assert (haircut.stock, haircut.cost, haircut.per_rider_monthly_limit) == (3, 80, 1)


def test_bad_reward_input_is_a_400_naming_the_fields(street_admin, barber, api_for):
    api = api_for(street_admin)
    response = api.post("/api/v1/rewards/", {"venue": barber.pk, "title": "x", "cost": 0, "stock": -1}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"cost", "stock"}
    window = api.post(
        "/api/v1/rewards/",
        {"venue": barber.pk, "title": "x", "cost": 5, "available_from": "2026-05-02", "available_to": "2026-05-01"},
        format="json",
    )
    assert window.status_code == 400
    assert not Reward.objects.exists()


def test_only_staff_manage_the_catalogue(rider, merchant_a, reviewer, barber, haircut, api_for):
    for user in (rider, merchant_a, reviewer):
        api = api_for(user)
        assert api.post("/api/v1/rewards/", {"venue": barber.pk, "title": "x", "cost": 1}, format="json").status_code == 403
        assert api.patch(f"/api/v1/rewards/{haircut.pk}/", {"cost": 1}, format="json").status_code == 403
    haircut.refresh_from_db()
    assert haircut.cost == 80


def test_staff_create_a_reward_with_an_image_on_the_staff_page(street_admin, barber, client_for, client):
    staff = client_for(street_admin)
    photo = SimpleUploadedFile("x.jpg", image_bytes("JPEG", size=(120, 90)), content_type="image/jpeg")
    response = staff.post(
        "/staff/rewards/new/",
        {"venue": barber.pk, "title": "护理包", "description": "", "cost": 40, "valid_days": 30, "active": "on", "image": photo},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    reward = Reward.objects.get()
    assert reward.image and reward.published_at
    image = client.get(f"/rewards/{reward.pk}/image/")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_a_partner_proposes_a_reward_for_their_venue_and_staff_publish_it(merchant_a, barber, street_admin, client_for):
    partner = client_for(merchant_a)
    response = partner.post(
        "/redeem/propose/", {"venue": barber.pk, "title": "洗剪吹8折", "description": "", "cost": 30, "valid_days": 30}
    )
    assert response.status_code == 302
    proposal = Reward.objects.get()
    assert (proposal.active, proposal.published_at, proposal.proposed_by) == (False, None, merchant_a)
    assert 'data-testid="proposal"' in partner.get("/redeem/propose/").content.decode()

    staff = client_for(street_admin)
    assert f'data-reward-id="{proposal.pk}"' in staff.get("/staff/rewards/?show=proposals").content.decode()
    assert staff.post(f"/staff/rewards/{proposal.pk}/publish/").status_code == 302

    proposal.refresh_from_db()
    assert proposal.active and proposal.published_at
    assert Notification.objects.filter(recipient=merchant_a, kind="points_reward_published").count() == 1


def test_a_partner_cannot_propose_for_another_venue(merchant_a, barber, hospital, client_for):
    # An operator of two venues chooses between them, never a third; one of a single venue is
    # not asked (the post's venue is not read: test_operator_venue_and_proposal.py).
    VenueFactory(name="王师傅理发店二店").operators.add(merchant_a)
    response = client_for(merchant_a).post(
        "/redeem/propose/", {"venue": hospital.pk, "title": "体检", "cost": 30, "valid_days": 30}
    )
    assert response.status_code == 400
    assert not Reward.objects.exists()


def staff_list_queries(client) -> tuple[int, int]:
    """All the staff list's queries, and the points app's own (the layout's are other apps')."""
    client.get("/staff/rewards/")  # warm up caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/staff/rewards/").status_code == 200
    return len(ctx.captured_queries), len([q for q in ctx.captured_queries if "points_" in q["sql"]])


def rewards_of_every_kind(venue, partner, rider) -> None:
    """Published with a voucher open and one used, switched off, a partner's proposal, a staff draft."""
    published = RewardFactory(venue=venue, cost=1)
    issue(rider, published)
    services.voucher_confirm(operator=partner, code=issue(rider, published).code)
    RewardFactory(venue=venue, active=False)
    RewardFactory(venue=venue, active=False, published_at=None, proposed_by=partner)
    RewardFactory(venue=venue, active=False, published_at=None)


def test_the_staff_list_is_a_constant_number_of_queries(street_admin, barber, merchant_a, rich_rider, client_for):
    staff = client_for(street_admin)
    rewards_of_every_kind(barber, merchant_a, rich_rider)
    small = staff_list_queries(staff)
    for _ in range(5):
        rewards_of_every_kind(barber, merchant_a, rich_rider)

    assert staff_list_queries(staff) == small
    # The tabs' counts (proposals and drafts, one query), the rows (venue, proposer and voucher
    # counts joined), and the proposals' count once more for the menu's badge.
    assert small[1] == 3
