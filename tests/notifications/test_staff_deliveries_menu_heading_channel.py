"""The street admin's menu names the whole list (消息发送记录), which opens on the failed
deliveries, and the page's heading says which deliveries it lists (发送失败的消息, 已发送的消息…):
the tab no longer says 发送失败的消息 over a list of sent ones. A channel box (短信 / 电子邮件)
narrows the list and keeps the chosen status, across pages too; a channel it cannot read drops
only itself."""

from __future__ import annotations

import re

import pytest

from friendlystreet.notifications.models import Delivery, Notification
from tests.notifications.test_staff_deliveries import failed_sms, listed

pytestmark = pytest.mark.django_db

URL = "/staff/notifications/deliveries/"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def delivery(user, channel: str, status: str) -> Delivery:
    notification = Notification.objects.create(recipient=user, kind="welcome", title="Claim approved")
    return Delivery.objects.create(notification=notification, channel=channel, address="x", text="Claim approved", status=status)


def menu_label(body: str) -> str:
    return re.search(rf'<a[^>]*href="{URL}"[^>]*>\s*([^<]+?)\s*<', body).group(1)


def heading(body: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", body).group(1)


def chosen(body: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', body, re.S).group(0)
    return re.findall(r'<option value="(\w*)"[^>]*\bselected\b', select)


def test_the_menu_names_the_list_and_the_heading_its_status(client_for, street_admin, rider):
    client = client_for(street_admin)

    from_menu = client.get(URL, **ZH).content.decode()
    assert menu_label(from_menu) == "消息发送记录"
    assert heading(from_menu) == "发送失败的消息"
    assert "<title>发送失败的消息" in from_menu
    for status, words in [
        ("sent", "已发送的消息"),
        ("queued", "排队待发的消息"),
        ("skipped", "已跳过的消息"),
        ("all", "全部发送记录"),
    ]:
        body = client.get(URL, {"status": status}, **ZH).content.decode()
        assert heading(body) == words and menu_label(body) == "消息发送记录"


def test_the_channel_filter_keeps_the_status(client_for, street_admin, rider):
    sms = failed_sms(rider)
    email = delivery(rider, "email", "failed")
    sent_sms = delivery(rider, "sms", "sent")
    client = client_for(street_admin)

    assert sorted(listed(client.get(URL))) == sorted([sms.pk, email.pk])
    response = client.get(URL, {"status": "failed", "channel": "sms"}, **ZH)
    assert listed(response) == [sms.pk]
    body = response.content.decode()
    assert chosen(body, "status") == ["failed"] and chosen(body, "channel") == ["sms"]
    assert '<option value="sms" selected>短信</option>' in body and '<option value="email">电子邮件</option>' in body
    assert listed(client.get(URL, {"status": "all", "channel": "sms"})) == [sent_sms.pk, sms.pk]
    assert listed(client.get(URL, {"status": "sent", "channel": "email"})) == []
    # A channel it cannot read drops itself; the status chosen stays.
    nonsense = client.get(URL, {"status": "sent", "channel": "pigeon"})
    assert listed(nonsense) == [sent_sms.pk] and chosen(nonsense.content.decode(), "status") == ["sent"]


def test_the_pages_keep_the_channel_and_the_status(client_for, street_admin, rider):
    delivery(rider, "email", "sent")
    for _ in range(25):
        delivery(rider, "sms", "sent")

    body = client_for(street_admin).get(URL, {"status": "sent", "channel": "sms"}).content.decode()

    assert 'href="?status=sent&amp;channel=sms&amp;page=2"' in body
