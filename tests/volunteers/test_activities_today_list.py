"""A street admin's morning: the dashboard's 今日活动 card opens the activities list filtered to
today's, and the list counts what the card counts (the one rule, volunteers.figures.of_today)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.volunteers.factories import ActivityFactory
from volunteers.models import Activity

pytestmark = pytest.mark.django_db


def test_todays_activities_card_opens_the_list_of_today(client_for, street_admin):
    this_evening = timezone.localtime().replace(hour=0, minute=1, second=0, microsecond=0)  # any time today counts
    ActivityFactory(title="今晚清洁", starts_at=this_evening)
    ActivityFactory(title="明天清洁", starts_at=this_evening + timedelta(days=1))
    ActivityFactory(title="草稿", starts_at=this_evening, state=Activity.State.DRAFT)
    client = client_for(street_admin)

    dashboard = client.get("/staff/").content.decode()
    assert 'href="/staff/activities/?when=today"' in dashboard

    page = client.get("/staff/activities/?when=today").content.decode()
    titles = re.findall(r'data-testid="activity-row".*?<a[^>]*>([^<]+)</a>', page, flags=re.S)
    assert [t.strip() for t in titles] == ["今晚清洁"]
    assert re.search(r"<h1>今日活动 <span class=\"muted\">\(1\)</span></h1>", page)
    assert 'href="?when=today" aria-current="page"' in page
    # Without the filter, every activity as before.
    assert "<h1>活动 <span" in client.get("/staff/activities/").content.decode()
