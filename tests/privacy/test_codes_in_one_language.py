"""A rider who never chose a language, on a phone set to English, asks for a code to sign in and,
signed in, for the code that confirms deleting their account: both come in English, the language
they are reading the pages in. Before, the sign-in code did and the deletion code came in Chinese:
the two codes picked their language by two rules (now one, accounts.language.message_language)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accounts.helpers import last_code, texts_sent_to

pytestmark = pytest.mark.django_db


def test_a_rider_who_never_chose_gets_both_codes_in_the_language_of_their_phone(rider):
    assert rider.language == ""
    english_phone = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    english_phone.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    english_phone.post("/accounts/login/code/confirm/", {"code": last_code(rider.phone)})
    assert "_auth_user_id" in english_phone.session
    response = english_phone.post("/profile/delete/", {"action": "send_code"}, follow=True)

    assert response.status_code == 200
    sign_in_code, deletion_code = texts_sent_to(rider.phone)
    assert "Your verification code is " in sign_in_code
    assert "Your code to delete your Friendly Street account is " in deletion_code
    rider.refresh_from_db()
    assert rider.language == ""  # a phone's language is not saved as a choice
