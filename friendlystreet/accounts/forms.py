from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import WorkType
from .phones import normalize_phone


class LoginForm(AllauthLoginForm):
    """One field for "phone or username": a mainland number is turned into E.164."""

    def clean_login(self) -> str:
        login = super().clean_login()
        return normalize_phone(login) or login


class RiderSignupForm(forms.Form):
    """The extra questions of rider sign-up (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    work_type = forms.ChoiceField(label=_("Work type"), choices=WorkType.choices)
    platform = forms.CharField(label=_("Platform"), max_length=50)
    privacy_consent = forms.BooleanField(
        label=_("I have read and agree to the privacy notice"),
        error_messages={"required": _("You must agree to the privacy notice to sign up.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set per form, not on the class: allauth's headless OpenAPI specification copies the
        # class's fields' help texts into JSON, which cannot encode a lazy translation.
        self.fields["platform"].help_text = _("e.g. Meituan, Ele.me, SF Express, Didi")

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.work_type = self.cleaned_data["work_type"]
        user.platform = self.cleaned_data["platform"]
        user.privacy_consent_version = settings.PRIVACY_NOTICE_VERSION
        user.save(update_fields=["display_name", "work_type", "platform", "privacy_consent_version"])
