"""Sign-up and the SMS codes on a phone: the digit keyboard for codes, a resend that waits,
the privacy notice one tap from the consent, the code sign-in as prominent as the password,
and after sign-up the rider learns how verification happens and where to speed it up."""

from __future__ import annotations

import re

import pytest

from tests.accounts.test_phone_signup_and_login import last_code, sign_up

pytestmark = pytest.mark.django_db


def code_input(html: str) -> str:
    return re.search(r'<input[^>]*name="code"[^>]*>', html).group(0)


def test_the_phone_verification_code_opens_the_digit_keyboard_and_the_resend_waits(client):
    sign_up(client)

    page = client.get("/accounts/phone/verify/").content.decode()

    field = code_input(page)
    assert 'inputmode="numeric"' in field and 'autocomplete="one-time-code"' in field
    assert 'form="resend"' in page  # the button that codes.js holds back for 60 seconds
    assert "/static/js/codes" in page


def test_the_sign_in_code_field_opens_the_digit_keyboard(client, rider):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})

    field = code_input(client.get("/accounts/login/code/confirm/").content.decode())

    assert 'inputmode="numeric"' in field and 'autocomplete="one-time-code"' in field
    response = client.post("/accounts/login/code/confirm/", {"code": last_code(rider.phone)})
    assert response.status_code == 302


def test_the_consent_links_to_the_privacy_notice(client):
    page = client.get("/accounts/signup/").content.decode()

    label = re.search(r'<label[^>]*for="id_privacy_consent"[^>]*>(.*?)</label>', page, re.S).group(1)
    assert 'href="/privacy/"' in label


def test_the_code_sign_in_sits_beside_the_password_sign_in(client):
    page = client.get("/accounts/login/").content.decode()

    form_end = page.index("</form>")
    code_link = page.index('id="login-by-code"')
    assert code_link < form_end  # in the login form's actions, not below the fold
    assert 'href="/accounts/login/code/"' in page[code_link - 200 : code_link + 200]


def test_after_sign_up_the_rider_is_told_how_verification_happens(client):
    sign_up(client)
    client.post("/accounts/phone/verify/", {"code": last_code("+8613800000099")})

    page = client.get("/home/").content.decode()

    assert 'href="/profile/evidence/"' in page


def test_sign_up_asks_for_the_name_the_street_office_checks(client):
    from friendlystreet.accounts.models import User

    refused = sign_up(client, display_name="  ")

    assert refused.status_code == 200
    assert "请按平台资料填写您的姓名。" in refused.content.decode()
    assert not User.objects.filter(phone="+8613800000099").exists()
    assert sign_up(client, display_name="王小骑").status_code == 302
