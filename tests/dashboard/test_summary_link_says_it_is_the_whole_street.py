"""A street admin looks at one community's figures on the dashboard and follows the link to
export these days as the monthly summary. The summary is the whole street's, a row per
community, not that community's alone: the link says so while a community is chosen (before,
it read as if it exported what the page showed). Without a community it reads as before."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.test_export_the_month_from_the_dashboard import summary_link
from tests.venues.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def link_text(html: str) -> str:
    return re.search(r'<a [^>]*data-testid="export-summary"[^>]*>([^<]*)</a>', html).group(1)


def test_with_a_community_chosen_the_link_says_every_community_is_exported(client_for, street_admin):
    community = CommunityFactory(name="驿都社区")
    client = client_for(street_admin)

    chinese = client.get(f"/staff/?preset=last_month&community={community.pk}").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(f"/staff/?preset=last_month&community={community.pk}").content.decode()

    assert link_text(chinese) == "导出这段时间的月度汇总（全部社区，每个社区一行）"
    assert link_text(english) == "Export these days as the monthly summary (all communities, one row each)"
    # The file is the same whole-street summary: no community in the address.
    assert "community" not in summary_link(chinese)


def test_for_the_whole_street_the_link_reads_as_before(client_for, street_admin):
    CommunityFactory(name="驿都社区")

    dashboard = client_for(street_admin).get("/staff/?preset=last_month").content.decode()

    assert link_text(dashboard) == "导出这段时间的月度汇总"
