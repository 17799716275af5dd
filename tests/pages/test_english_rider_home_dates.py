"""A rider who reads English chose it with the switch at the foot of the page. On their home,
the next activity and the unread notices give the month in words ("Dec 10, 15:00"): 12/10 reads
as 12 October to many English readers. A rider who reads Chinese gets 12月10日 15:00."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from friendlystreet.notifications.services import notify
from tests.volunteers.factories import ActivityFactory, SignupFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


def signed_up_for_december_10th(rider) -> None:
    starts = datetime(timezone.now().year + 1, 12, 10, 15, 0, tzinfo=SHANGHAI)
    SignupFactory(rider=rider, activity=ActivityFactory(starts_at=starts, signup_deadline=starts - timedelta(days=1)))


def home_in(client, language: str) -> str:
    client.post("/notifications/language/", {"language": language, "next": "/home/"})
    return client.get("/home/").content.decode()


def test_an_english_reader_sees_the_month_of_their_next_activity_in_words(client_for, rider):
    signed_up_for_december_10th(rider)
    panel = section(home_in(client_for(rider), "en"), "home-activity")
    assert "Dec 10, 15:00" in panel
    assert "12/10" not in panel


def test_an_english_readers_unread_notices_say_the_month_in_words(client_for, rider):
    notice = notify(rider, "welcome")
    written = timezone.localtime(notice.created_at, SHANGHAI)
    panel = section(home_in(client_for(rider), "en"), "home-notices")
    assert f"{written:%b} {written.day}, {written:%H:%M}" in panel
    assert f"{written.month}/{written.day} " not in panel


def test_a_chinese_reader_sees_the_date_the_chinese_way(client_for, rider):
    signed_up_for_december_10th(rider)
    panel = section(home_in(client_for(rider), "zh-hans"), "home-activity")
    assert "12月10日 15:00" in panel
