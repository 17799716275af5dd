"""In a real browser on a 360 px phone: a street admin opens an account for the barber's new
colleague from 用户与角色. The first try forgets the venue and mistypes the number: both are said
at once; then the account is made, the page says an SMS tells the colleague how to sign in, and
no page scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from friendlystreet.accounts.models import User
from friendlystreet.sms.models import OutboxMessage
from tests.browser.steps import no_sideways_scroll, sign_in
from tests.browser.venue_pages import phone
from tests.factories import StreetAdminFactory
from tests.venues.factories import VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_street_admin_opens_an_account_for_the_barbers_colleague_on_a_phone(live_server, browser):
    venue = VenueFactory(name="成龙路暖心理发店")
    page = phone(browser)
    sign_in(page, live_server.url, StreetAdminFactory().username)

    page.goto(f"{live_server.url}/staff/users/")
    expect(page.locator("#where-accounts-come-from")).to_contain_text("骑手用手机号自行注册")
    assert no_sideways_scroll(page)
    page.get_by_role("link", name="为同事或合作商户新建账号").click()
    expect(page.get_by_role("heading", name="为同事或合作商户新建账号")).to_be_visible()
    expect(page.locator("#how-they-sign-in")).to_contain_text("这里不设置密码")
    assert page.locator('input[type="password"]').count() == 0
    assert no_sideways_scroll(page)

    page.get_by_label("姓名").fill("王小剪")
    page.get_by_label("手机号").fill("1391234567")  # one digit short
    page.get_by_label("合作商户").check()
    page.get_by_role("button", name="开通账号并发送短信").click()

    expect(page.locator("#field-phone .errorlist")).to_contain_text("请输入中国大陆手机号")
    expect(page.locator("#field-venues .errorlist")).to_contain_text("请选择此合作商户核销兑换券的场所")
    expect(page.get_by_label("姓名")).to_have_value("王小剪")  # what was typed stays
    assert no_sideways_scroll(page)
    assert not User.objects.filter(display_name="王小剪").exists()

    page.get_by_label("手机号").fill("139 1234 5678")
    page.get_by_label("成龙路暖心理发店").check()
    page.get_by_role("button", name="开通账号并发送短信").click()

    expect(page.get_by_text("已为王小剪开通账号。短信已告知其用手机号 139 1234 5678 接收验证码登录，无需密码。")).to_be_visible()
    expect(page.locator('[data-testid="roles"]')).to_contain_text("合作商户")
    expect(page.locator('[data-testid="operated-venue"]')).to_contain_text("成龙路暖心理发店")
    assert no_sideways_scroll(page)
    colleague = User.objects.get(phone="+8613912345678")
    assert list(colleague.operated_venues.all()) == [venue]
    assert "/accounts/login/code/" in OutboxMessage.objects.get(phone="+8613912345678").text
