"""Compound tips: riders write them, staff moderate, approved ones show with a masked name."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from tests.test_uploads import jpeg_with_gps
from tests.venues.factories import CompoundFactory, TipFactory
from venues import hooks, services
from venues.models import Tip, TipStatus

pytestmark = pytest.mark.django_db


def tip_url(compound) -> str:
    return f"/api/v1/compounds/{compound.id}/tips/"


def test_rider_adds_a_tip_that_waits_for_review(api_for, rider, client):
    compound = CompoundFactory()

    response = api_for(rider).post(tip_url(compound), {"text": "3号门22点后可进电动车"}, format="json")

    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    tip = Tip.objects.get()
    assert (tip.author, tip.compound, tip.status) == (rider, compound, TipStatus.PENDING)
    # Not public before review.
    assert client.get(f"/api/v1/compounds/{compound.id}/").json()["tips"] == []


def test_anonymous_cannot_add_a_tip(client):
    compound = CompoundFactory()
    response = client.post(tip_url(compound), {"text": "hello"})
    assert response.status_code == 401
    assert not Tip.objects.exists()


def test_a_tip_over_1000_characters_is_refused(api_for, rider):
    compound = CompoundFactory()
    response = api_for(rider).post(tip_url(compound), {"text": "长" * 1001}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()["fields"]
    assert not Tip.objects.exists()


def test_exactly_1000_characters_is_fine(api_for, rider):
    compound = CompoundFactory()
    assert api_for(rider).post(tip_url(compound), {"text": "长" * 1000}, format="json").status_code == 201


def test_a_tip_with_a_non_image_file_is_refused_and_nothing_is_stored(api_for, rider):
    compound = CompoundFactory()
    fake = SimpleUploadedFile("gate.jpg", b"#!/bin/sh\necho not an image\n" * 20, content_type="image/jpeg")

    response = api_for(rider).post(tip_url(compound), {"text": "看照片", "photo": fake}, format="multipart")

    assert response.status_code == 400
    assert "photo" in response.json()["fields"]
    assert not Tip.objects.exists()


def test_a_tip_photo_is_stored_without_its_gps_position(api_for, rider):
    compound = CompoundFactory()
    photo = SimpleUploadedFile("gate.jpg", jpeg_with_gps(), content_type="image/jpeg")

    response = api_for(rider).post(tip_url(compound), {"text": "门在这里", "photo": photo}, format="multipart")

    assert response.status_code == 201
    tip = Tip.objects.get()
    with tip.photo.open("rb") as f:
        data = f.read()
    assert data[:2] == b"\xff\xd8" and b"Exif" not in data


def test_reviewer_approves_a_tip_and_it_shows_with_a_masked_name(rider, reviewer, client):
    tip = TipFactory(author=rider)

    services.tip_approve(reviewer=reviewer, tip=tip)

    tip.refresh_from_db()
    assert tip.status == TipStatus.APPROVED and tip.reviewed_by == reviewer and tip.reviewed_at
    shown = client.get(f"/api/v1/compounds/{tip.compound_id}/").json()["tips"]
    assert [t["id"] for t in shown] == [tip.id]
    assert shown[0]["author"] == rider.masked_name != rider.display_name
    assert Notification.objects.filter(recipient=rider, kind="venues.tip_approved").exists()
    assert AuditEntry.objects.filter(action="venues.tip.approve", target_id=str(tip.id), actor=reviewer).exists()


def test_reviewer_moderates_from_the_staff_queue(client_for, rider, reviewer):
    tip = TipFactory(author=rider)
    client = client_for(reviewer)

    page = client.get("/staff/venues/tips/")
    assert page.status_code == 200 and f'data-tip-id="{tip.id}"' in page.content.decode()

    response = client.post(f"/staff/venues/tips/{tip.id}/approve/")
    assert response.status_code == 302
    tip.refresh_from_db()
    assert tip.status == TipStatus.APPROVED


def test_a_rejection_needs_a_reason_and_tells_the_rider(client_for, rider, reviewer):
    tip = TipFactory(author=rider)
    client = client_for(reviewer)

    client.post(f"/staff/venues/tips/{tip.id}/reject/", {"reason": ""})
    tip.refresh_from_db()
    assert tip.status == TipStatus.PENDING

    client.post(f"/staff/venues/tips/{tip.id}/reject/", {"reason": "信息已过时"})
    tip.refresh_from_db()
    assert (tip.status, tip.reject_reason) == (TipStatus.REJECTED, "信息已过时")
    assert Notification.objects.filter(recipient=rider, kind="venues.tip_rejected").exists()


def test_a_rider_cannot_moderate_tips(client_for, rider, other_rider):
    tip = TipFactory(author=other_rider)
    assert client_for(rider).post(f"/staff/venues/tips/{tip.id}/approve/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.tip_approve(reviewer=rider, tip=tip)
    tip.refresh_from_db()
    assert tip.status == TipStatus.PENDING


def test_a_reviewer_cannot_approve_their_own_tip(reviewer):
    tip = TipFactory(author=reviewer)
    with pytest.raises(services.OwnTipReview):
        services.tip_approve(reviewer=reviewer, tip=tip)
    tip.refresh_from_db()
    assert tip.status == TipStatus.PENDING


def test_a_tip_is_approved_only_once(rider, reviewer, street_admin):
    tip = TipFactory(author=rider)
    services.tip_approve(reviewer=reviewer, tip=tip)
    with pytest.raises(services.TipAlreadyReviewed):
        services.tip_approve(reviewer=street_admin, tip=tip)
    with pytest.raises(services.TipAlreadyReviewed):
        services.tip_reject(reviewer=street_admin, tip=tip, reason="晚了")
    assert Notification.objects.filter(recipient=rider, kind="venues.tip_approved").count() == 1


def test_a_pending_tips_photo_is_hidden_from_other_riders(api_for, client_for, rider, other_rider, reviewer):
    compound = CompoundFactory()
    photo = SimpleUploadedFile("gate.jpg", jpeg_with_gps(), content_type="image/jpeg")
    api_for(rider).post(tip_url(compound), {"text": "门", "photo": photo}, format="multipart")
    tip = Tip.objects.get()
    url = f"/compounds/tips/{tip.id}/photo/"

    assert client_for(other_rider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404
    assert client_for(rider).get(url).status_code == 200
    assert client_for(reviewer).get(url).status_code == 200

    services.tip_approve(reviewer=reviewer, tip=tip)
    response = client_for(None).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


# --- the hook for points --------------------------------------------------------------------


@pytest.fixture
def subscriber():
    calls = []

    def on_tip_approved(*, tip, reviewer):
        # What the points app will do: read the tip in the same transaction as the approval.
        calls.append(
            {
                "tip": tip.id,
                "reviewer": reviewer.id,
                "in_transaction": connection.in_atomic_block,
                "status_in_db": Tip.objects.get(pk=tip.pk).status,
            }
        )

    hooks.tip_approved.connect(on_tip_approved)
    yield calls
    hooks.tip_approved.disconnect(on_tip_approved)


@pytest.mark.django_db(transaction=True)
def test_a_subscriber_is_called_inside_the_approvals_transaction(subscriber, rider, reviewer):
    tip = TipFactory(author=rider)

    services.tip_approve(reviewer=reviewer, tip=tip)

    assert subscriber == [{"tip": tip.id, "reviewer": reviewer.id, "in_transaction": True, "status_in_db": "approved"}]


@pytest.mark.django_db(transaction=True)
def test_a_failing_subscriber_rolls_the_approval_back(rider, reviewer):
    tip = TipFactory(author=rider)

    def broken(*, tip, reviewer):
        raise RuntimeError("points are down")

    hooks.tip_approved.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            services.tip_approve(reviewer=reviewer, tip=tip)
    finally:
        hooks.tip_approved.disconnect(broken)

    tip.refresh_from_db()
    assert tip.status == TipStatus.PENDING and tip.reviewed_by is None
    assert not Notification.objects.filter(recipient=rider, kind__startswith="venues.").exists()
    assert not AuditEntry.objects.filter(action="venues.tip.approve").exists()
    assert transaction.get_autocommit()


def test_rejecting_does_not_call_the_approval_hook(subscriber, rider, reviewer):
    services.tip_reject(reviewer=reviewer, tip=TipFactory(author=rider), reason="重复")
    assert subscriber == []


def test_a_rider_posts_a_tip_from_the_guide_page(client_for, rider):
    compound = CompoundFactory()
    client = client_for(rider)

    response = client.post(f"/compounds/{compound.id}/tips/", {"text": "12栋门朝北"})

    assert response.status_code == 302
    assert Tip.objects.get().text == "12栋门朝北"


def test_the_guide_page_refuses_a_too_long_tip_with_a_form_error(client_for, rider):
    compound = CompoundFactory()
    response = client_for(rider).post(f"/compounds/{compound.id}/tips/", {"text": "长" * 1001})
    assert response.status_code == 400
    assert 'id="tip-form"' in response.content.decode()
    assert not Tip.objects.exists()
