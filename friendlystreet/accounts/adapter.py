"""allauth adapter: phones are stored on our User model, in E.164."""

from __future__ import annotations

import logging
import math
import smtplib
import time
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.utils import get_login_redirect_url
from allauth.core import context
from allauth.core import ratelimit as allauth_ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from friendlystreet import office
from friendlystreet.audit.services import audit_record
from friendlystreet.ratelimit import allauth_wait
from friendlystreet.sms import send_sms
from friendlystreet.sms.backends import SmsError

from . import code_resend, code_tries, no_account_codes, roles
from .language import message_language
from .models import User
from .phones import INVALID_PHONE_MESSAGE, format_phone, mask_phone, normalize_phone, rider_username

logger = logging.getLogger(__name__)

# What a phone field shows before anything is typed: the shape of a number, not a real one
# (13800000001 is a demo rider's).
PHONE_PLACEHOLDER = "138xxxxxxxx"

# allauth says "too many failed login attempts" for three different things; on the pages
# where it means codes, riders are told which (phone_forms.py, add_message below).
# Each limit on codes (a number's 3 a minute, one each 30 s) has passed a minute later.
CODES_TOO_OFTEN = _("You are asking for codes too often. Please try again in a minute.")
TOO_MANY_WRONG_CODES = _("Too many wrong codes. Please ask for a new code.")
# The same after the codes that verify the number at sign-up (or at a sign-in by password): the
# account is there, and the login page it lands on has no "ask for a new code" for it. Signing
# in with the number and the password sends the next one, once allauth's verify_phone limit
# (one code a number in 30 seconds) allows: before, it was a 429 page.
TOO_MANY_WRONG_CODES_SIGN_IN = _(
    "Too many wrong codes. In a minute, sign in below with your mobile number and password: a new code will be sent."
)

# The number a sign-up's (or a sign-in's) verification code went to, and when: if the code runs
# out, allauth sends the rider to the login page without a word (the account is there, the number
# not verified); that page then says so and keeps the number (forms.LoginForm).
VERIFY_CODE_SENT = "fs_verify_code_sent"

# Riders have a phone, no e-mail address (ACCOUNT_USER_MODEL_EMAIL_FIELD = None); staff and
# partners may have one, set in the admin. Nobody adds one here: an unverified address added
# with a stolen session (allauth's app API, /account/email) could then reset the password.
# The one page where an address is typed is the web's forgotten-password page, for staff.
EMAIL_NOT_USED = _(
    "This site does not use e-mail addresses: sign in with your mobile number. Forgot your password? "
    "Sign in with an SMS code, then set a new password."
)
EMAIL_PAGES = {"account_reset_password"}

# Django's UserAttributeSimilarityValidator compares a password with the username, which for a
# rider is made of the number (rider13800000001) and which they never see: its "too similar to
# the 用户名" named a word they do not know, and at sign-up, before there is a username, a
# password made of the number passed (13800000001a). Riders are told it is their number.
PASSWORD_LIKE_PHONE = _("This password is too similar to your mobile number.")

NO_PHONE = _(
    "This account has no mobile number, and every sign-in here is confirmed with one. Ask a street admin "
    "to open an account for you with your number on Users and roles."
)


