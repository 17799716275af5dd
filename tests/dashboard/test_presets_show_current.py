"""A reviewer at the dashboard sees which of 本月, 上月 and 今年 the figures are for: that button
is marked (aria-current, drawn as the site's current tabs), the others are not. They used to
look alike whichever was in use. Dates typed by hand mark none; a community chosen keeps the
button marked."""

from __future__ import annotations

import re

import pytest

from tests.venues.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def marked(html: str) -> list[str]:
    """The preset buttons' words, each with whether it is marked as the one in use."""
    buttons = re.search(r'<p class="dash-presets">(.*?)</p>', html, re.S).group(1)
    current = 'aria-current="true"'
    return [words + (" ✓" if current in attrs else "") for attrs, words in re.findall(r"<a ([^>]*)>([^<]*)</a>", buttons)]


@pytest.fixture
def staff(client_for, reviewer):
    return client_for(reviewer)


def test_the_first_look_marks_this_month(staff):
    assert marked(staff.get("/staff/").content.decode()) == ["本月 ✓", "上月", "今年"]


@pytest.mark.parametrize(
    ("name", "expected"), [("last_month", ["本月", "上月 ✓", "今年"]), ("this_year", ["本月", "上月", "今年 ✓"])]
)
def test_the_button_pressed_is_marked(staff, name, expected):
    assert marked(staff.get(f"/staff/?preset={name}").content.decode()) == expected


def test_a_community_chosen_keeps_the_button_marked(staff):
    community = CommunityFactory(name="成龙社区")

    html = staff.get(f"/staff/?preset=this_year&community={community.pk}").content.decode()

    assert marked(html) == ["本月", "上月", "今年 ✓"]


def test_dates_typed_by_hand_mark_no_button(staff):
    assert marked(staff.get("/staff/?start=2026-01-03&end=2026-01-20").content.decode()) == ["本月", "上月", "今年"]
