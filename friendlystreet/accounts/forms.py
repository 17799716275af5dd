from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
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

    # Required: the street office verifies a rider by their name against the platform's
    # profile, and the volunteer record prints it (the profile's edit form asks the same).
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=50,
        error_messages={"required": _("Write your name as it is on your platform's profile.")},
    )
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
        self.fields["display_name"].help_text = _("As on your platform's profile: the street office checks it.")
        # The notice one agrees to, one tap away (opens beside the form: nothing typed is lost).
        self.fields["privacy_consent"].label = format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            gettext("I have read and agree to the"),
            reverse("privacy"),
            gettext("privacy notice"),
        )

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.work_type = self.cleaned_data["work_type"]
        user.platform = self.cleaned_data["platform"]
        user.privacy_consent_version = settings.PRIVACY_NOTICE_VERSION
        user.save(update_fields=["display_name", "work_type", "platform", "privacy_consent_version"])
        # What happens next: the street office verifies riders before points can be claimed.
        messages.info(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                gettext(
                    "Welcome! The street office checks new riders within a few working days; until then you can"
                    " browse venues and activities. Speed it up with a screenshot of your platform app's profile:"
                ),
                reverse("points:evidence_upload"),
                gettext("upload it here"),
            ),
            fail_silently=True,
        )
