"""The SMS-code forms of allauth (ACCOUNT_FORMS), with the code field a phone should offer.
A module of their own: allauth imports forms.py (the sign-up form class) while its own forms
module loads, so forms.py cannot import allauth's code forms."""

from __future__ import annotations

from allauth.account.forms import ConfirmLoginCodeForm as AllauthConfirmLoginCodeForm
from allauth.account.forms import ConfirmReauthenticationCodeForm as AllauthConfirmReauthenticationCodeForm
from allauth.account.forms import VerifyPhoneForm as AllauthVerifyPhoneForm
from django.utils.translation import gettext_lazy as _


class NumericCode:
    """The SMS code's field as a phone should offer it: the digit keyboard, and the code from
    the SMS suggested above it (autocomplete="one-time-code", which allauth already sets)."""

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


class ConfirmLoginCodeForm(NumericCode, AllauthConfirmLoginCodeForm):
    pass


class VerifyPhoneForm(NumericCode, AllauthVerifyPhoneForm):
    pass


class ConfirmReauthenticationCodeForm(NumericCode, AllauthConfirmReauthenticationCodeForm):
    """The code that confirms it is you (修改密码's 忘记密码？, password_forms.py)."""
