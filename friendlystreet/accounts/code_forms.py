"""The SMS-code forms of allauth (ACCOUNT_FORMS), with the code field a phone should offer.
A module of their own: allauth imports forms.py (the sign-up form class) while its own forms
module loads, so forms.py cannot import allauth's code forms."""

from __future__ import annotations

from allauth.account.forms import ConfirmLoginCodeForm as AllauthConfirmLoginCodeForm
from allauth.account.forms import VerifyPhoneForm as AllauthVerifyPhoneForm
from django.utils.translation import gettext_lazy as _


class NumericCode:
    """The SMS code's field as a phone should offer it: the digit keyboard, and the code from
    the SMS suggested above it (autocomplete="one-time-code", which allauth already sets)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sms_code_field(self)


def sms_code_field(form):
    """`form`'s "code" field as NumericCode's (for a form allauth builds that ACCOUNT_FORMS
    does not name: the code that confirms it is you, {{ verify_form|sms_code }})."""
    field = form.fields.get("code")
    if field is not None:
        # allauth's label and placeholder are "Code", which the catalogue (for staff pages)
        # reads as 代码.
        field.label = _("SMS code")
        field.widget.attrs.update(
            {
                "placeholder": _("SMS code"),
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "maxlength": "6",
                "autocomplete": "one-time-code",
            }
        )
        # A form checked already (a wrong code) has made its bound field, with the old label.
        form._bound_fields_cache.pop("code", None)
    return form


class ConfirmLoginCodeForm(NumericCode, AllauthConfirmLoginCodeForm):
    pass


class VerifyPhoneForm(NumericCode, AllauthVerifyPhoneForm):
    pass
