"""A street admin at month end edits the dashboard's address by hand (or follows an old
bookmark): a start that is no date, a day that does not exist, a community since removed.
The page says what is wrong beside the box, in the page's language; before, the bad date
was read as missing and the page said the end was before the start, and the others said
nothing at all while the figures quietly became this month's for the whole street."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.venues.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def messages_in(html: str) -> list[str]:
    """The texts of the page's error lists (the form's and each field's)."""
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", item).strip() for found in lists for item in re.findall(r"<li>.*?</li>", found, re.S)]


def test_a_start_that_is_no_date_is_called_so_not_a_start_after_the_end(client_for, street_admin):
    page = client_for(street_admin).get("/staff/?start=abc&end=2026-11-20")

    assert page.status_code == 200
    assert messages_in(page.content.decode()) == ["日期格式为 YYYY-MM-DD。"]
    # The figures shown are this month's, and the line above them says so.
    assert page.context["period"].start == timezone.localdate().replace(day=1)


def test_a_day_that_does_not_exist_is_told_beside_its_box_in_english(client_for, street_admin):
    client = client_for(street_admin)
    client.cookies["django_language"] = "en"

    html = client.get("/staff/?start=2026-13-40").content.decode()

    assert messages_in(html) == ["Dates are written YYYY-MM-DD."]
    # The message is the one the box points at (aria-describedby).
    assert 'aria-describedby="id_start_error"' in html
    assert 'id="id_start_error"' in html


def test_a_community_no_longer_in_the_list_is_told_not_silently_dropped(client_for, street_admin):
    CommunityFactory(name="驿都社区")

    page = client_for(street_admin).get("/staff/?preset=last_month&community=999")

    assert page.status_code == 200
    assert messages_in(page.content.decode()) == ["没有这个社区。"]


def test_only_an_end_before_this_month_asks_for_a_start_too(client_for, street_admin):
    # The "From" box emptied and "To" set to a day of last month: the start the page would use
    # is this month's first day, which nobody chose.
    first = timezone.localdate().replace(day=1)
    end = first - timedelta(days=10)

    page = client_for(street_admin).get(f"/staff/?end={end}")

    assert messages_in(page.content.decode()) == [f"请同时选择开始日期：不选时从 {first} 算起，晚于所选的结束日期。"]
