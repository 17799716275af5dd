"""Forgotten passwords: riders (phone only) reset by SMS, signing in with a code and setting a
new password without the old one; the e-mail form never fails, even with the mail server down."""

from __future__ import annotations

import re

import pytest

from friendlystreet.accounts.models import User
from tests.accounts.helpers import last_code
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NO_OLD_PASSWORD = "您已用短信验证码登录：在这里设置新密码即可，不需要旧密码。"


def test_a_rider_who_forgot_the_password_signs_in_by_sms_and_sets_a_new_one(client, rider):
    login_page = client.get("/accounts/login/").content.decode()
    link = re.search(r'<a href="([^"]+)" id="forgot-password">忘记密码？</a>', login_page).group(1).replace("&amp;", "&")

    response = client.post(link, {"phone": rider.phone[3:]})  # as typed: 11 digits
    assert response.status_code == 302
    response = client.post(response["Location"], {"code": last_code(rider.phone)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/"

    page = client.get("/accounts/password/change/")
    assert "oldpassword" not in page.context["form"].fields  # the code proved the phone
    assert NO_OLD_PASSWORD in page.content.decode()
    response = client.post("/accounts/password/change/", {"password1": "New-pass-for-2027", "password2": "New-pass-for-2027"})
    assert response.status_code == 302
    rider.refresh_from_db()
    assert rider.check_password("New-pass-for-2027")


def test_a_session_signed_in_by_password_still_needs_the_old_password(client, rider):
    client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})
    response = client.post("/accounts/password/change/", {"password1": "New-pass-for-2027", "password2": "New-pass-for-2027"})
    assert response.status_code == 200
    assert "oldpassword" in response.context["form"].errors
    assert NO_OLD_PASSWORD not in response.content.decode()
    rider.refresh_from_db()
    assert rider.check_password(TEST_PASSWORD)


@pytest.mark.parametrize("email", ["nobody@example.com", "staff@example.com"])
def test_the_email_reset_is_not_a_500_with_the_mail_server_down(client, settings, email):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    user = User.objects.create_user(username="staffer", email="staff@example.com", password=TEST_PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email="staff@example.com", verified=True, primary=True)

    response = client.post("/accounts/password/reset/", {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"


def test_the_email_reset_page_sends_riders_to_the_reset_by_sms(client):
    page = client.get("/accounts/password/reset/").content.decode()
    assert "/accounts/login/code/?next=/accounts/password/change/" in page.replace("%2F", "/")
