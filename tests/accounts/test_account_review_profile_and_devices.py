"""A rider finds their account's security on 我的资料 and reads where they are signed in
(accounts review #6, #12), and the language they chose stays chosen (#17)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

CHROME_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
WECHAT_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
    "MicroMessenger/8.0.49(0x18003129) NetType/WIFI Language/zh_CN"
)
# allauth keeps 200 characters of the string: WeChat's mark, late in this one, is cut off, and
# the page names the browser inside it (which it is).
WECHAT_ON_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; 23127PN0CC Build/UKQ1.230804.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/118.0.0.0 Mobile Safari/537.36 XWEB/1180075 MMWEBSDK/20240404 MicroMessenger/8.0.49.2600"
)
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
EDGE_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36 Edg/131.0.0.0"
)


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def browser_signed_in(rider, user_agent: str) -> Client:
    browser = Client(HTTP_USER_AGENT=user_agent)
    assert browser.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD}).status_code == 302
    return browser


# --- #6: 账号与安全 on 我的资料 ---------------------------------------------------------------


def test_the_profile_has_an_account_and_security_card_with_every_way_in(client_for, rider):
    page = html_of(client_for(rider).get("/profile/"))

    card = re.search(r'<section class="card" id="account-security">(.*?)</section>', page, re.S).group(1)
    assert "账号与安全" in card
    links = dict(re.findall(r'<a href="([^"]+)" id="security-[a-z]+">(.*?)</a>', card, re.S))
    assert "手机号" in links["/accounts/phone/change/"] and rider.masked_phone in links["/accounts/phone/change/"]
    assert "修改" in links["/accounts/phone/change/"]
    assert "密码" in links["/accounts/password/change/"] and "修改" in links["/accounts/password/change/"]
    assert "登录设备" in links["/accounts/sessions/"] and "退出其他设备" in links["/accounts/sessions/"]
    assert "通知设置" in links["/notifications/settings/"]
    # Each page it leads to opens for the rider.
    for address in links:
        assert client_for(rider).get(address).status_code == 200


def test_staff_find_the_same_card(client_for, reviewer):
    assert 'id="account-security"' in html_of(client_for(reviewer).get("/profile/"))


# --- #12: 登录设备 ------------------------------------------------------------------------------


def test_the_devices_page_names_each_browser_and_signs_out_the_others(rider):
    phone = browser_signed_in(rider, WECHAT_ON_IPHONE)
    computer = browser_signed_in(rider, CHROME_ON_LINUX)

    page = html_of(computer.get("/accounts/sessions/"))

    assert "<h1>登录设备</h1>" in page
    assert "Chrome · Linux" in page and "微信 · iPhone" in page
    assert "Mozilla/5.0" not in re.sub(r'title="[^"]*"', "", page)  # the whole string only on hover
    assert "本设备" in page
    button = re.search(r'<button[^>]*id="sign-out-others"[^>]*>(.*?)</button>', page, re.S).group(1)
    assert button.strip() == "退出其他设备"
    assert "注销" not in page and "会话" not in page

    done = computer.post("/accounts/sessions/", follow=True)

    assert "已退出其他设备。" in html_of(done)
    assert phone.get("/profile/").status_code == 302  # the phone is signed out
    alone = html_of(computer.get("/accounts/sessions/"))
    assert re.search(r'<button[^>]*id="sign-out"[^>]*>\s*退出\s*</button>', alone)


@pytest.mark.parametrize(
    "agent, shown",
    [
        (SAFARI_ON_IPHONE, "Safari · iPhone"),
        (EDGE_ON_WINDOWS, "Edge · Windows"),
        (WECHAT_ON_ANDROID, "Chrome · Android"),
        ("curl/8.5.0", "未知设备"),
    ],
)
def test_other_browsers_are_named_too(rider, agent, shown):
    assert shown in html_of(browser_signed_in(rider, agent).get("/accounts/sessions/"))


# --- #17: the page language is remembered --------------------------------------------------


def test_the_chosen_language_outlives_the_browser_session(client_for, rider):
    response = client_for(rider).post("/notifications/language/", {"language": "en", "next": "/profile/"})

    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60


def test_a_visitor_choice_is_remembered_as_long(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert int(response.cookies["django_language"]["max-age"]) == 365 * 24 * 60 * 60


def test_the_device_in_hand_is_listed_first_then_the_newest(rider):
    browser_signed_in(rider, WECHAT_ON_IPHONE)
    browser_signed_in(rider, EDGE_ON_WINDOWS)
    phone_in_hand = browser_signed_in(rider, SAFARI_ON_IPHONE)  # the newest: first either way
    browser_signed_in(rider, WECHAT_ON_ANDROID)
    page = html_of(phone_in_hand.get("/accounts/sessions/"))
    shown = re.findall(r'<span class="user-agent"[^>]*>([^<]*)</span>', page)
    assert shown == ["Safari · iPhone", "Chrome · Android", "Edge · Windows", "微信 · iPhone"]
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", page, re.S).group(1)
    assert "本设备" in first_row
