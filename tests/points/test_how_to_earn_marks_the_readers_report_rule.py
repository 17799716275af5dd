"""如何赚积分 lists 治理线索被采纳 · 每次 20 积分 and 微网格员治理线索被采纳 · 每次 30 积分 side by
side; a rider who is not a micro-grid member expected 30 for their report. Now the micro-grid
rule says 仅限微网格员。, and a signed-in rider reads 您按此规则计分。 under the rule their
accepted report pays by: the choice the payout makes (volunteers.reports.selectors.
acceptance_rule), so the page and the payout agree, the micro-grid rule switched off too."""

from __future__ import annotations

import re
from datetime import date

import pytest

from points.models import Rule
from volunteers.models import GridAppointment

pytestmark = pytest.mark.django_db

PAGE = "/points/how-to-earn/"


def rule_text(html: str, code: str) -> str:
    """The words of the rule's item on the page."""
    rule = Rule.objects.get(code=code)
    start = html.index(f'data-rule-id="{rule.pk}"')
    return " ".join(re.sub(r"<[^>]+>", " ", html[start : html.index("</li>", start)]).split())


def page(client) -> tuple[str, str]:
    """What the ordinary and the micro-grid report rules say to this reader."""
    html = client.get(PAGE).content.decode()
    return rule_text(html, Rule.REPORT_ACCEPTED), rule_text(html, Rule.REPORT_ACCEPTED_GRID)


def appoint(rider) -> None:
    GridAppointment.objects.create(rider=rider, area="成龙路第3网格", appointed_on=date(2026, 1, 5), certificate_number="WG-9")


def test_a_rider_who_is_not_a_micro_grid_member_sees_which_rule_is_theirs(client_for, rider):
    ordinary, grid = page(client_for(rider))

    assert "您按此规则计分。" in ordinary and "每次 20 积分" in ordinary
    assert "仅限微网格员。" in grid and "您按此规则计分" not in grid


def test_a_micro_grid_member_sees_their_own_rule_marked(client_for, rider):
    appoint(rider)

    ordinary, grid = page(client_for(rider))

    assert "您按此规则计分。" in grid and "每次 30 积分" in grid
    assert "您按此规则计分" not in ordinary


def test_each_reader_gets_their_own_marks_from_the_cached_page(client, client_for, rider, other_rider):
    """The rule list is kept rendered; a member after a rider, and a visitor after both, each
    read their own."""
    appoint(other_rider)

    assert "您按此规则计分" in page(client_for(rider))[0]
    assert "您按此规则计分" in page(client_for(other_rider))[1]
    visitor = page(client)
    assert "您按此规则计分" not in " ".join(visitor)
    assert "仅限微网格员。" in visitor[1]


def test_with_the_micro_grid_rule_switched_off_a_member_is_paid_by_the_ordinary_one(client_for, rider):
    appoint(rider)
    Rule.objects.filter(code=Rule.REPORT_ACCEPTED_GRID).update(active=False)

    html = client_for(rider).get(PAGE).content.decode()

    assert "您按此规则计分。" in rule_text(html, Rule.REPORT_ACCEPTED)


def test_in_english(client_for, rider):
    client = client_for(rider)
    client.cookies["django_language"] = "en"

    ordinary, grid = page(client)

    assert "This is the rule you are paid by." in ordinary
    assert "Micro-grid members only." in grid
