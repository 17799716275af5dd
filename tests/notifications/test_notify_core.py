"""notify(): an in-app row now, deliveries after the commit, nothing after a rollback."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from friendlystreet.notifications import kinds
from friendlystreet.notifications.models import Delivery, Notification
from friendlystreet.notifications.services import notify
from friendlystreet.sms.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)

TEST_KIND = kinds.register(
    kinds.Kind(
        code="test_hello",
        label=_("Test"),
        title="Hello %(name)s",
        body="Body for %(name)s",
        default_channels=(kinds.IN_APP, kinds.SMS),
    )
)


def test_committed_notification_is_delivered_by_sms_once(rider):
    with transaction.atomic():
        notify(rider, "test_hello", {"name": "A"})
        assert OutboxMessage.objects.count() == 0  # nothing leaves before the commit
    assert Notification.objects.get(recipient=rider).title == "Hello A"
    assert Delivery.objects.get().status == "sent"
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 1


def test_rolled_back_action_sends_nothing(rider):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(rider, "test_hello", {"name": "A"})
        raise RuntimeError("the action failed")
    assert Notification.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_unknown_kind_is_an_error(rider):
    with pytest.raises(kinds.UnknownKind):
        notify(rider, "no_such_kind", {})


def test_user_without_phone_gets_in_app_only_and_the_row_says_why(rider):
    rider.phone = None
    rider.save()
    notify(rider, "test_hello", {"name": "A"})
    delivery = Delivery.objects.get()
    assert delivery.status == "skipped"
    assert "phone" in delivery.last_error
