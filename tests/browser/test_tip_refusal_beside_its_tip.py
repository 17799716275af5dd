"""In Chromium on a 360 px phone (desk review #6): a reviewer presses 驳回 on the third of three
waiting tips with only spaces for a reason (the browser's `required` lets them through). The
page comes back on that tip: the reason box marked, focused and in view, why beside it, said
once (no banner at the top naming no tip); the other tips' boxes are not marked. Typing a
reason then rejects it. Screenshots go to $SCREENSHOT_DIR when set."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import screenshot, signed_in_phone
from tests.factories import ReviewerFactory, RiderFactory
from tests.venues.factories import CompoundFactory, TipFactory
from venues.models import TipStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_REASON = "请说明理由，帮助骑手写出更好的贴士。"


def test_a_reason_left_blank_is_said_beside_its_tip_with_the_focus_on_its_box(live_server, browser, tmp_path):
    author = RiderFactory(display_name="杨小骑")
    tips = [
        TipFactory(compound=CompoundFactory(name=name), author=author, text=text)
        for name, text in [
            ("成龙锦苑", "晚上9点后西门只出不进，送3栋、5栋的单从北门进，保安会帮忙开门。"),
            ("东方花园", "地下车库入口限高2米，电动车请停南门西侧车棚再步行送上楼。"),
            ("锦绣小区", "2号门快递柜旁可以临时停车，别挡消防通道。"),
        ]
    ]
    third = tips[-1]
    page = signed_in_phone(browser, live_server, ReviewerFactory(), "/staff/venues/tips/")

    card = page.locator(f'[data-tip-id="{third.pk}"]')
    card.get_by_label("理由").fill("   ")
    card.get_by_test_id("reject").click()

    reason = page.locator(f"#reason-{third.pk}")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(card.locator(".errorlist")).to_have_text(NO_REASON)
    expect(reason).to_be_focused()
    expect(reason).to_be_in_viewport()
    expect(reason).to_have_value("   ")
    expect(page.locator(".messages, .msg")).to_have_count(0)  # said once, by the box
    for other in tips[:-1]:
        expect(page.locator(f"#reason-{other.pk}")).not_to_have_attribute("aria-invalid", "true")
    assert no_sideways_scroll(page)
    screenshot(page, tmp_path, "tip-reject-no-reason-360.png")
    third.refresh_from_db()
    assert third.status == TipStatus.PENDING

    reason.fill("与小区指南重复")
    card.get_by_test_id("reject").click()
    expect(page.locator(".messages, .msg").first).to_contain_text("贴士已驳回")
    third.refresh_from_db()
    assert (third.status, third.reject_reason) == (TipStatus.REJECTED, "与小区指南重复")
