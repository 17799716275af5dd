"""A reviewer at the dashboard picks 上月, 今年 or 本月 (or opens the page, which shows this
month): the 从 and 到 boxes hold the period's first and last day, so they see the dates and can
change one of them. They used to stay empty while a button's period was in use; only the
sentence under the form gave the dates. The form sent back as it stands (a community chosen)
keeps the button's period and its comparison; another button still switches the period; a date
changed by hand wins over the button."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from friendlystreet.dashboard.periods import preset
from friendlystreet.days import local_today
from tests.dashboard.helpers import period_form
from tests.venues.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def boxes(html: str) -> tuple[str, str]:
    fields = period_form(html)
    return fields["start"], fields["end"]


@pytest.fixture
def staff(client_for, reviewer):
    return client_for(reviewer)


@pytest.mark.parametrize("name", ["this_month", "last_month", "this_year"])
def test_a_buttons_period_fills_the_boxes(staff, name):
    chosen = preset(name)

    html = staff.get(f"/staff/?preset={name}").content.decode()

    assert boxes(html) == (f"{chosen.start:%Y-%m-%d}", f"{chosen.end:%Y-%m-%d}")
    assert f"{chosen.start:%Y-%m-%d} 至 {chosen.end:%Y-%m-%d}" in html  # the sentence says the same


def test_the_first_look_shows_this_months_dates_in_the_boxes(staff):
    today = local_today()

    html = staff.get("/staff/").content.decode()

    assert boxes(html) == (f"{today.replace(day=1):%Y-%m-%d}", f"{today:%Y-%m-%d}")


@pytest.mark.parametrize("name", ["this_month", "last_month", "this_year"])
def test_the_form_sent_as_it_stands_keeps_the_buttons_period(staff, name):
    yidu = CommunityFactory(name="驿都社区")
    sent = {**period_form(staff.get(f"/staff/?preset={name}").content.decode()), "community": str(yidu.pk)}

    page = staff.get("/staff/?" + urlencode(sent))

    # The same period and the same comparison (in January the year so far is not the month so far).
    assert page.context["period"] == preset(name)
    assert page.context["preset"] == name and page.context["community_id"] == yidu.pk
    assert boxes(page.content.decode()) == (sent["start"], sent["end"])


def test_the_first_looks_form_sent_with_a_community_keeps_this_month(staff):
    yidu = CommunityFactory(name="驿都社区")
    sent = {**period_form(staff.get("/staff/").content.decode()), "community": str(yidu.pk)}

    page = staff.get("/staff/?" + urlencode(sent))

    assert page.context["period"] == preset("this_month")
    assert page.context["preset"] == "this_month"


def test_another_button_after_one_switches_the_period_and_the_boxes(staff):
    staff.get("/staff/?preset=last_month")
    this_year = preset("this_year")

    page = staff.get("/staff/?preset=this_year")

    assert page.context["period"] == this_year
    assert boxes(page.content.decode()) == (f"{this_year.start:%Y-%m-%d}", f"{this_year.end:%Y-%m-%d}")


def test_a_date_changed_by_hand_wins_over_the_button(staff):
    last_month = preset("last_month")
    ten_days = last_month.end - timedelta(days=9)
    sent = {**period_form(staff.get("/staff/?preset=last_month").content.decode()), "start": f"{ten_days:%Y-%m-%d}"}
    assert sent["preset"] == "last_month"

    page = staff.get("/staff/?" + urlencode(sent))

    period = page.context["period"]
    assert (period.start, period.end) == (ten_days, last_month.end)
    assert page.context["preset"] == ""  # the communities' links carry the dates, not 上月
    html = page.content.decode()
    assert boxes(html) == (f"{ten_days:%Y-%m-%d}", f"{last_month.end:%Y-%m-%d}")
    assert 'name="preset"' not in re.search(r'<form method="get" class="filters dash-period".*?</form>', html, re.S).group(0)


def test_a_range_with_a_mistake_keeps_what_was_typed(staff):
    page = staff.get("/staff/?start=2025-03-05&end=2025-03-01")

    html = page.content.decode()
    assert "结束日期早于开始日期" in html
    assert boxes(html) == ("2025-03-05", "2025-03-01")
