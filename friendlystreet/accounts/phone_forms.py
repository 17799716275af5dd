"""allauth's forms for asking a sign-in code and for changing the number (ACCOUNT_FORMS), with
what riders need told. Not in forms.py: allauth imports that module (the sign-up form) while
its own forms module is still loading, before these forms of it exist."""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePhoneForm as AllauthChangePhoneForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.core import context
from django import forms
from django.utils.translation import gettext_lazy as _

from .adapter import CODES_TOO_OFTEN

# The number this browser last asked a sign-in code for, and when: allauth forgets both when
# the code expires, and the rider would start again from an empty form without a word.
CODE_ASKED = "fs_login_code_asked"


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.code_expired = False
        session = getattr(context.request, "session", None)
        asked = session.get(CODE_ASKED) if session is not None and not self.is_bound else None
        if asked and "phone" in self.fields:
            # Back here after a code (expired, or the last wrong one): the number stays typed.
            self.initial.setdefault("phone", asked["phone"].removeprefix("+86"))
            if time.time() - asked["at"] > account_settings.LOGIN_BY_CODE_TIMEOUT:
                self.code_expired = True  # the page says so (account/request_login_code.html)
                del session[CODE_ASKED]

    def clean_phone(self) -> str:
        try:
            phone = super().clean_phone()
        except forms.ValidationError as error:
            # allauth's words are "too many failed login attempts", but nothing failed: the
            # number asked for codes too often (ACCOUNT_RATE_LIMITS["request_login_code"]).
            if error.code == "too_many_login_attempts":
                raise forms.ValidationError(CODES_TOO_OFTEN, code="too_many_login_attempts") from error
            raise
        session = getattr(context.request, "session", None)
        if phone and session is not None:
            session[CODE_ASKED] = {"phone": phone, "at": time.time()}
        return phone


class ChangePhoneForm(AllauthChangePhoneForm):
    """Refuses a number another account has, before a code goes to it: allauth would text its
    owner a code that can never be used, and say only after it is typed that the number is
    taken. Saying so tells a signed-in user that the number has an account, which sign-up (open
    to anyone) never shows; here it takes an account proved by SMS, and the change is
    rate-limited (ACCOUNT_RATE_LIMITS["change_phone"])."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("New mobile number")

    def clean_phone(self) -> str:
        phone = super().clean_phone()
        if self.account_already_exists:
            raise get_adapter().validation_error("phone_taken")
        return phone
