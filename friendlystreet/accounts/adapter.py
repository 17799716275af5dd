"""allauth adapter: phones are stored on our User model, in E.164."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _gettext

from friendlystreet.sms import send_sms

from . import roles
from .models import User
from .phones import INVALID_PHONE_MESSAGE, normalize_phone


class MainlandPhoneField(forms.CharField):
    """Accepts 13800000001, 138 0000 0001 or +8613800000001; cleans to +8613800000001."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": "13800000001", "autocomplete": "tel", "type": "tel", "inputmode": "numeric"}),
        )
        kwargs.setdefault("label", _gettext("Mobile number"))
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

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs: Any) -> None:
        send_sms(phone, _gettext("Your verification code is %(code)s. It expires in 10 minutes.") % {"code": code})

    def send_unknown_account_sms(self, phone: str, **kwargs: Any) -> None:
        send_sms(phone, _gettext("Someone tried to sign in with this number, but it has no account yet."))

    def send_account_already_exists_sms(self, phone: str) -> None:
        send_sms(phone, _gettext("This number already has an account. Sign in instead, or reset the password."))

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


def _rider_group():
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=roles.RIDER)[0]
