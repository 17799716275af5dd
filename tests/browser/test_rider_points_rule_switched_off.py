"""In a real browser at 360 px: a rider fills in the claim form while the street office switches
off the rule they chose. Sending it, they are told in plain words that it can no longer be
claimed and to choose again (not Django's 选择一个有效的选项： 该选择不在可用的选项中。), and what they
wrote is still there."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from points.models import Claim, Rule
from tests.browser.venue_pages import signed_in_phone
from tests.factories import RiderFactory
from tests.points.factories import RuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_rule_switched_off_meanwhile_is_explained(live_server, browser):
    rider = RiderFactory()
    rule = RuleFactory(name="文明劝导", points=5)
    RuleFactory(name="帮扶困难群众", points=20)
    page = signed_in_phone(browser, live_server, rider, "/points/claims/new/")
    page.locator("select[name=rule]").select_option(str(rule.pk))
    page.locator("#id_description").fill("在路口劝导闯红灯的行人")

    Rule.objects.filter(pk=rule.pk).update(active=False)  # the street office, meanwhile
    page.locator("#submit-claim").click()

    expect(page.locator("#field-rule .errorlist")).to_have_text("这一项现在不能申请了，请重新选择您做了什么。")
    expect(page.locator("#id_description")).to_have_value("在路口劝导闯红灯的行人")
    assert not Claim.objects.exists()
