"""A street admin follows an old link to the dashboard whose period (?preset=) the page no longer
knows. The page says so beside the period buttons, in the page's language, and shows this
month's figures; before, it showed this month without a word, as if the link had asked for it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.dashboard.test_period_form_says_what_is_wrong import messages_in

pytestmark = pytest.mark.django_db


def test_an_unknown_period_is_told_and_the_figures_are_this_months(client_for, street_admin):
    page = client_for(street_admin).get("/staff/?preset=last_quarter")

    assert page.status_code == 200
    html = page.content.decode()
    assert messages_in(html) == ["没有这个时间段：下面是本月的数据。请选择时间段。"]
    # Beside the period buttons, before the date boxes.
    assert html.index('id="id_preset_error"') < html.index('name="start"')
    today = timezone.localdate()
    assert (page.context["period"].start, page.context["period"].end) == (today.replace(day=1), today)


def test_an_unknown_period_is_told_in_english(client_for, street_admin):
    client = client_for(street_admin)
    client.cookies["django_language"] = "en"

    html = client.get("/staff/?preset=last_quarter").content.decode()

    assert messages_in(html) == ["No such period: the figures below are for this month. Choose a period."]
