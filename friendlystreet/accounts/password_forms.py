"""The password change form (not in forms.py: allauth imports that module, for the sign-up
form, while its own forms module is still loading, so it may use only the forms defined
before its sign-up form)."""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.core import context


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


def signed_in_by_code_just_now(user) -> bool:
    request = context.request
    if request is None:
        return False
    records = get_authentication_records(request, user)
    if not records or records[-1].get("method") != "code":
        return False
    return time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
