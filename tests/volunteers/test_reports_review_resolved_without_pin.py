"""A rider who could not put a pin on the map reports a problem by its address (成龙路168号门口):
once resolved it was missing from the public page of resolved problems, which read only pinned
reports, so a resident never learnt it was solved and the community's count was short. Now it is
in the table (and counted by community), not on the map, which has no place for it. Its address
is not shown, as no report's is."""

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


def resolved(rider, reviewer, *, community=None, category="sanitation", **place) -> Report:
    report = report_submit(rider=rider, category=category, description="垃圾堆了三天没人清", community=community, **place).report
    report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED)
    return report_transition(actor=reviewer, report=report, status=Report.Status.RESOLVED, note="已清运")


def table_rows(html: str) -> list[str]:
    return re.findall(r'<tr data-testid="resolved">(.*?)</tr>', html, re.S)


def markers(html: str) -> list[dict]:
    return json.loads(re.search(r'<script id="resolved-markers" type="application/json">(.*?)</script>', html).group(1))


def test_a_problem_reported_by_address_is_in_the_table_not_on_the_map(client, rider, reviewer):
    jinhua = CommunityFactory(name="锦华社区")
    resolved(rider, reviewer, community=jinhua, lat=30.615, lng=104.115)
    resolved(rider, reviewer, community=jinhua, category="public_facility", address="成龙路168号门口")

    html = client.get(RESOLVED).content.decode()

    rows = table_rows(html)
    assert len(rows) == 2
    assert any("公共设施" in row and "锦华社区" in row for row in rows)
    assert len(markers(html)) == 1  # the pinned one only
    assert all(m["lat"] is not None for m in markers(html))
    assert "锦华社区 (2)" in html  # counted in its community
    assert "成龙路168号" not in html  # the address stays the street office's


def test_with_only_problems_reported_by_address_the_table_stands_without_a_map(client, rider, reviewer):
    resolved(rider, reviewer, address="成龙路168号门口")

    html = client.get(RESOLVED).content.decode()

    assert len(table_rows(html)) == 1
    assert 'id="report-map"' not in html and "leaflet.js" not in html  # no empty map
    assert 'id="none-resolved"' not in html
