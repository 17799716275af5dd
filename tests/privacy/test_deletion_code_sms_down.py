"""A rider asks for the code that confirms deleting their account while the SMS provider is
down: they read 短信发送失败，请稍后再试。 (503 `sms_failed` in the API), not a 500 page, and
no code waits that was never sent. Once the provider is back, the code arrives, written in the
rider's language: their account's, else the one they asked in, as the sign-in code
(accounts.language.message_language)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from friendlystreet.privacy.models import DeletionCode
from friendlystreet.sms.models import OutboxMessage
from tests.accounts.helpers import PROVIDER_DOWN

pytestmark = pytest.mark.django_db

DELETE_PAGE = reverse("privacy:delete")


def test_the_delete_page_says_the_sms_failed_and_keeps_no_code(rider, client_for, settings):
    settings.SMS_BACKEND = PROVIDER_DOWN
    client = client_for(rider)

    response = client.post(DELETE_PAGE, {"action": "send_code"}, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)

    assert response.status_code == 200
    assert "短信发送失败，请稍后再试。" in response.content.decode()
    assert not DeletionCode.objects.filter(rider=rider).exists()

    settings.SMS_BACKEND = "outbox"
    client.post(DELETE_PAGE, {"action": "send_code"}, follow=True)
    assert DeletionCode.objects.filter(rider=rider).exists()
    assert OutboxMessage.objects.filter(phone=rider.phone).exists()


def test_the_api_answers_503_sms_failed(rider, api_for, settings):
    settings.SMS_BACKEND = PROVIDER_DOWN

    response = api_for(rider).post("/api/v1/me/deletion/code/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert response.json()["code"] == "sms_failed"
    assert response.json()["message"] == "The SMS could not be sent. Please try again later."
    assert not DeletionCode.objects.filter(rider=rider).exists()


@pytest.mark.parametrize(
    "language, asked_in, words",
    [
        ("en", "zh-hans", "Your code to delete your Friendly Street account is "),
        ("zh-hans", "en", "您注销友好街道账号的验证码是 "),
        # Never chose: the language the rider asked in, as the sign-in code's
        # (accounts.language.message_language; tests/privacy/test_codes_in_one_language.py).
        ("", "en", "Your code to delete your Friendly Street account is "),
        ("", "zh-hans", "您注销友好街道账号的验证码是 "),
    ],
)
def test_the_code_is_written_in_the_riders_language_else_the_one_they_asked_in(rider, api_for, language, asked_in, words):
    rider.language = language
    rider.save(update_fields=["language"])

    assert api_for(rider).post("/api/v1/me/deletion/code/", HTTP_ACCEPT_LANGUAGE=asked_in).status_code == 202

    (sms,) = OutboxMessage.objects.filter(phone=rider.phone)
    assert words in sms.text
