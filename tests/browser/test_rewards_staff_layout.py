"""A street admin on a 360 px phone works through the rewards catalogue and the earning rules
(staff-content #8): the rewards table's seven columns had been squeezed to a character or two
each (洗/剪/吹, 兑/换/券 one per line) with 上架 / 理由 / 驳回 cramped in the last. Now each
reward is a card: the title on a line or two, each figure after its column's name on one
line, the actions below with room to type a reason; the page never scrolls sideways. The
admin declines a proposal and switches a reward off there, as they would. The rules list is
cards too; at 1280 px both stay tables.

Screenshots go to $SCREENSHOT_DIR when it is set, else to the test's temporary directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from points.models import Reward
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import PartnerFactory, StreetAdminFactory
from tests.points.factories import RuleFactory
from tests.points.rewards.factories import RewardFactory
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def lines(page: Page, selector: str) -> list[list]:
    """[text, lines it takes] of each element the selector finds."""
    found = page.locator(selector)
    expect(found.first).to_be_attached()
    return found.evaluate_all(
        """els => els.map(el => {
             const range = document.createRange();
             range.selectNodeContents(el);
             const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
             return [el.textContent.trim(), tops.size];
           })"""
    )


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.fixture
def catalogue(db):
    barber = VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT)
    clinic = VenueFactory(name="成龙路社区卫生服务中心", kind=VenueKind.HOSPITAL)
    merchant = PartnerFactory(display_name="王师傅")
    barber.operators.add(merchant)
    proposal = RewardFactory(
        venue=barber, title="洗剪吹8折券（工作日）", cost=30, stock=20, active=False, published_at=None, proposed_by=merchant
    )
    draft = RewardFactory(venue=clinic, title="夏季关爱包", cost=60, stock=50, active=False, published_at=None)
    published = RewardFactory(venue=barber, title="免费快剪一次", cost=80, stock=99999, per_rider_monthly_limit=1)
    return {"proposal": proposal, "draft": draft, "published": published}


def test_an_admin_on_a_phone_reads_and_works_the_rewards_list(live_server, page: Page, catalogue, tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    admin = StreetAdminFactory(display_name="街道管理员")
    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, live_server.url, admin.username)

    page.goto(f"{live_server.url}/staff/rewards/")
    page.screenshot(path=str(folder / "rewards_staff_360.png"), full_page=True)
    assert no_sideways_scroll(page)

    rows = page.get_by_test_id("reward-row")
    expect(rows).to_have_count(3)
    for i in range(3):
        card = rows.nth(i).bounding_box()
        assert card["width"] >= 300 and card["x"] >= 0 and card["x"] + card["width"] <= 360
    # The title on a line or two, never a character a line.
    for title, n in lines(page, ".staff-rewards td.reward-title a"):
        assert n <= 2, (title, n)
    # Each figure after its name, on one line (成本 30, 库存 99999, …).
    for text, n in lines(page, ".staff-rewards td.num"):
        assert n == 1, (text, n)
    # The proposal's reason has room to be typed, and its buttons are thumb-sized.
    proposal = page.locator(f'[data-reward-id="{catalogue["proposal"].pk}"]')
    reason = proposal.locator("input[name=reason]")
    assert reason.bounding_box()["width"] >= 150
    for button in (proposal.get_by_test_id("publish"), proposal.get_by_test_id("decline")):
        b = button.bounding_box()
        assert b["height"] >= 44 and b["x"] + b["width"] <= 360
    draft = page.locator(f'[data-reward-id="{catalogue["draft"].pk}"]')
    expect(draft.get_by_test_id("reward-status")).to_have_text("未上架（草稿）")
    expect(draft.get_by_test_id("delete")).to_be_visible()

    # Declining the proposal, at 360 px.
    reason.fill("请写明适用的服务项目")
    proposal.get_by_test_id("decline").click()
    expect(page.locator("ul.messages")).to_contain_text("已驳回")
    assert not Reward.objects.filter(pk=catalogue["proposal"].pk).exists()

    # Switching the published reward off, from its card (the page asks first).
    page.goto(f"{live_server.url}/staff/rewards/")
    published = page.locator(f'[data-reward-id="{catalogue["published"].pk}"]')
    page.once("dialog", lambda dialog: dialog.accept())
    published.get_by_test_id("switch-off").click()
    published = page.locator(f'[data-reward-id="{catalogue["published"].pk}"]')
    expect(published.get_by_test_id("reward-status")).to_have_text("已下架")
    assert not Reward.objects.get(pk=catalogue["published"].pk).active
    page.screenshot(path=str(folder / "rewards_staff_360_after.png"), full_page=True)


def test_the_rewards_list_is_a_table_on_a_desk(live_server, page: Page, catalogue, tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    admin = StreetAdminFactory()
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, admin.username)
    page.goto(f"{live_server.url}/staff/rewards/")
    page.screenshot(path=str(folder / "rewards_staff_1280.png"), full_page=True)

    expect(page.locator(".staff-rewards thead th").first).to_be_visible()
    assert no_sideways_scroll(page, 1280)
    for text, n in lines(page, ".staff-rewards thead th"):
        assert n == 1, (text, n)


def test_an_admin_on_a_phone_reads_the_rules(live_server, page: Page, tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    RuleFactory(name="文明劝导", points=5, max_per_day=20, max_per_month=100)
    RuleFactory(name="志愿服务时长", points=10, unit="hour", max_per_day=40)
    admin = StreetAdminFactory()
    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, live_server.url, admin.username)

    page.goto(f"{live_server.url}/staff/rules/")
    page.screenshot(path=str(folder / "rules_staff_360.png"), full_page=True)

    assert no_sideways_scroll(page)
    rows = page.get_by_test_id("rule-row")
    for i in range(rows.count()):
        assert rows.nth(i).bounding_box()["width"] >= 300
    for text, n in lines(page, ".staff-rules td.num"):
        assert n == 1, (text, n)
    for text, n in lines(page, ".staff-rules td.rule-name a"):
        assert n == 1, (text, n)
