"""A street admin reads the partners' table on a 360 px phone: each venue is a card (site.css
table.cards) with its whole name on a line and each figure after its column's name. As a
four-column table it squeezed a venue's name into one or two characters a line."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from points.rewards import services
from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.factories import PartnerFactory, RiderFactory, StreetAdminFactory
from tests.points.rewards.factories import RewardFactory, give_points, issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_venue_of_the_partners_table_is_a_card_on_a_phone(live_server, browser):
    reward = RewardFactory(venue__name="成龙路街道暖新理发店（万科城市花园店）", venue__plaque_number="CLL-NX-2024-005")
    operator = PartnerFactory()
    reward.venue.operators.add(operator)
    rider = RiderFactory()
    give_points(rider, 100)
    services.voucher_confirm(operator=operator, code=issue(rider, reward).code)

    page = signed_in_phone(browser, live_server, StreetAdminFactory(), "/staff/")
    partners = page.get_by_test_id("partners")
    name = partners.locator("tbody th").first
    expect(name).to_have_text("成龙路街道暖新理发店（万科城市花园店）")
    name.scroll_into_view_if_needed()

    assert name.bounding_box()["width"] > 250  # the card's width, not a squeezed column
    used = partners.locator("tbody td.num").first
    assert used.evaluate("td => getComputedStyle(td, '::before').content") == '"已使用兑换券"'
    assert no_sideways_scroll(page)