class MainlandPhoneField(forms.CharField):
    """Accepts 13800000001, 138 0000 0001 or +8613800000001; cleans to +8613800000001."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"placeholder": PHONE_PLACEHOLDER, "autocomplete": "tel", "type": "tel", "inputmode": "numeric"}
            ),
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
    # allauth's wording where ours differs: 手机号 (not 电话号码), and no "和/或".
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "phone_password_mismatch": _("The mobile number or password is not correct."),
        "username_password_mismatch": _("The username or password is not correct."),
        # allauth raises it when the current password is wrong (an empty one is "required").
        "enter_current_password": _("The current password is not correct."),
        "phone_taken": _("This mobile number is already used by another account."),
        # Only a code asked for again too soon gets this one (allauth's resend buttons).
        "rate_limited": CODES_TOO_OFTEN,
    }

    def clean_email(self, email: str) -> str:
        # allauth asks this of every address typed (its documented hook for restricting them):
        # adding one (the app's /account/email, the web's e-mail page) and asking a reset link
        # (the app's /auth/password/request: a 400 here, nothing sent). Only the web's reset
        # page, where staff ask for their link, takes one.
        match = getattr(self.request, "resolver_match", None)
        if match is None or match.view_name not in EMAIL_PAGES:
            raise forms.ValidationError(EMAIL_NOT_USED, code="email_not_used")
        return super().clean_email(email)

    def clean_password(self, password: str, user: User | None = None) -> str:
        phone = getattr(user, "phone", None)
        like_phone = bool(phone) and password_like_phone(password, phone)
        errors = [forms.ValidationError(PASSWORD_LIKE_PHONE, code="password_too_similar")] if like_phone else []
        try:
            super().clean_password(password, user)
        except forms.ValidationError as error:
            for item in error.error_list:
                if item.code == "password_too_similar" and phone and user.username == rider_username(phone):
                    # The username is the number's: say the number, once.
                    if not like_phone:
                        like_phone = True
                        errors.append(forms.ValidationError(PASSWORD_LIKE_PHONE, code="password_too_similar"))
                else:
                    errors.append(item)
        if errors:
            raise forms.ValidationError(errors)
        return password

    def phone_form_field(self, **kwargs: Any) -> forms.Field:
        kwargs.pop("label", None)
        return MainlandPhoneField(**kwargs)

    # Every SMS comes from the catalogue, in the recipient's language: a known user's
    # preference, else the language of the request (language.message_language). send_sms is
    # told it: a provider's template per language must be the text's (sms/aliyun.py).
    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs: Any) -> None:
        # allauth says "reauthentication" for its sign-in and confirm-it-is-you codes, nothing for
        # a number's verification.
        if "reauthentication" not in kwargs:
            purpose = code_tries.VERIFY_PHONE
        else:
            purpose = code_tries.REAUTHENTICATE if kwargs["reauthentication"] else code_tries.LOGIN_CODE
        code_tries.flow_started(context.request, purpose)
        if purpose == code_tries.LOGIN_CODE:
            no_account_codes.flow_ended(context.request)
        language = message_language(user)
        with translation.override(language):
            if not user.is_active:
                # A code could not sign in anyway (allauth would stop at the inactive page):
                # the owner of the number learns why instead, and nothing on screen says it.
                # How to reach the office when it has said (friendlystreet.office), as the
                # deactivated account's page does.
                text = office.with_contact(
                    gettext(
                        "Your Friendly Street account has been deactivated by the street office, so no sign-in "
                        "code was sent. If you have questions, contact the street office."
                    )
                )
            elif phone != user.phone and self.get_user_by_phone(phone) is not None:
                # Changing to a number another account has: the page refuses it before
                # (phone_forms.ChangePhoneForm); this keeps a code from its owner whatever the
                # way in (allauth's app API too), as the code could never be used.
                return
            else:
                if purpose == code_tries.REAUTHENTICATE:
                    # The rider is signed in: not a sign-in code, one that confirms it is them.
                    text = gettext("Your code to confirm it is you is %(code)s. It expires in 10 minutes.")
                else:
                    text = gettext("Your verification code is %(code)s. It expires in 10 minutes.")
                text = text % {"code": code}
                request = context.request
                if request is not None and hasattr(request, "session") and not request.user.is_authenticated:
                    request.session[VERIFY_CODE_SENT] = {"phone": phone, "at": time.time()}
        self._send_while_they_wait(phone, text, language)

    def send_unknown_account_sms(self, phone: str, **kwargs: Any) -> None:
        # allauth's page asks for a code all the same (and counts the tries): no one can tell.
        code_tries.flow_started(context.request, code_tries.LOGIN_CODE, code_tries.VERIFY_PHONE)
        no_account_codes.flow_started(context.request, phone)
        # Not a dead end: the address to sign up, absolute as a link in an SMS must be, on the
        # host the visitor used (the request's, which ALLOWED_HOSTS has checked).
        signup = reverse("account_signup")
        if self.request is not None:
            signup = self.request.build_absolute_uri(signup)
        language = message_language(None)
        with translation.override(language):
            text = gettext("Someone tried to sign in with this number, but it has no account yet. To sign up: %(url)s") % {
                "url": signup
            }
        self._send_while_they_wait(phone, text, language)

    def send_account_already_exists_sms(self, phone: str) -> None:
        code_tries.flow_started(context.request, code_tries.LOGIN_CODE, code_tries.VERIFY_PHONE)
        language = message_language(self.get_user_by_phone(phone))
        with translation.override(language):
            text = gettext("This number already has an account. Sign in instead, or reset the password.")
        self._send_while_they_wait(phone, text, language)

    def _send_while_they_wait(self, phone: str, text: str, language: str) -> None:
        """Send `text`, written in `language`, now, in allauth's view. A provider's failure (SmsError) goes on up to
        sms/middleware.py, which rolls the step back and says so; a code that never left does not
        count against the number's limit (allauth's verify_phone, one code in 30 seconds), so the
        rider can try again as soon as the provider is back."""
        try:
            send_sms(phone, text, language=language)
        except SmsError:
            if self.request is not None:
                allauth_ratelimit.clear(self.request, action="verify_phone", key=phone)
            raise

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
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            # allauth says only "later": say how long at most (the longest window of
            # ACCOUNT_RATE_LIMITS["login_failed"]), and tell apps in Retry-After (the 400 of its
            # app API; middleware.retry_after).
            seconds = allauth_wait("login_failed")
            if request is not None:
                setattr(request, RETRY_AFTER_ATTR, seconds)
            minutes = math.ceil(seconds / 60)
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-ins. Please try again in %(minutes)s minute, or sign in with an SMS code.",
                    "Too many failed sign-ins. Please try again in %(minutes)s minutes, or sign in with an SMS code.",
                    minutes,
                )
                % {"minutes": minutes},
                code="too_many_login_attempts",
            ) from error

    def pre_login(self, request, user, **kwargs: Any):
        response = super().pre_login(request, user, **kwargs)
        if response is not None or user.phone or request is None or request.path.startswith("/_allauth/"):
            return response
        # allauth's phone verification stops the sign-in of an account without a number (an
        # account made with createsuperuser, or in Django admin) and goes back to an empty form
        # saying nothing: say why, and who can help.
        messages.error(request, NO_PHONE)
        return HttpResponseRedirect(reverse("account_login"))

    def post_login(self, request, user, **kwargs) -> Any:
        # The home page greets the user by name (您好，孙浩) as its heading: a sign-in that lands
        # there is not greeted a second time by a message above it (欢迎回来，孙浩！). A sign-in
        # asked for by another page (?next=) still is, there (add_message). A partner operator's
        # home is the redemption page, which does not greet: their first welcome stays.
        lands = get_login_redirect_url(request, kwargs.get("redirect_url"), signup=kwargs.get("signup", False))
        setattr(request, LANDS_ON_GREETING_ATTR, urlsplit(lands).path == reverse("home") and _home_greets(user))
        return super().post_login(request, user, **kwargs)

    def login(self, request, user) -> None:
        # Django stamps last_login as it signs the user in, before allauth says "signed in as":
        # whether this is the account's first sign-in is read now (add_message below).
        if request is not None and user.last_login is None:
            setattr(request, FIRST_SIGN_IN_ATTR, True)
        super().login(request, user)

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
        # allauth calls this with the number the code was sent to: the user's own (sign-up,
        # sign-in by code) or, after 更改手机号, the new one, which then replaces the old.
        if user.phone == phone:
            User.objects.filter(pk=user.pk, phone=phone).update(phone_verified=True)
            user.phone_verified = True
        else:
            old = phone_change(user=user, phone=phone)
            if old and self.request is not None:
                setattr(self.request, PHONE_CHANGED_ATTR, old)
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
        # allauth says a code went whenever its page would: a real one, the SMS that stands for one
        # (no account, an account already there) or none (a resend to such a number) alike, so
        # the wait before the next (code_resend.py) starts here, the same for every number.
        if message_template in CODE_SENT_MESSAGES:
            if message_template == PHONE_CODE_SENT:
                purpose = code_tries.VERIFY_PHONE
            elif (message_context or {}).get("reauthentication"):
                purpose = code_tries.REAUTHENTICATE
            else:
                purpose = code_tries.LOGIN_CODE
            code_resend.code_sent(request, purpose)
        # A rider who has just signed up gets one message on their first page, the welcome
        # (which names the verified number), not three stacked: "phone verified" and
        # "signed in as" say nothing the welcome does not.
        if message_template in WELCOME_REPLACES and getattr(request, WELCOMED_ATTR, False):
            return
        if message_template == LOGGED_IN and getattr(request, LANDS_ON_GREETING_ATTR, False):
            return  # the home page's heading greets them (post_login)
        if message_template == LOGGED_IN and getattr(request, FIRST_SIGN_IN_ATTR, False):
            # An account's first sign-in (a partner operator or staff member whose account the
            # street office opened) is a welcome, not "welcome back".
            message_template, message = None, first_sign_in_message((message_context or {}).get("user"))
        elif message_template == PHONE_VERIFIED and getattr(request, PHONE_CHANGED_ATTR, None):
            # Not "verified" but what happened: the number changed, and what it means.
            message_template = None
            message = gettext("Your mobile number is now %(phone)s. Sign in with it from now on.") % {
                "phone": format_phone((message_context or {}).get("phone"))
            }
        elif message is not None and message == self.error_messages["too_many_login_attempts"]:
            # allauth adds it as a message only after the last wrong code (sign-in code, phone
            # verification): a new code helps at once, there is nothing to wait for.
            match = getattr(request, "resolver_match", None)
            verifying = match is not None and match.url_name == "account_verify_phone" and not request.user.is_authenticated
            message = str(TOO_MANY_WRONG_CODES_SIGN_IN if verifying else TOO_MANY_WRONG_CODES)
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def get_password_change_redirect_url(self, request) -> str:
        # Back where the rider came from (我的资料, which says the password changed), not
        # allauth's empty form again.
        return reverse("profile")

    def get_user_by_phone(self, phone: str) -> User | None:
        normalized = normalize_phone(phone)
        if normalized is None:
            return None
        return User.objects.filter(phone=normalized).order_by("pk").first()

    def populate_username(self, request, user: User) -> None:
        # Riders never see a username; derive a unique one from the phone. Unique, not only
        # derived: an account that changed its number before phone_change renamed it may still
        # hold the name made of this one (signing up with the number was then a 500).
        if not user.username:
            user.username = self.generate_unique_username([rider_username(user.phone) if user.phone else None, "rider"])

    def save_user(self, request, user: User, form, commit: bool = True) -> User:
        # The phone is known before the first save so that the username derives from it.
        user.phone = form.cleaned_data.get("phone") or None
        user.privacy_consent_at = timezone.now()
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(_rider_group())
        return user


def password_like_phone(password: str, phone: str) -> bool:
    """Whether `password` is too like the mobile number (E.164 or as typed): Django's rule for
    the username (UserAttributeSimilarityValidator), applied to the number's 11 digits."""
    normalized = normalize_phone(phone)
    digits = normalized[3:] if normalized else phone
    if digits in password:
        return True
    try:
        UserAttributeSimilarityValidator(user_attributes=("phone",)).validate(password, User(phone=digits))
    except forms.ValidationError:
        return True
    return False


