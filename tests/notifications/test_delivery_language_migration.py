"""Deliveries written before the language travelled with the text (notifications 0003) get the
language their recipient reads, the one notify() wrote them in: the site's (Chinese) for a
recipient who never chose one."""

from __future__ import annotations

import pytest

from friendlystreet.notifications.models import Delivery
from tests.migrations import migrate_forward, state_before

BEFORE, AFTER = ("notifications", "0002_preferences_and_retries"), ("notifications", "0003_delivery_language")


@pytest.mark.django_db(transaction=True)
def test_deliveries_stored_before_get_the_language_of_their_recipient():
    # The accounts as they are now (their users have a language), the deliveries as they were.
    old = state_before(BEFORE, now=("accounts",))
    User = old.get_model("accounts", "User")
    Notification = old.get_model("notifications", "Notification")
    OldDelivery = old.get_model("notifications", "Delivery")
    for name, language, text in [
        ("never_chose", "", "您在暖新驿站的兑换券将于 2026-12-08 到期。"),
        ("chose_english", "en", "Your voucher at 暖新驿站 expires on 2026-12-08."),
        ("chose_chinese", "zh-hans", "您的认领已通过。"),
    ]:
        user = User.objects.create(username=name, language=language)
        notice = Notification.objects.create(recipient=user, kind="points_voucher_expiring", title=text)
        OldDelivery.objects.create(notification=notice, channel="sms", address="+8613800000001", text=text, status="failed")
        OldDelivery.objects.create(notification=notice, channel="email", address=f"{name}@example.com", text=text)

    migrate_forward(AFTER)

    assert sorted(Delivery.objects.values_list("notification__recipient__username", "channel", "language")) == [
        ("chose_chinese", "email", "zh-hans"),
        ("chose_chinese", "sms", "zh-hans"),
        ("chose_english", "email", "en"),
        ("chose_english", "sms", "en"),
        ("never_chose", "email", "zh-hans"),
        ("never_chose", "sms", "zh-hans"),
    ]
