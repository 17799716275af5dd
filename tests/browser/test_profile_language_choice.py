"""我的资料 said the account's language but could not change it: it sent the rider to the foot of
the page, below seven long sections (rider review, finding 7). Now, on a 360 px phone, the rider
chooses it in the profile's language row: it is saved to the account (the language of their
notifications and SMS, and of the pages wherever they sign in) and the profile is shown in it at
once, saying so."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from friendlystreet.accounts.models import User
from friendlystreet.notifications.services import recipient_language
from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import RiderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
HEIGHT = "el => el.getBoundingClientRect().height"


def test_a_rider_chooses_english_on_the_profile_and_back_again(live_server, browser):
    rider = RiderFactory()
    page = browser.new_context(**PHONE).new_page()
    signed_in_by_cookie(page, live_server.url, rider)
    page.goto(f"{live_server.url}/profile/")
    row = page.get_by_test_id("profile-language")
    expect(row).to_contain_text("未选择：页面跟随手机的语言，通知使用中文")
    expect(row).not_to_contain_text("页面底部")
    choices = row.get_by_role("button")
    expect(choices).to_have_text(["简体中文", "English"])  # not chosen yet: both offered
    assert all(height >= 44 for height in choices.evaluate_all(f"els => els.map({HEIGHT})"))
    assert no_sideways_scroll(page)

    row.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/profile/")
    expect(page.locator(".messages")).to_contain_text(
        "Saved to your account: English wherever you sign in, and for your notifications and SMS."
    )
    expect(row).to_contain_text("English · It applies wherever you sign in, and to your notifications and SMS.")
    expect(row.get_by_role("button")).to_have_text(["简体中文"])
    assert User.objects.get(pk=rider.pk).language == "en"
    assert recipient_language(User.objects.get(pk=rider.pk)) == "en"
    assert no_sideways_scroll(page)

    row.get_by_role("button", name="简体中文").click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(row).to_contain_text("简体中文 · 在任何设备登录后都会使用，通知和短信也使用这种语言。")
    expect(row.get_by_role("button")).to_have_text(["English"])
    assert User.objects.get(pk=rider.pk).language == "zh-hans"
