"""The barber reconciles an earlier month on his redemption history, on a phone and at a desk
(1280 px). This month nothing was redeemed yet: the page offered "Download CSV" all the same,
a file of headings alone; now it offers nothing to download there, only its line "no vouchers
used in this period". And at 1280 px the month select's "Show" button stretched to half the
page; it is now a button's width beside the select, as on the phone."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from friendlystreet.days import local_zone
from points.models import Voucher
from points.rewards import services
from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import folder_for, signed_in_phone
from tests.points.rewards.factories import RewardFactory, barbers_counter, issue
from tests.points.rewards.test_history_any_month import months_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("locale", "show", "nothing", "download"),
    [
        ("zh-CN", "显示", "这段时间没有核销记录。", "下载表格（CSV）"),
        ("en-GB", "Show", "No vouchers used in this period.", "Download CSV"),
    ],
)
@pytest.mark.parametrize("width", [360, 1280])
def test_the_barber_downloads_only_a_month_with_redemptions_and_shows_it_with_a_button_sized_button(
    live_server, browser, tmp_path, locale, show, nothing, download, width
):
    shop, barber, rider = barbers_counter()
    voucher = issue(rider, RewardFactory(venue=shop, title="免费快剪一次", title_en="A free quick haircut", cost=30))
    services.voucher_confirm(operator=barber, code=voucher.code)
    month = months_ago(2)
    Voucher.objects.filter(pk=voucher.pk).update(redeemed_at=datetime.combine(month, time(12), tzinfo=local_zone()))

    page = signed_in_phone(
        browser, live_server, barber, "/redeem/history/?period=month", locale=locale, viewport={"width": width, "height": 800}
    )
    page.wait_for_load_state("load")

    # This month: nothing used, nothing to download.
    assert page.get_by_text(nothing).is_visible()
    assert page.get_by_role("link", name=download).count() == 0

    # The month select and its button on one line, the button no wider than its word needs.
    form = page.get_by_test_id("month-form")
    select, button = form.locator("select"), form.get_by_role("button", name=show)
    assert button.bounding_box()["width"] < 160
    assert abs(button.bounding_box()["y"] - select.bounding_box()["y"]) < 10
    assert no_sideways_scroll(page, width)

    select.select_option(month.strftime("%Y-%m"))
    button.click()
    page.wait_for_load_state("load")
    assert page.get_by_test_id("redemption").count() == 1
    page.screenshot(path=folder_for(tmp_path) / f"history-month-{locale}-{width}.png", full_page=True)
    with page.expect_download() as got:
        page.get_by_role("link", name=download).click()
    rows = got.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 2
