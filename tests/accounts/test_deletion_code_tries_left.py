"""A wrong code on the account deletion page (rider review, finding 8): it said only
验证码不正确，请重新输入。, while the sign-up and sign-in code pages say how many tries are left
(验证码不正确，还可以再试 2 次。). Now the deletion page says it in the same words, in the page's
language, and so does the app's API (the same refusal)."""

from __future__ import annotations

import re

import pytest
from django.test import TestCase

from friendlystreet.privacy import services
from friendlystreet.privacy.models import DeletionRequest
from friendlystreet.sms.models import OutboxMessage
from tests.accounts.helpers import SIGNUP, last_code

pytestmark = pytest.mark.django_db

DELETE = "/profile/delete/"


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "outbox"


def code_error(response) -> str:
    """What the page says above the code's box."""
    found = re.search(r'<div role="alert" id="code-error">(.*?)</div>', response.content.decode(), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""


def wrong_code_for(rider) -> str:
    right = re.search(r"\d{6}", OutboxMessage.objects.filter(phone=rider.phone).latest("id").text).group(0)
    return "000000" if right != "000000" else "111111"


def send_code(client) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(DELETE, {"action": "send_code"})


def test_each_wrong_deletion_code_says_how_many_tries_are_left_as_the_sign_up_page_does(client_for, rider):
    client = client_for(rider)
    send_code(client)
    wrong = wrong_code_for(rider)

    said = [code_error(client.post(DELETE, {"action": "confirm", "code": wrong})) for _ in range(services.CODE_TRIES - 1)]

    assert said == [f"验证码不正确，还可以再试 {left} 次。" for left in (4, 3, 2, 1)]
    last = client.post(DELETE, {"action": "confirm", "code": wrong})
    assert code_error(last) == "验证码已过期或输错次数过多，请重新获取。"
    assert not DeletionRequest.objects.exists()


def test_the_sign_up_code_page_says_it_in_the_same_words(client):
    client.post("/accounts/signup/", {**SIGNUP, "phone": "13912340066"})
    wrong = "000000" if last_code("+8613912340066") != "000000" else "111111"
    refused = client.post("/accounts/phone/verify/", {"code": wrong}).content.decode()
    assert "验证码不正确，还可以再试 2 次。" in refused


def test_an_english_page_says_the_tries_left_in_english(client_for, rider):
    client = client_for(rider)
    client.cookies["django_language"] = "en"
    send_code(client)

    refused = client.post(DELETE, {"action": "confirm", "code": wrong_code_for(rider)})

    assert code_error(refused) == "Wrong code. 4 tries left."


def test_the_apps_deletion_says_the_tries_left_too(api_for, rider):
    api = api_for(rider)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert api.post("/api/v1/me/deletion/code/", {}, format="json").status_code in (200, 201, 202, 204)

    refused = api.post("/api/v1/me/deletion/", {"code": wrong_code_for(rider)}, format="json")

    assert refused.status_code == 400
    assert refused.json()["code"] == "wrong_code"
    assert refused.json()["message"] == "验证码不正确，还可以再试 4 次。"
