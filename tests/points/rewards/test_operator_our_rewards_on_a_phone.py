"""本店的奖品 on the noodle shop owner's phone (360 px), in Chinese and in English: each reward's
pause and stock fit the row, pausing asks first and says what became of the vouchers, and a
stock refused is said at its reward with what was typed."""

from __future__ import annotations

import pytest

from points.models import Reward
from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import signed_in_phone
from tests.points.rewards.factories import RewardFactory, barbers_counter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("locale", "paused"),
    [("zh-CN", "已暂停兑换"), ("en-GB", "redeeming paused")],
)
def test_the_owner_pauses_and_restocks_on_a_phone(live_server, browser, locale, paused):
    shop, owner, _rider = barbers_counter()
    reward = RewardFactory(venue=shop, title="免费牛肉面一碗", title_en="A free bowl of beef noodles", cost=50, stock=30)
    page = signed_in_phone(browser, live_server, owner, "/redeem/propose/", locale=locale)
    page.wait_for_load_state("load")

    row = page.get_by_test_id("proposal").first
    stock = row.get_by_test_id("stock-form")
    assert stock.bounding_box()["x"] + stock.bounding_box()["width"] <= 360
    assert no_sideways_scroll(page)

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_test_id("pause-reward").click()
    page.wait_for_url("**/redeem/propose/#reward-*")
    page.wait_for_load_state("load")
    assert paused in page.get_by_test_id("proposal").first.get_by_test_id("reward-state").inner_text()
    assert not Reward.objects.get(pk=reward.pk).active

    field = page.locator(f"#stock-{reward.pk}")
    field.evaluate("input => input.removeAttribute('min')")  # as an old browser lets it through
    field.fill("-3")
    page.get_by_test_id("proposal").first.get_by_test_id("save-stock").click()
    page.wait_for_load_state("load")
    said = page.get_by_test_id("stock-error")
    assert said.is_visible() and page.locator(f"#stock-{reward.pk}").input_value() == "-3"
    assert no_sideways_scroll(page)
    assert Reward.objects.get(pk=reward.pk).stock == 30


@pytest.mark.parametrize(("locale", "heading"), [("zh-CN", "本店的奖品"), ("en-GB", "Our rewards")])
def test_the_owner_sees_their_rewards_on_opening_and_a_refused_proposal_at_the_form(live_server, browser, locale, heading):
    shop, owner, _rider = barbers_counter()
    RewardFactory(venue=shop, title="免费牛肉面一碗", title_en="A free bowl of beef noodles", cost=50, stock=30)
    page = signed_in_phone(browser, live_server, owner, "/redeem/propose/", locale=locale)
    page.wait_for_load_state("load")

    # Their reward, its pause and its stock, on the first screen, before any field of the form.
    assert page.locator("h1").inner_text() == heading
    row = page.get_by_test_id("proposal").first
    assert row.get_by_test_id("save-stock").bounding_box()["y"] < 740
    assert row.bounding_box()["y"] < page.locator("#propose-form").bounding_box()["y"]

    # A proposal sent without a title opens at the form, its error in view, below the rewards.
    page.locator("#propose-form").evaluate("form => form.noValidate = true")  # as an old browser sends it
    page.locator("#propose").click()
    page.wait_for_load_state("load")
    error = page.locator("#propose-form .errorlist").first
    top = page.evaluate("window.scrollY")
    assert error.is_visible() and top > 0
    assert top <= error.bounding_box()["y"] + top < top + 740
    assert no_sideways_scroll(page)
