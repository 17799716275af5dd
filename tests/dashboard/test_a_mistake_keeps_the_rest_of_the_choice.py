"""A street admin follows an old link to one community's figures whose period the page no
longer knows (or whose community was removed since). The page tells what is wrong and keeps
the rest of the choice: the community's figures for this month, as its box still shows that
community; last month's figures for the whole street. Before, either mistake showed this
month for the whole street, while the community box still named the community."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.dashboard.test_period_form_says_what_is_wrong import messages_in
from tests.venues.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_period_keeps_the_community_the_box_shows(client_for, street_admin):
    community = CommunityFactory(name="驿都社区")

    page = client_for(street_admin).get(f"/staff/?preset=last_quarter&community={community.pk}")

    assert messages_in(page.content.decode()) == ["没有这个时间段：下面是本月的数据。请选择时间段。"]
    assert page.context["community_id"] == community.pk
    assert page.context["community_name"] == "驿都社区"
    today = timezone.localdate()
    assert (page.context["period"].start, page.context["period"].end) == (today.replace(day=1), today)


def test_a_removed_community_keeps_the_period_chosen(client_for, street_admin):
    CommunityFactory(name="驿都社区")
    last_day = timezone.localdate().replace(day=1) - timedelta(days=1)

    page = client_for(street_admin).get("/staff/?preset=last_month&community=999")

    assert messages_in(page.content.decode()) == ["没有这个社区。"]
    assert page.context["community_id"] is None
    assert (page.context["period"].start, page.context["period"].end) == (last_day.replace(day=1), last_day)
