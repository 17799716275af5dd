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
kinds.register(
    kinds.Kind(
        code="test_translated",
        label=_("Test"),
        title=_("This field is required."),  # a string Django's own catalogue translates
        body="",
    )
)


def test_committed_notification_is_delivered_by_sms_once(rider):
    with transaction.atomic():
        notify(rider, "test_hello", {"name": "A"})
        assert OutboxMessage.objects.count() == 0  # nothing leaves before the commit
    assert Notification.objects.get(recipient=rider).title == "Hello A"
    assert Delivery.objects.get().status == "sent"
    assert OutboxMessage.objects.filter(phone=rider.phone).count() == 1


def test_committed_action_starts_exactly_one_delivery_task(rider, delivery_task_runs):
    with transaction.atomic():
        notify(rider, "test_hello", {"name": "A"})
        assert delivery_task_runs == []
    assert delivery_task_runs == [Delivery.objects.get().id]


def test_rolled_back_action_sends_nothing(rider, delivery_task_runs):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(rider, "test_hello", {"name": "A"})
        raise RuntimeError("the action failed")
    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert delivery_task_runs == []
    assert OutboxMessage.objects.count() == 0


def test_unknown_kind_is_an_error(rider):
    with pytest.raises(kinds.UnknownKind):
        notify(rider, "no_such_kind", {})
    assert Notification.objects.count() == 0


def test_a_kind_with_an_unknown_channel_cannot_be_registered():
    with pytest.raises(ValueError, match="carrier_pigeon"):
        kinds.register(kinds.Kind(code="test_bad", label="x", title="x", body="x", default_channels=("carrier_pigeon",)))


def test_user_without_phone_gets_in_app_only_and_the_row_says_why(rider, delivery_task_runs):
    rider.phone = None
    rider.save()
    notify(rider, "test_hello", {"name": "A"})
    delivery = Delivery.objects.get()
    assert delivery.status == "skipped"
    assert "phone" in delivery.last_error
    assert delivery_task_runs == []
    assert Notification.objects.filter(recipient=rider).count() == 1


def test_message_is_written_in_the_recipients_language(rider, other_rider):
    other_rider.language = "en"
    other_rider.save()
    zh = notify(rider, "test_translated", {})
    en = notify(other_rider, "test_translated", {})
    assert en.title == "This field is required."
    assert zh.title != en.title  # Chinese by default


def test_sms_text_is_the_kinds_sms_template_when_it_has_one(rider):
    kinds.register(
        kinds.Kind(
            code="test_short_sms",
            label="x",
            title="Long title %(n)s",
            body="Long body",
            sms="Short %(n)s",
            default_channels=(kinds.IN_APP, kinds.SMS),
        )
    )
    notify(rider, "test_short_sms", {"n": 7})
    assert OutboxMessage.objects.get().text.endswith("Short 7")


def test_notify_is_cheap_for_the_calling_action(rider, django_assert_num_queries):
    with django_assert_num_queries(1):  # the notification row; in-app only: no preferences to read
        notify(rider, "test_translated", {})
    with transaction.atomic(), django_assert_num_queries(3):  # + the user's channel choices, + the SMS row
        notify(rider, "test_hello", {"name": "A"})  # (the SMS itself leaves after the commit)
