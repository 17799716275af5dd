"""The SMS-code forms of allauth (ACCOUNT_FORMS), with the code field a phone should offer.
A module of their own: allauth imports forms.py (the sign-up form class) while its own forms
module loads, so forms.py cannot import allauth's code forms."""

from __future__ import annotations

from allauth.account.forms import ConfirmLoginCodeForm as AllauthConfirmLoginCodeForm
from allauth.account.forms import ConfirmReauthenticationCodeForm as AllauthConfirmReauthenticationCodeForm
from allauth.account.forms import VerifyPhoneForm as AllauthVerifyPhoneForm
from allauth.core import context
from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import code_tries
from .adapter import TOO_MANY_WRONG_CODES


class NumericCode:
    """The SMS code's field as a phone should offer it: the digit keyboard, and the code from
    the SMS suggested above it (autocomplete="one-time-code", which allauth already sets).
    A refused code says how many tries are left (code_tries.py)."""

    purpose = code_tries.LOGIN_CODE

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # allauth's label and placeholder are "Code", which the catalogue (for staff pages)
        # reads as 代码.
        self.fields["code"].label = _("SMS code")
        self.fields["code"].widget.attrs.update(
            {
                "placeholder": _("SMS code"),
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "maxlength": "6",
                "autocomplete": "one-time-code",
            }
        )

    def clean(self):
        cleaned_data = super().clean()
        if self.has_error("code"):
            self._say_tries_left(code_tries.record_try(context.request, self.purpose))
        return cleaned_data

    def _say_tries_left(self, left: int) -> None:
        if left == 0:
            # allauth ends the flow now and the page is not shown again; it says what next
            # (adapter.add_message) everywhere but after a new number's code, where it goes back
            # to 更改手机号 without a word.
            request = context.request
            if self.purpose == code_tries.VERIFY_PHONE and request is not None and request.user.is_authenticated:
                messages.error(request, TOO_MANY_WRONG_CODES, fail_silently=True)
            return
        if self.has_error("code", "incorrect_code"):
            del self.errors["code"]
            self.add_error("code", forms.ValidationError(code_tries.wrong_code_message(left), code="incorrect_code"))
        else:  # no code typed (allauth counts it too), or a number taken meanwhile
            message = ngettext("%(count)s try left.", "%(count)s tries left.", left)
            self.add_error("code", forms.ValidationError(message % {"count": left}, code="tries_left"))


class ConfirmLoginCodeForm(NumericCode, AllauthConfirmLoginCodeForm):
    purpose = code_tries.LOGIN_CODE


class VerifyPhoneForm(NumericCode, AllauthVerifyPhoneForm):
    purpose = code_tries.VERIFY_PHONE


class ConfirmReauthenticationCodeForm(NumericCode, AllauthConfirmReauthenticationCodeForm):
    """The code that confirms it is you (修改密码's 忘记密码？, password_forms.py)."""

    purpose = code_tries.REAUTHENTICATE