def phone_change(*, user: User, phone: str) -> str:
    """Replace the user's number by one they have just proved with an SMS code; return the old
    one. The old number can no longer sign in and, if it was ever proved, is told by SMS (its
    holder may be someone else by now: the new number is masked)."""
    with transaction.atomic():
        # Locked: two changes of the same account at once must not both read the same old number.
        locked = User.objects.select_for_update().get(pk=user.pk)
        old, old_verified = locked.phone, locked.phone_verified
        # The unique constraint refuses a number another account took meanwhile (allauth checked
        # just before, in the same request: VerifyPhoneForm).
        locked.phone = phone
        locked.phone_verified = True
        if old and locked.username == rider_username(old):
            # A username made of the old number goes with it: it would still sign in (the
            # username method, with the password), show the old number to staff and in the app,
            # and keep the number's next holder from signing up.
            locked.username = get_adapter().generate_unique_username([rider_username(phone), "rider"])
        locked.save(update_fields=["phone", "phone_verified", "username"])
        audit_record(
            actor=user,
            action="accounts.phone_changed",
            target=locked,
            data={"phone": [mask_phone(old), mask_phone(phone)]},
        )
        if old and old_verified:
            language = message_language(locked)
            with translation.override(language):
                # How to reach the office when it has said (friendlystreet.office): a change the
                # holder did not make is someone else in their account, and "at once" needs a way.
                text = office.with_contact(
                    gettext(
                        "Your Friendly Street account now uses the mobile number %(phone)s; this number no longer "
                        "signs in to it. If you did not make this change, contact the street office at once."
                    )
                    % {"phone": mask_phone(phone)}
                )
            transaction.on_commit(lambda: _send_notice(old, text, language))
    user.phone = phone
    user.phone_verified = True
    user.username = locked.username
    return old


