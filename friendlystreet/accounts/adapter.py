"""allauth adapter: phones are stored on our User model, in E.164."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from friendlystreet.sms import send_sms

from . import roles
from .models import User
from .phones import INVALID_PHONE_MESSAGE, format_phone, normalize_phone

logger = logging.getLogger(__name__)


class MainlandPhoneField(forms.CharField):
    """Accepts 13800000001, 138 0000 0001 or +8613800000001; cleans to +8613800000001."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": "13800000001", "autocomplete": "tel", "type": "tel", "inputmode": "numeric"}),
        )
        kwargs.setdefault("label", gettext("Mobile number"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        if not value:
            return value
        # Normalise before validation: allauth decides "phone or username" by
        # whether this field accepts what was typed.
        phone = normalize_phone(value)
        if phone is None:
            raise forms.ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone")
        return phone


class AccountAdapter(DefaultAccountAdapter):
    def phone_form_field(self, **kwargs: Any) -> forms.Field:
        kwargs.pop("label", None)
        return MainlandPhoneField(**kwargs)

    # Every SMS comes from the catalogue, in the recipient's language: a known user's
    # preference, else the language of the request (Chinese unless the visitor chose English).
    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs: Any) -> None:
        with translation.override(_language_of(user)):
            text = gettext("Your verification code is %(code)s. It expires in 10 minutes.") % {"code": code}
        send_sms(phone, text)

    def send_unknown_account_sms(self, phone: str, **kwargs: Any) -> None:
        # Not a dead end: the address to sign up, absolute as a link in an SMS must be, on the
        # host the visitor used (the request's, which ALLOWED_HOSTS has checked).
        signup = reverse("account_signup")
        if self.request is not None:
            signup = self.request.build_absolute_uri(signup)
        with translation.override(_language_of(None)):
            text = gettext("Someone tried to sign in with this number, but it has no account yet. To sign up: %(url)s") % {
                "url": signup
            }
        send_sms(phone, text)

    def send_account_already_exists_sms(self, phone: str) -> None:
        with translation.override(_language_of(self.get_user_by_phone(phone))):
            text = gettext("This number already has an account. Sign in instead, or reset the password.")
        send_sms(phone, text)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # A mail server that is down must not turn a form (the e-mail password reset) into a
        # 500; the page says the same whether or not a mail went out.
        try:
            super().send_mail(template_prefix, email, context)
        except (OSError, smtplib.SMTPException):
            logger.exception("Could not send %s", template_prefix)

    def pre_authenticate(self, request, **credentials: Any) -> None:
        # allauth keys its per-account limit of failed logins (5 in 5 minutes) by the e-mail
        # or username it was given, and by "" for a phone: every rider would share one
        # counter, and five wrong guesses anywhere would lock out all phone logins. Name the
        # number instead (the key only, the backends still get the phone).
        phone = credentials.get("phone")
        if phone and not credentials.get("username") and not credentials.get("email"):
            credentials = {**credentials, "username": f"phone:{normalize_phone(phone) or phone}"}
        super().pre_authenticate(request, **credentials)

    def set_phone(self, user: User, phone: str, verified: bool) -> None:
        user.phone = phone
        user.phone_verified = verified
        if user.pk:
            user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user: User) -> tuple[str, bool] | None:
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone_verified(self, user: User, phone: str) -> None:
        User.objects.filter(pk=user.pk, phone=phone).update(phone_verified=True)
        user.phone_verified = True
        # A rider who just signed up in this browser is welcomed now, not before: the
        # welcome's link (upload the screenshot) needs a verified phone.
        session = getattr(self.request, "session", None)
        if session is not None and session.get(WELCOME_PENDING) == user.pk:
            del session[WELCOME_PENDING]
            welcome_message(self.request, user, phone)
            setattr(self.request, WELCOMED_ATTR, True)

    def add_message(
        self,
        request,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        # A rider who has just signed up gets one message on their first page, the welcome
        # (which names the verified number), not three stacked: "phone verified" and
        # "signed in as" say nothing the welcome does not.
        if message_template in WELCOME_REPLACES and getattr(request, WELCOMED_ATTR, False):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def get_user_by_phone(self, phone: str) -> User | None:
        normalized = normalize_phone(phone)
        if normalized is None:
            return None
        return User.objects.filter(phone=normalized).order_by("pk").first()

    def populate_username(self, request, user: User) -> None:
        # Riders never see a username; derive a stable, unique one from the phone.
        if not user.username:
            user.username = f"rider{user.phone[3:]}" if user.phone else self.generate_unique_username(["rider"])

    def save_user(self, request, user: User, form, commit: bool = True) -> User:
        # The phone is known before the first save so that the username derives from it.
        user.phone = form.cleaned_data.get("phone") or None
        user.privacy_consent_at = timezone.now()
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(_rider_group())
        return user


WELCOME_PENDING = "fs_welcome_pending"
# Set on the request that welcomed a new rider: allauth's messages of the same request stay out.
WELCOMED_ATTR = "fs_welcomed"
WELCOME_REPLACES = ("account/messages/phone_verified.txt", "account/messages/logged_in.txt")


def welcome_message(request, user: User, phone: str) -> None:
    """Welcome a new rider, once, with the number they verified. What comes next (the street
    office's verification, the screenshot that helps it) is on the home page's verification
    card, which stays until they are verified: the welcome does not repeat it."""
    messages.success(
        request,
        gettext("Welcome, %(name)s! Your mobile number %(phone)s is verified.")
        % {"name": user.public_name(), "phone": format_phone(phone)},
        fail_silently=True,
    )


def _language_of(user: User | None) -> str:
    language = getattr(user, "language", None) if user is not None and user.pk else None
    return language or translation.get_language() or settings.LANGUAGE_CODE


def _rider_group():
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=roles.RIDER)[0]
