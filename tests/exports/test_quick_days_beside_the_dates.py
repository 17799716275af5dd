"""A street admin choosing last month's days for an export finds 本月 and 上月 right under the two
dates they fill, not below the choice of unmasking riders' names (which only staff allowed
to see personal data have); before, the quick choices came last, after that select."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def order_in_form(html: str) -> list[str]:
    """The form's controls and the quick choices, in the order the page shows them."""
    start = html.index('<form method="post" id="export-form"')
    form = html[start : html.index("</form>", start)]
    found = re.finditer(r'<(?:input|select)[^>]*name="(kind|format|start|end|reason)"|(id="export-presets")', form)
    return [m.group(1) or "quick choices" for m in found]


def test_the_quick_choices_follow_the_dates_before_the_unmasking_choice(client_for, street_admin):
    html = client_for(street_admin).get("/staff/exports/").content.decode()

    assert order_in_form(html) == ["kind", "format", "start", "end", "quick choices", "reason"]


def test_the_quick_choices_follow_the_dates_for_staff_never_asked_about_unmasking(client_for, reviewer):
    html = client_for(reviewer).get("/staff/exports/").content.decode()

    assert order_in_form(html) == ["kind", "format", "start", "end", "quick choices"]