def _send_notice(phone: str, text: str, language: str) -> None:
    try:
        send_sms(phone, text, language=language)
    except SmsError:
        # The change is made and the rider told on screen; a notice that could not go out is
        # logged, not turned into an error page after the fact.
        logger.exception("Could not send the phone-change notice to %s", mask_phone(phone))


PHONE_VERIFIED = "account/messages/phone_verified.txt"
LOGIN_CODE_SENT = "account/messages/login_code_sent.txt"
PHONE_CODE_SENT = "account/messages/phone_verification_sent.txt"
CODE_SENT_MESSAGES = (LOGIN_CODE_SENT, PHONE_CODE_SENT)
# Set on a request refused with a wait (seconds): middleware.retry_after says it in Retry-After.
RETRY_AFTER_ATTR = "fs_retry_after"
# Set on the request whose verified code changed the number (to the old number).
PHONE_CHANGED_ATTR = "fs_phone_changed_from"
WELCOME_PENDING = "fs_welcome_pending"
# Set on the request that welcomed a new rider: allauth's messages of the same request stay out.
WELCOMED_ATTR = "fs_welcomed"
LOGGED_IN = "account/messages/logged_in.txt"
WELCOME_REPLACES = (PHONE_VERIFIED, LOGGED_IN)
# Set on the request that signs an account in for the first time (its last_login was empty).
FIRST_SIGN_IN_ATTR = "fs_first_sign_in"
# Set on a sign-in that lands on the home page, whose heading greets the user by name.
LANDS_ON_GREETING_ATTR = "fs_lands_on_greeting"


def _home_greets(user) -> bool:
    """Whether the user's home page opens with 您好，<name> (pages.views.home): a rider's and
    staff's does; a partner operator's home is the redemption page."""
    return user.has_perm(roles.STAFF_AREA) or not user.has_perm(roles.REDEMPTION_PAGE)


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


def first_sign_in_message(user) -> str:
    """The first sign-in's greeting; a partner operator's first page is the redemption page
    (pages.views.home), which it names."""
    name = user.public_name() if user is not None else ""
    if user is not None and user.has_perm(roles.REDEMPTION_PAGE) and not user.has_perm(roles.STAFF_AREA):
        return gettext("Welcome, %(name)s! Your home page is your redemption page.") % {"name": name}
    return gettext("Welcome, %(name)s!") % {"name": name}


def _rider_group():
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=roles.RIDER)[0]
