"""Someone signs in by code in the app with a number, and the step ends before they are in: the
last wrong code, a sign-up started in the same session, or signing out. They then ask for a new
code (POST /auth/code/resend). For an account's number allauth answers 409 (no step to resend
in); for a number with no account the answer was 200 (the session still remembered the number,
no_account_codes), so three wrong codes and a resend told anyone whether the number has an
account. Both answers must be the same, and neither a 500."""

from __future__ import annotations

import itertools

import pytest

from tests.accounts.helpers import APP, APP_SIGNUP, app_post, texts_sent_to
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db

NOBODY = "+8613912349999"
NEW_NUMBERS = itertools.count(10)


def after_the_last_wrong_code(client, token: str) -> None:
    for _ in range(3):  # ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS
        assert app_post(client, "/auth/code/confirm", {"code": "000000"}, token=token).status_code == 400


def after_starting_a_sign_up(client, token: str) -> None:
    # A new number each time: allauth sends a number one code in 30 seconds.
    phone = f"+86139123400{next(NEW_NUMBERS)}"
    assert app_post(client, "/auth/signup", {**APP_SIGNUP, "phone": phone}, token=token).status_code == 401


def after_signing_out(client, token: str) -> None:
    client.delete(f"{APP}/auth/session", headers={"X-Session-Token": token})


@pytest.mark.parametrize("step_ends", [after_the_last_wrong_code, after_starting_a_sign_up, after_signing_out])
def test_a_new_code_after_the_step_ended_is_answered_alike_with_or_without_an_account(client, step_ends):
    rider = RiderFactory()

    def resend_after_the_step_ended(phone: str):
        token = app_post(client, "/auth/code/request", {"phone": phone}).json()["meta"]["session_token"]
        step_ends(client, token)
        response = app_post(client, "/auth/code/resend", {}, token=token)
        return response.status_code, response.json()

    theirs = resend_after_the_step_ended(rider.phone)
    nobodys = resend_after_the_step_ended(NOBODY)

    assert nobodys == theirs
    assert theirs[0] in (409, 410)  # no step to resend in (410: the signed-out token)
    assert len(texts_sent_to(rider.phone)) == 1  # no new code went
    assert len(texts_sent_to(NOBODY)) == 1  # "no account yet; to sign up: …", once
