"""The public list of resolved problems, by community: a resident of 锦华社区 (anonymous) reads
what was solved in their community, the map and the table both, instead of scanning every row
of the street for the name. Each community with resolved problems is a choice with how many;
its pages keep the choice; a number that is no such community shows them all."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from tests.venues.factories import CommunityFactory
from volunteers.models import Report
from volunteers.reports.services import report_submit, report_transition

pytestmark = pytest.mark.django_db

RESOLVED = reverse("volunteers:report_map")


def resolved(rider, reviewer, *, at, community=None, category="sanitation") -> Report:
    report = report_submit(
        rider=rider, category=category, description="垃圾堆了三天没人清", lat=at[0], lng=at[1], community=community
    ).report
    report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED)
    return report_transition(actor=reviewer, report=report, status=Report.Status.RESOLVED, note="已清运")


def table_rows(html: str) -> list[str]:
    return re.findall(r'<tr data-testid="resolved">(.*?)</tr>', html, re.S)


def markers(html: str) -> list[dict]:
    return json.loads(re.search(r'<script id="resolved-markers" type="application/json">(.*?)</script>', html).group(1))


def test_a_resident_reads_what_was_resolved_in_their_community(rider, reviewer, client):
    jinhua, yidu = CommunityFactory(name="锦华社区"), CommunityFactory(name="驿都社区")
    resolved(rider, reviewer, at=(30.615, 104.115), community=jinhua)
    resolved(rider, reviewer, at=(30.616, 104.116), community=jinhua, category="public_facility")
    resolved(rider, reviewer, at=(30.620, 104.120), community=yidu)
    resolved(rider, reviewer, at=(30.630, 104.130))  # the reporter was not sure of the community

    everything = client.get(RESOLVED).content.decode()
    assert "全部社区 (4)" in everything
    assert "锦华社区 (2)" in everything and "驿都社区 (1)" in everything
    assert len(table_rows(everything)) == 4

    html = client.get(RESOLVED, {"community": jinhua.pk}).content.decode()

    rows = table_rows(html)
    assert len(rows) == 2 and all("锦华社区" in row for row in rows)
    assert len(markers(html)) == 2  # the map too
    chosen = re.search(r'<a [^>]*aria-current="page"[^>]*>(.*?)</a>', html).group(1)
    assert chosen == "锦华社区 (2)"
    assert f'href="{RESOLVED}"' in html  # the way back to all of them


def test_the_pages_of_one_community_keep_it(rider, reviewer, client):
    from tests.factories import RiderFactory

    jinhua = CommunityFactory(name="锦华社区")
    for i in range(51):
        resolved(RiderFactory(), reviewer, at=(30.6 + i / 1000, 104.1), community=jinhua)
    resolved(rider, reviewer, at=(30.7, 104.2))

    first = client.get(RESOLVED, {"community": jinhua.pk}).content.decode()

    assert f"?community={jinhua.pk}&amp;page=2" in first
    second = client.get(RESOLVED, {"community": jinhua.pk, "page": 2}).content.decode()
    assert len(table_rows(second)) == 1 and "锦华社区" in table_rows(second)[0]


@pytest.mark.parametrize("community", ["999999", "abc", "-1"])
def test_a_community_that_is_not_a_choice_shows_everything(rider, reviewer, client, community):
    resolved(rider, reviewer, at=(30.615, 104.115), community=CommunityFactory(name="锦华社区"))
    resolved(rider, reviewer, at=(30.630, 104.130))

    response = client.get(RESOLVED, {"community": community})

    assert response.status_code == 200
    assert len(table_rows(response.content.decode())) == 2


def test_english(rider, reviewer, client):
    jinhua = CommunityFactory(name="锦华社区")
    resolved(rider, reviewer, at=(30.615, 104.115), community=jinhua)

    html = client.get(RESOLVED, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "All communities (1)" in html and 'aria-label="Resolved problems by community"' in html
