"""Badges stand apart in the text of every page that shows them (includes/badges.html): a
reviewer copying a row, a screen reader, or a page whose styles did not load reads
张* 微网格员 帮帮龘志愿队, never 微网格员帮帮龘志愿队 run together."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from tests.volunteers.test_badges_in_staff_lists import pages  # noqa: F401 - the staff pages that show a rider
from volunteers import services

pytestmark = pytest.mark.django_db


def text_of(markup: str) -> str:
    """What a reader gets: the tags gone, spaces collapsed as a browser does."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", markup))).strip()


def test_a_riders_badges_are_separated_on_every_staff_page_that_shows_them(pages, rider, street_admin):  # noqa: F811
    services.grid_appoint(
        actor=street_admin, rider=rider, area="成龙路第3网格", appointed_on=date(2026, 3, 1), certificate_number="WG-031"
    )
    services.team_decide(actor=street_admin, membership=services.team_request(rider=rider), accept=True)

    for page, row in pages().items():
        text = text_of(row)
        assert "微网格员 帮帮龘志愿队" in text, page
        assert "微网格员帮帮龘志愿队" not in text, page
        assert f"{rider.masked_name}微网格员" not in text, page  # apart from the name too
