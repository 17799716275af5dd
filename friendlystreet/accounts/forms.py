from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.core import context
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from .adapter import PASSWORD_LIKE_PHONE, VERIFY_CODE_SENT, WELCOME_PENDING, password_like_phone
from .models import User, WorkType
from .phones import normalize_phone


class LoginForm(AllauthLoginForm):
    """One field for "phone or username": a mainland number is turned into E.164."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # allauth puts "Forgot your password?" under the password field, to the e-mail reset;
        # our login page has its own, to the SMS code sign-in riders use (login.html).
        if "password" in self.fields:
            self.fields["password"].help_text = ""
        # allauth labels the field 登录 ("Login"), the button's word: say what to type. Riders
        # type their phone, staff and partners their username (ACCOUNT_LOGIN_METHODS).
        if "login" in self.fields:
            self.fields["login"].label = _("Username or mobile number")
            self.fields["login"].widget.attrs.update({"placeholder": _("Username or mobile number"), "autocomplete": "username"})
        # Sent here by allauth because the code that verifies the number ran out (typed after 10
        # minutes, or the page opened again later): say so, and keep the number, or a new rider
        # lands on 登录 without a word and may sign up again, which that number can no longer do.
        self.code_expired = False
        session = getattr(context.request, "session", None)
        sent = session.get(VERIFY_CODE_SENT) if session is not None and not self.is_bound else None
        if sent and time.time() - sent["at"] > account_settings.PHONE_VERIFICATION_TIMEOUT:
            del session[VERIFY_CODE_SENT]
            if User.objects.filter(phone=sent["phone"], phone_verified=False).exists():
                self.code_expired = True  # the page says so (account/login.html)
                self.initial.setdefault("login", sent["phone"].removeprefix("+86"))

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
        notice = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', reverse("privacy"), pgettext("consent", "privacy notice")
        )
        self.fields["privacy_consent"].label = format_html(gettext("I have read and agree to the {notice}"), notice=notice)

    def _post_clean(self) -> None:
        # After allauth's SignupForm.clean, whose check of the password knows no number yet (its
        # stand-in user has none): a password made of the number typed above is refused too. The
        # web's form names the field password1, the app's sign-up (allauth's SignupInput) password.
        super()._post_clean()
        field = "password1" if "password1" in self.fields else "password"
        phone = self.cleaned_data.get("phone")
        # Also when allauth has already refused it (entirely numeric): both reasons are said.
        password = self.cleaned_data.get(field) or self.data.get(field)
        if phone and password and password_like_phone(password, phone):
            self.add_error(field, PASSWORD_LIKE_PHONE)

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.work_type = self.cleaned_data["work_type"]
        user.platform = self.cleaned_data["platform"]
        user.privacy_consent_version = settings.PRIVACY_NOTICE_VERSION
        user.save(update_fields=["display_name", "work_type", "platform", "privacy_consent_version"])
        # The welcome (what happens next, where to speed it up) waits until the phone is
        # verified: its link cannot be followed before (AccountAdapter.set_phone_verified).
        request.session[WELCOME_PENDING] = user.pk
