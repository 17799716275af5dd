"""Staff switched both report rules off (accepted reports pay nothing, volunteers/apps.py says so
on the rules page), yet the report form's intro still said 线索被受理后发放积分。 / Points are paid
when your report is accepted., on the ordinary form and on the one opened from a venue's page. The
intro now says what to report; what an accepted report pays is said on its own line, only when a
rule pays it (reports.selectors.acceptance_rule, the choice the payout makes)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from points.models import Rule
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db

NEW = reverse("volunteers:report_new")


def intro_and_earns(html: str) -> str:
    """What the page says between its heading and the form, as text."""
    between = re.search(r"</h1>(.*?)<form ", html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", between).split())


def switch_off_both_report_rules() -> None:
    Rule.objects.filter(code__in=[Rule.REPORT_ACCEPTED, Rule.REPORT_ACCEPTED_GRID]).update(active=False)


@pytest.fixture
def station(db):
    return VenueFactory(name="成龙路暖新驿站", address="成龙大道二段 88 号")


def test_with_both_report_rules_off_the_form_promises_no_points(rider, client_for, station):
    switch_off_both_report_rules()
    client = client_for(rider)

    assert intro_and_earns(client.get(NEW).content.decode()) == (
        "井盖破损、消防通道被堵、垃圾堆积、路口危险：告诉街道在哪里、看到了什么。"
    )
    from_the_venue = intro_and_earns(client.get(f"{NEW}?venue={station.pk}").content.decode())
    assert from_the_venue.endswith("营业时间内没开门、营业时间不对、设施没有了，或者已经搬走了：告诉街道哪里和页面上写的不一样。")
    assert "积分" not in from_the_venue


def test_in_english(rider, client_for, station):
    switch_off_both_report_rules()
    client = client_for(rider)
    client.cookies["django_language"] = "en"

    for url in (NEW, f"{NEW}?venue={station.pk}"):
        said = intro_and_earns(client.get(url).content.decode())
        assert "oints" not in said, said


def test_while_a_rule_pays_the_amount_is_said_once(rider, client_for):
    said = intro_and_earns(client_for(rider).get(NEW).content.decode())

    assert said == "井盖破损、消防通道被堵、垃圾堆积、路口危险：告诉街道在哪里、看到了什么。 受理后可得 20 积分。"
