"""A rider checks where they are signed in (two phones, say) on a 360 px phone, in English: the list of
sessions fits the screen however long the browsers' descriptions are."""

from __future__ import annotations

import pytest

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# An Android phone's browser, as long as they come.
LONG_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; 23127PN0CC Build/UKQ1.230804.001; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/118.0.0.0 Mobile Safari/537.36 XWEB/1180075 MMWEBSDK/20240404 "
    "MMWEBID/6789 MicroMessenger/8.0.49.2600(0x28003133)WeChat/arm64Weixin/NetType/4G_Language/zh_CN_ABI/arm64"
)


def test_the_sessions_list_fits_a_phone(live_server, browser):
    rider = RiderFactory()
    other_phone = browser.new_context(viewport={"width": 360, "height": 740}, user_agent=LONG_AGENT).new_page()
    sign_in(other_phone, live_server.url, rider.phone[3:])
    page = browser.new_context(viewport={"width": 360, "height": 740}, user_agent=LONG_AGENT, locale="en-US").new_page()
    sign_in(page, live_server.url, rider.phone[3:])

    page.goto(f"{live_server.url}/accounts/sessions/")

    assert page.locator("main table tbody tr").count() == 2
    assert no_sideways_scroll(page)
    assert page.locator("main form button[type=submit]").is_visible()
