"""A rider types a wrong SMS code 10 seconds after it came (sign-in review, December 2026): the page
came back with 重新发送验证码 (60), counting again from the start, so they waited 60 seconds more
for a new code. Now the page knows when the last code was sent and says how many of the 60
seconds are really left (data-wait on the button, which codes.js counts down): a reload goes on
counting. On every code page with the button: sign-in, sign-up, confirming it is you. Without
the script the button is a plain one that works at once."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from friendlystreet.accounts import code_tries
from friendlystreet.accounts.code_resend import RESEND_WAIT, SESSION_KEY
from tests.accounts.helpers import SIGNUP, last_code
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

CONFIRM_LOGIN = "/accounts/login/code/confirm/"
VERIFY_PHONE = "/accounts/phone/verify/"
REAUTH = "/accounts/reauthenticate/code/?next=/accounts/password/change/"
CONFIRM_REAUTH = "/accounts/reauthenticate/code/confirm/"


def resend_button(response) -> str:
    found = re.search(r'<button[^>]*id="resend-code"[^>]*>', response.content.decode())
    assert found, "no 重新发送验证码 on the page"
    return found.group(0)


def seconds_left(response) -> int:
    return int(re.search(r'data-wait="(\d+)"', resend_button(response)).group(1))


def seconds_pass(client, purpose: str, seconds: int) -> None:
    """As if the last code for `purpose` had been sent `seconds` earlier."""
    session = client.session
    sent = session[SESSION_KEY]
    sent[purpose] -= seconds
    session[SESSION_KEY] = sent
    session.save()


def wrong_code(phone: str) -> str:
    return "000000" if last_code(phone) != "000000" else "111111"


def test_a_wrong_sign_in_code_does_not_start_the_wait_again(client, rider):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    assert seconds_left(client.get(CONFIRM_LOGIN)) == RESEND_WAIT

    seconds_pass(client, code_tries.LOGIN_CODE, 10)
    refused = client.post(CONFIRM_LOGIN, {"code": wrong_code(rider.phone)})

    assert refused.status_code == 200
    assert 49 <= seconds_left(refused) <= 50  # not 60 again


def test_once_the_wait_is_over_the_button_is_offered_at_once_and_a_new_code_starts_it_again(client, rider):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    seconds_pass(client, code_tries.LOGIN_CODE, RESEND_WAIT + 5)
    assert seconds_left(client.get(CONFIRM_LOGIN)) == 0

    again = client.post(CONFIRM_LOGIN, {"action": "resend"}, follow=True)

    assert seconds_left(again) == RESEND_WAIT


def test_without_the_script_the_button_works_at_once(client, rider):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    button = resend_button(client.get(CONFIRM_LOGIN))

    assert "disabled" not in button  # only codes.js holds it back
    assert 'type="submit"' in button and 'form="resend"' in button


def test_signing_up_with_a_number_that_has_an_account_waits_exactly_as_with_a_new_one(client, rider):
    # Nobody can tell from the page whether the number has an account, after a new code neither
    # (allauth sends no SMS then, but says one went).
    for phone in ("13912340078", rider.phone[3:]):
        client.post("/accounts/signup/", {**SIGNUP, "phone": phone})
        seconds_pass(client, code_tries.VERIFY_PHONE, RESEND_WAIT)
        cache.clear()  # allauth's limit on the number's codes (30 seconds) has passed too

        again = client.post(VERIFY_PHONE, {"action": "resend"}, follow=True)

        assert seconds_left(again) == RESEND_WAIT, phone
        client.cookies.clear()


def test_a_wrong_sign_up_code_goes_on_counting(client):
    client.post("/accounts/signup/", {**SIGNUP, "phone": "13912340078"})
    seconds_pass(client, code_tries.VERIFY_PHONE, 25)

    refused = client.post(VERIFY_PHONE, {"code": wrong_code("+8613912340078")})

    assert 34 <= seconds_left(refused) <= 35


def test_a_wrong_code_to_confirm_it_is_you_goes_on_counting(client, rider):
    client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})
    client.post(REAUTH, {"recipient": rider.phone})
    seconds_pass(client, code_tries.REAUTHENTICATE, 40)

    refused = client.post(CONFIRM_REAUTH, {"code": wrong_code(rider.phone)})

    assert 19 <= seconds_left(refused) <= 20


def test_the_wait_lets_the_button_go_no_sooner_than_a_numbers_own_limit_on_codes(settings):
    # allauth refuses a number's second code within its window ("1/30s/key"): a button the
    # countdown lets go must not be refused.
    per_number = [rate for rate in settings.ACCOUNT_RATE_LIMITS["verify_phone"].split(",") if rate.endswith("/key")]
    window = per_number[0].split("/")[1]
    assert int(window.removesuffix("s")) <= RESEND_WAIT
