"""A rider chooses English with the switch at the foot of the page before signing in, then signs
in (by password or SMS code) or signs up: the choice becomes the account's, so what the street
office sends them is in English too. Before, the account's language stayed blank, every page was
English and every notice Chinese, and the profile said the pages followed the phone. An account
that has chosen keeps its choice; a phone's own language (Accept-Language) is not a choice and is
not saved (tests/accounts/test_page_language.py)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from friendlystreet.accounts.models import User
from friendlystreet.notifications.models import Notification
from tests.accounts.helpers import last_code
from tests.accounts.test_phone_signup_and_login import SIGNUP, sign_up
from tests.factories import TEST_PASSWORD
from tests.volunteers.factories import ActivityFactory, SignupFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def visitor_who_chose(language: str) -> Client:
    """A visitor on a Chinese phone who picks `language` with the footer's switch (Django's)."""
    visitor = Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    visitor.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert visitor.cookies[COOKIE].value == language
    return visitor


def sign_in_with_password(client: Client, rider) -> None:
    response = client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD}, follow=True)
    assert response.status_code == 200 and "_auth_user_id" in client.session


def sign_in_with_code(client: Client, rider) -> None:
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    client.post("/accounts/login/code/confirm/", {"code": last_code(rider.phone)}, follow=True)
    assert "_auth_user_id" in client.session


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("sign_in", [sign_in_with_password, sign_in_with_code])
def test_a_rider_who_chose_english_before_signing_in_is_told_in_english(rider, other_rider, sign_in):
    assert rider.language == ""
    activity = ActivityFactory(title="Street clean-up", capacity=1)
    SignupFactory(activity=activity, rider=other_rider)  # the one place is taken
    browser = visitor_who_chose("en")

    sign_in(browser, rider)
    browser.post(f"/activities/{activity.pk}/signup/")

    rider.refresh_from_db()
    assert rider.language == "en"
    notice = Notification.objects.get(recipient=rider, kind="volunteers_signup_waitlisted")
    assert notice.title == "On the waitlist: Street clean-up"
    assert notice.body.startswith("“Street clean-up” is full: you are number 1 on the waitlist.")
    said = browser.get("/profile/").content.decode().split('data-testid="profile-language">')[1].split("</dd>")[0]
    assert text_of(said).startswith("English ·")


def test_a_new_rider_who_chose_english_before_signing_up_has_an_english_account(client):
    browser = visitor_who_chose("en")

    sign_up(browser)
    response = browser.post("/accounts/phone/verify/", {"code": last_code("+8613800000099")}, follow=True)

    assert response.status_code == 200 and "_auth_user_id" in browser.session
    assert User.objects.get(phone="+8613800000099").language == "en"
    assert f"Welcome, {SIGNUP['display_name']}!" in response.content.decode()


def test_an_account_that_chose_keeps_its_language_whatever_the_visitor_chose(rider):
    User.objects.filter(pk=rider.pk).update(language="zh-hans")
    browser = visitor_who_chose("en")

    sign_in_with_password(browser, rider)

    rider.refresh_from_db()
    assert rider.language == "zh-hans"
    assert browser.cookies[COOKIE].value == "zh-hans"


def test_a_rider_who_never_chose_reads_on_the_profile_what_follows(client_for, rider):
    said = client_for(rider).get("/profile/").content.decode().split('data-testid="profile-language">')[1]
    assert text_of(said.split("</dd>")[0]).startswith("未选择：页面跟随手机的语言，通知使用中文 ·")
