"""The password change form (not in forms.py: allauth imports that module, for the sign-up
form, while its own forms module is still loading, so it may use only the forms defined
before its sign-up form)."""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.core import context
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext


class ChangePasswordForm(AllauthChangePasswordForm):
    """allauth's form, without the current password right after a sign-in by SMS code.

    "忘记密码？" on the login page leads a rider to sign in by code and then here: the code
    proved they hold the account's phone, which is all a reset by SMS would prove, so for
    allauth's reauthentication window (5 minutes) they may set a new password without the
    one they forgot. Any other session (signed in by password, or longer ago) asks for it.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if signed_in_by_code_just_now(self.user):
            del self.fields["oldpassword"]
        elif url := forgot_password_url(self.user):
            self.fields["oldpassword"].help_text = format_html(
                '<a href="{}" class="tap" id="forgot-password">{}</a>', url, gettext("Forgot your password? Get an SMS code")
            )


def forgot_password_url(user) -> str | None:
    """Where a signed-in user who forgot their password goes: a code to their own verified number
    (allauth's reauthentication by code), then back to 修改密码 without the current password.
    allauth's "忘记密码？" led them to the e-mail reset page, whose "sign in by SMS code" brought
    them straight back to 修改密码 (they were signed in), asking for the same forgotten password: a
    loop. None without a verified number, where allauth's code could not go (adapter.get_phone)."""
    if not (user.phone and user.phone_verified):
        return None
    here = reverse("account_change_password")
    return f"{reverse('account_request_reauthentication_code')}?{urlencode({'next': here})}"


def signed_in_by_code_just_now(user) -> bool:
    request = context.request
    if request is None:
        return False
    records = get_authentication_records(request, user)
    if not records or records[-1].get("method") != "code":
        return False
    return time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
