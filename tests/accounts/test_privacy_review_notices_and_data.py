"""From the accounts review: the notification settings come in groups, and the notices about
the account's safety (a deletion scheduled or cancelled) always go by SMS, shown as such, with
no box to untick; the language is not asked twice. The data download holds a copy to read
(summary.html: Chinese labels, Beijing time) beside data.json."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.test import TestCase
from django.utils import timezone

from friendlystreet.notifications.models import ChannelPreference, Delivery
from friendlystreet.notifications.services import notify
from friendlystreet.privacy.models import DataExport

pytestmark = pytest.mark.django_db

SETTINGS = "/notifications/settings/"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_settings_come_in_groups_with_the_deletion_notices_always_by_sms(client_for, rider):
    html = client_for(rider).get(SETTINGS).content.decode()

    groups = re.findall(r'data-testid="pref-group">\s*<legend>([^<]+)</legend>', html)
    assert groups[:2] == ["积分", "兑换券"] and "我的账号" in groups
    box = re.search(r'<input[^>]*name="privacy_deletion_scheduled__sms"[^>]*>', html).group(0)
    assert "checked" in box and "disabled" in box
    assert "账号安全通知，始终发送" in text_of(html)


def test_unticking_everything_still_sends_the_deletion_notice_by_sms(client_for, rider):
    client_for(rider).post(SETTINGS, {})  # every box off, as a rider could send it

    assert not ChannelPreference.objects.filter(user=rider, kind="points_claim_approved", enabled=True).exists()
    with TestCase.captureOnCommitCallbacks(execute=False):
        notification = notify(rider, "privacy_deletion_scheduled", {"date": "2026-12-13 10:00"})
        claim = notify(rider, "points_claim_approved", {"rule": "文明劝导", "points": 10})
    assert set(Delivery.objects.filter(notification=notification).values_list("channel", flat=True)) == {"sms"}
    assert not Delivery.objects.filter(notification=claim).exists()


def test_the_deletion_notice_reads_in_plain_words(rider):
    notification = notify(rider, "privacy_deletion_scheduled", {"date": "2026-12-13 10:00"})
    assert "将于 2026-12-13 10:00 注销" in notification.body and "匿名" not in notification.body


def test_the_download_holds_a_copy_to_read_in_chinese_and_beijing_time(client_for, rider, street_admin):
    from points.services import balance_adjust

    balance_adjust(actor=street_admin, rider=rider, amount=30, reason="活动奖励")
    client = client_for(rider)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/profile/data/")
    export = DataExport.objects.get(rider=rider)
    response = client.get(f"/profile/data/{export.pk}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    assert {"summary.html", "data.json"} <= set(archive.namelist())
    summary = text_of(archive.read("summary.html").decode())
    assert "我在友好街道的数据" in summary and "北京时间" in summary
    assert "姓名 张小骑" in summary
    assert "工作类型 外卖骑手" in summary and "courier" not in summary and "delivery" not in summary
    assert "认证状态 已认证" in summary and "verified" not in summary
    assert rider.phone[3:] not in summary and "137 0000" in summary
    assert "我的积分明细" in summary and "+00:00" not in summary
    joined = timezone.localtime(rider.date_joined).strftime("%Y-%m-%d %H:%M")
    assert joined in summary
    # The page says what the file holds, in plain words.
    page = text_of(client.get("/profile/data/").content.decode())
    assert "summary.html" in page
