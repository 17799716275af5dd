"""A reviewer picks 上月 on the dashboard, then a community in the form and presses 显示: the
figures are still last month's, for that community (the form used to send no period, and the
page fell back to this month without a word)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from tests.dashboard.helpers import period_form
from tests.venues.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_a_community_chosen_after_last_month_keeps_last_month(client_for, reviewer):
    yidu = CommunityFactory(name="驿都社区")
    client = client_for(reviewer)
    last_month = client.get("/staff/?preset=last_month")
    last_day = timezone.localdate().replace(day=1) - timedelta(days=1)
    assert last_month.context["period"].start == last_day.replace(day=1)

    sent = {**period_form(last_month.content.decode()), "community": str(yidu.pk)}
    page = client.get("/staff/?" + urlencode(sent))

    period = page.context["period"]
    assert (period.start, period.end) == (last_day.replace(day=1), last_day)
    assert page.context["community_id"] == yidu.pk
    assert f"{last_day.replace(day=1):%Y-%m-%d} 至 {last_day:%Y-%m-%d}" in page.content.decode()


def test_dates_typed_after_a_button_win_over_it(client_for, reviewer):
    client = client_for(reviewer)
    this_year = client.get("/staff/?preset=this_year")

    sent = {**period_form(this_year.content.decode()), "start": "2025-03-01", "end": "2025-03-31"}
    period = client.get("/staff/?" + urlencode(sent)).context["period"]

    assert (period.start.isoformat(), period.end.isoformat()) == ("2025-03-01", "2025-03-31")
