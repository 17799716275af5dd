"""A street admin lists the skipped deliveries in Chinese: why each was skipped read in English
("The recipient has no phone number."), and the page's introduction spoke of failed deliveries
to retry whatever status was listed. The reason is in the admin's language, and the introduction
says what the list is."""

from __future__ import annotations

import pytest

from friendlystreet.notifications.models import NO_PHONE, Delivery, Notification

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/staff/notifications/deliveries/?status=skipped"


def test_a_skipped_delivery_says_why_in_the_admins_language(client_for, street_admin, rider):
    notice = Notification.objects.create(recipient=rider, kind="welcome", title="积分到账")
    Delivery.objects.create(notification=notice, channel="sms", status="skipped", last_error=NO_PHONE)

    body = client_for(street_admin).get(URL, **ZH).content.decode()

    assert '<td class="delivery-error" data-label="最近一次错误">接收人没有手机号码。</td>' in body
    assert "The recipient has no phone number." not in body
    assert "“已跳过”：接收人没有手机号码或电子邮箱。" in body
    assert "最终发送失败的消息会连同最近一次错误列在这里" not in body


def test_in_english_the_reason_reads_as_written(client_for, street_admin, rider):
    notice = Notification.objects.create(recipient=rider, kind="welcome", title="Points")
    Delivery.objects.create(notification=notice, channel="sms", status="skipped", last_error=NO_PHONE)
    client = client_for(street_admin)
    client.get("/", **EN)

    body = client.get(URL, **EN).content.decode()

    assert ">The recipient has no phone number.</td>" in body
