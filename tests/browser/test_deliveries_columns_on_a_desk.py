"""A street admin reads the deliveries at 1280 px: the channel, status and attempts columns
were squeezed to a character's width by the message beside them, so their names and values
stood on two lines (渠/道, 短/信, 已发/送). Each column name and each short value stands on one
line; the message wraps instead."""

from __future__ import annotations

import pytest

from friendlystreet.notifications.models import Delivery, Notification
from tests.browser.steps import signed_in_by_cookie, text_lines
from tests.factories import RiderFactory, StreetAdminFactory
from tests.points.test_review_queue_in_browser import a_rider_with_every_badge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 900}


def test_the_short_columns_of_the_deliveries_stand_on_one_line_at_1280_px(live_server, browser):
    # As on the street's page: riders with their badges (党员, 微网格员, the team) and long messages.
    for n, rider in enumerate([a_rider_with_every_badge(), RiderFactory(), RiderFactory()]):
        notice = Notification.objects.create(recipient=rider, kind="welcome", title="积分到账")
        Delivery.objects.create(
            notification=notice,
            channel="sms",
            address=rider.phone,
            text="您因“志愿服务时长 × 1.5 小时 · 大观路共享单车和电动车秩序整理”获得 15 积分。" * (n + 1),
            status="sent",
            attempts=1,
        )
    context = browser.new_context(viewport=DESK, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        signed_in_by_cookie(page, live_server.url, StreetAdminFactory())
        page.goto(f"{live_server.url}/staff/notifications/deliveries/?status=all")

        headers = page.locator("#deliveries thead th")
        names = [n.strip() for n in headers.all_inner_texts() if n.strip()]
        assert names[:5] == ["更新时间", "接收人", "渠道", "状态", "尝试次数"]
        for i, name in enumerate(names):
            assert text_lines(headers.nth(i)) == 1, f"{name} wraps"
        for row in page.get_by_test_id("delivery").all():
            for label in ("更新时间", "渠道", "状态"):
                cell = row.locator(f'td[data-label="{label}"]')
                assert text_lines(cell) == 1, f"{label}: {cell.inner_text()} wraps"
    finally:
        context.close()
