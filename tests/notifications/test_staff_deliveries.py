"""Street admins see the deliveries that failed, with the error, and can send one again."""

from __future__ import annotations

import re

import pytest

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Delivery, Notification
from friendlystreet.sms.models import OutboxMessage

pytestmark = pytest.mark.django_db


def failed_sms(user, error="SmsError: provider unreachable") -> Delivery:
    n = Notification.objects.create(recipient=user, kind="welcome", title="Claim approved")
    return Delivery.objects.create(
        notification=n, channel="sms", address=user.phone, text="Claim approved", status="failed", attempts=5, last_error=error
    )


def listed(response) -> list[int]:
    return [int(x) for x in re.findall(r'data-testid="delivery" data-id="(\d+)"', response.content.decode())]


def test_street_admin_sees_failed_deliveries_with_the_error_and_a_masked_number(client_for, street_admin, rider):
    failed = failed_sms(rider)
    sent = Delivery.objects.create(notification=failed.notification, channel="email", address="a@example.com", status="sent")
    response = client_for(street_admin).get("/staff/notifications/deliveries/")
    assert response.status_code == 200
    assert listed(response) == [failed.id]
    body = response.content.decode()
    assert "SmsError: provider unreachable" in body
    assert rider.phone[3:] not in body  # masked: 137****0001
    assert rider.masked_phone in body
    assert listed(client_for(street_admin).get("/staff/notifications/deliveries/?status=all")) == [sent.id, failed.id]
    assert listed(client_for(street_admin).get("/staff/notifications/deliveries/?status=nonsense")) == [failed.id]


def test_staff_menu_links_to_the_page_for_street_admins_only(client_for, street_admin, reviewer):
    assert "/staff/notifications/deliveries/" in client_for(street_admin).get("/staff/").content.decode()
    assert "/staff/notifications/deliveries/" not in client_for(reviewer).get("/staff/").content.decode()


def test_street_admin_retries_a_failed_delivery_and_it_is_sent(
    client_for, street_admin, rider, django_capture_on_commit_callbacks
):
    delivery = failed_sms(rider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(street_admin).post(f"/staff/notifications/deliveries/{delivery.id}/retry/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "sent"  # in-process here; a worker does it with a broker
    assert delivery.attempts == 1
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 1
    entry = AuditEntry.objects.get(action="notifications.delivery.retry")
    assert entry.actor == street_admin
    assert entry.data["attempts"] == 5


def test_a_sent_delivery_cannot_be_retried(client_for, street_admin, rider):
    delivery = failed_sms(rider)
    Delivery.objects.filter(pk=delivery.pk).update(status="sent")
    response = client_for(street_admin).post(f"/staff/notifications/deliveries/{delivery.id}/retry/", follow=True)
    assert response.status_code == 200
    assert not OutboxMessage.objects.exists()
    assert not AuditEntry.objects.exists()


def test_reviewer_and_rider_cannot_retry(client_for, reviewer, rider):
    delivery = failed_sms(rider)
    for user in (reviewer, rider):
        assert client_for(user).post(f"/staff/notifications/deliveries/{delivery.id}/retry/").status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == "failed"


def test_django_admin_retry_action(client_for, street_admin, rider, django_capture_on_commit_callbacks):
    street_admin.is_superuser = True
    street_admin.save()
    delivery = failed_sms(rider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(street_admin).post(
            "/admin/notifications/delivery/", {"action": "retry_failed", "_selected_action": [delivery.id]}
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "sent"


def test_the_page_says_what_it_lists(client_for, street_admin):
    client = client_for(street_admin)

    assert "<h1>发送失败的消息</h1>" in client.get("/staff/notifications/deliveries/").content.decode()
    assert "<h1>发送失败的消息</h1>" not in client.get("/staff/notifications/deliveries/?status=all").content.decode()
