"""The language a rider chooses belongs to their account: chosen with the switch at the foot of
any page while signed in, it comes back wherever they sign in (another phone, a new browser),
by password or by SMS code. An account that never chose leaves each browser its own language.
The profile page, GET /api/v1/me/ and the data download say it."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.conf import settings
from django.test import Client, TestCase

from friendlystreet.accounts.models import User
from friendlystreet.privacy.models import DataExport
from friendlystreet.sms.models import OutboxMessage
from tests.factories import TEST_PASSWORD
from tests.test_api_schema_me import strict_me_schema

pytestmark = pytest.mark.django_db

SWITCH = "/notifications/language/"  # the footer's form, for the signed-in
COOKIE = settings.LANGUAGE_COOKIE_NAME


def phone(accept_language: str = "zh-CN,zh;q=0.9") -> Client:
    """A browser that has never been to the site, on a phone set to `accept_language`."""
    return Client(HTTP_ACCEPT_LANGUAGE=accept_language)


def page_language(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def sign_in(client: Client, rider):
    return client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD}, follow=True)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_rider_who_chose_english_on_one_phone_gets_english_pages_signing_in_on_another(client_for, rider):
    client_for(rider).post(SWITCH, {"language": "en", "next": "/home/"})
    rider.refresh_from_db()
    assert rider.language == "en"

    other_phone = phone()
    assert page_language(other_phone.get("/accounts/login/")) == "zh-hans"  # a Chinese phone, not signed in
    response = sign_in(other_phone, rider)

    assert page_language(response) == "en"
    assert "Sign out" in response.content.decode()
    # Greeted once, in English too: by the home page's heading, not a message above it as well.
    assert "<h1>Hello, 张小骑</h1>" in response.content.decode()
    assert [str(m) for m in response.context["messages"]] == []
    assert other_phone.cookies[COOKIE].value == "en"  # Django's own cookie: every later page is English
    assert int(other_phone.cookies[COOKIE]["max-age"]) == settings.LANGUAGE_COOKIE_AGE
    assert page_language(other_phone.get("/profile/")) == "en"
    assert page_language(other_phone.get("/points/claims/")) == "en"


def test_signing_in_by_sms_code_brings_the_accounts_language_too(rider):
    User.objects.filter(pk=rider.pk).update(language="en")
    other_phone = phone()
    other_phone.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    code = re.search(r"\b(\d{6})\b", OutboxMessage.objects.filter(phone=rider.phone).latest("id").text).group(1)

    response = other_phone.post("/accounts/login/code/confirm/", {"code": code}, follow=True)

    assert page_language(response) == "en"
    assert other_phone.cookies[COOKIE].value == "en"


def test_choosing_chinese_again_is_kept_and_wins_over_an_english_phone(client_for, rider):
    User.objects.filter(pk=rider.pk).update(language="en")
    response = client_for(rider).post(SWITCH, {"language": "zh-hans", "next": "/home/"}, follow=True)
    assert page_language(response) == "zh-hans"
    told = [str(m) for m in response.context["messages"]]
    assert "已保存到您的账号：在任何设备登录后都显示简体中文，通知和短信也使用这种语言。" in told
    rider.refresh_from_db()
    assert rider.language == "zh-hans"

    english_phone = phone("en-US,en;q=0.9")
    assert page_language(english_phone.get("/accounts/login/")) == "en"
    assert page_language(sign_in(english_phone, rider)) == "zh-hans"


def test_an_account_that_never_chose_leaves_each_browser_its_own_language(rider):
    assert rider.language == ""  # a new account has not chosen

    english_phone, chinese_phone = phone("en-US,en;q=0.9"), phone()
    assert page_language(sign_in(english_phone, rider)) == "en"
    assert page_language(sign_in(chinese_phone, rider)) == "zh-hans"
    assert COOKIE not in english_phone.cookies and COOKIE not in chinese_phone.cookies
    rider.refresh_from_db()
    assert rider.language == ""  # a phone's language is not a choice (the switch's is: test_chosen_before_signing_in.py)


def test_choosing_the_same_language_again_says_nothing_new(client_for, rider):
    client = client_for(rider)
    first = client.post(SWITCH, {"language": "en", "next": "/home/"}, follow=True)
    assert len(first.context["messages"]) == 1
    again = client.post(SWITCH, {"language": "en", "next": "/home/"}, follow=True)
    assert [str(m) for m in again.context["messages"]] == []


@pytest.mark.parametrize("bad", ["fr", "", "zh-hans'--", "EN"])
def test_a_language_the_site_does_not_have_changes_nothing(client_for, rider, bad):
    User.objects.filter(pk=rider.pk).update(language="en")
    response = client_for(rider).post(SWITCH, {"language": bad, "next": "/home/"})

    assert response.status_code == 302  # Django's set_language: back where the rider was
    rider.refresh_from_db()
    assert rider.language == "en"


def test_the_switch_refuses_a_get(client_for, rider):
    assert client_for(rider).get(SWITCH, {"language": "en"}).status_code == 405
    rider.refresh_from_db()
    assert rider.language == ""


def test_the_profile_page_says_the_accounts_language(client_for, rider):
    client = client_for(rider)
    said = client.get("/profile/").content.decode().split('data-testid="profile-language">')[1].split("</dd>")[0]
    assert "未选择：页面跟随手机的语言" in text_of(said) and "在任何设备登录后都会使用" in text_of(said)

    client.post(SWITCH, {"language": "en", "next": "/profile/"})
    said = client.get("/profile/").content.decode().split('data-testid="profile-language">')[1].split("</dd>")[0]
    assert text_of(said).startswith("English ·")


def test_me_says_the_accounts_language_as_its_schema_declares(client, api_for, client_for, rider):
    schema = strict_me_schema(client)
    declared = client.get("/api/schema/?format=json").json()["components"]["schemas"]["MeViewOutput"]["properties"]["language"]
    assert "notifications" in declared["description"]

    me = api_for(rider).get("/api/v1/me/").json()
    schema.validate(me)
    assert me["language"] == ""

    client_for(rider).post(SWITCH, {"language": "en", "next": "/"})
    me = api_for(rider).get("/api/v1/me/").json()
    schema.validate(me)
    assert me["language"] == "en"


def test_me_does_not_change_the_language(api_for, rider):
    """PATCH /me changes the rider's profile, not the language, which is chosen on the site: the
    field is refused by name."""
    response = api_for(rider).patch("/api/v1/me/", {"language": "en"}, format="json")
    assert response.status_code == 400 and "language" in response.json()["fields"]
    rider.refresh_from_db()
    assert rider.language == ""


def test_the_data_download_says_the_accounts_language_in_it(client_for, rider):
    client = client_for(rider)
    client.post(SWITCH, {"language": "en", "next": "/"})
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/profile/data/")
    export = DataExport.objects.get(rider=rider)
    response = client.get(f"/profile/data/{export.pk}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    assert '"language": "en"' in archive.read("data.json").decode()
    summary = text_of(archive.read("summary.html").decode())
    assert "preferred language English" in summary  # written in the rider's language
