"""Middleware of the accounts: a word for a user whom staff deactivated while signed in
(deactivated_account_notice), the wait in allauth's refusals (retry_after), and a guard in
front of allauth's headless password reset (password_reset_key_guard)."""

from __future__ import annotations

import json

from allauth.account.adapter import get_adapter
from allauth.core.ratelimit import RateLimited, respond_429
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from friendlystreet import office
from friendlystreet.ratelimit import allauth_wait

from .adapter import RETRY_AFTER_ATTR

RESET_PATH_SUFFIX = "/auth/password/reset"


def _key(request) -> str | None:
    if request.method == "GET":
        return request.headers.get("X-Password-Reset-Key")
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None  # allauth answers a malformed body itself (api/middleware.py a too deep one)
    key = body.get("key") if isinstance(body, dict) else None
    if key in (None, "", [], {}):
        return None
    # As allauth's form field reads it: a JSON number -1 is the key "-1" (an empty user part).
    return key if isinstance(key, str) else str(key)


def _id_part_refused(key: str) -> bool:
    try:
        forms.CharField().clean(key.partition("-")[0])  # allauth's UserTokenForm.uidb36
    except ValidationError:
        return True
    return False


def password_reset_key_guard(get_response):
    """allauth 65.22.1 splits the reset key at its first "-" into the user's id and the token, puts
    the id through a forms.CharField and then decodes it even when that field refused it: an
    empty or blank id ("-abc", " -abc") or one holding a NUL character ("\\x00-abc") fails with a
    TypeError (a 500), where any other wrong key gets its 400 `invalid_password_reset`. Found
    by schemathesis in CI (twice). This answers such a key the way allauth answers every other
    wrong one, by asking the same field allauth asks; remove it once allauth does."""

    def middleware(request):
        if request.path.startswith("/_allauth/") and request.path.endswith(RESET_PATH_SUFFIX):
            key = _key(request)
            if key is not None and _id_part_refused(key):
                error = {
                    "message": str(get_adapter().error_messages["invalid_password_reset"]),
                    "code": "invalid_password_reset",
                    "param": "key",
                }
                return JsonResponse({"status": 400, "errors": [error]}, status=400)
        return get_response(request)

    return middleware


# The sign-in page's words for a deactivated account (templates/account/account_inactive.html).
ACCOUNT_DEACTIVATED = _(
    "Your account has been deactivated by the street office. If you have questions, contact the street office."
)
# App clients (a session token) are told by their 401 `session_expired` (accounts/authentication.py).
APP_PATHS = ("/api/", "/_allauth/")


def deactivated_account_notice(get_response):
    """A user whom staff deactivate while signed in is nobody from their next request on
    (Django's authentication takes an inactive user for no user, backends.py): that page, or the
    sign-in page it sends them to, says why, once, and the session ends. Without this they were
    signed out without a word. Only a browser that brings a session cookie is asked, and only a
    session whose user is no longer signed in costs a query."""

    def middleware(request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not request.path.startswith(APP_PATHS):
            user_id = request.session.get(SESSION_KEY)
            deactivated = get_user_model().objects.filter(pk=user_id, is_active=False)
            if user_id is not None and not request.user.is_authenticated and deactivated.exists():
                logout(request)
                # How to reach the office when it has said, as the sign-in page's own words do.
                messages.error(request, office.with_contact(ACCOUNT_DEACTIVATED))
        return get_response(request)

    return middleware


APP_PREFIX = "/_allauth/app/v1"
# The allauth limit (ACCOUNT_RATE_LIMITS) behind each endpoint of its app API that can answer
# 429: its answer says neither which limit nor how long (the web's pages: views.rate_limited).
APP_LIMITS = {
    "/auth/login": "login",
    "/auth/signup": "signup",
    "/auth/reauthenticate": "reauthenticate",
    "/auth/password/request": "reset_password",
    "/auth/password/reset": "reset_password_from_key",
    "/auth/phone/verify/resend": "verify_phone",
    "/account/password/change": "change_password",
    "/account/phone": "change_phone",
    "/account/email": "manage_email",
}


def retry_after(get_response):
    """Retry-After (seconds, at most) on allauth's refusals that have a wait: the 429s of its
    app API, and the 400 `too_many_login_attempts` after too many failed sign-ins (the adapter
    sets the wait, AccountAdapter.pre_authenticate).

    And a 429, not a 500, for a phone code asked again too soon: allauth raises RateLimited
    there (ACCOUNT_RATE_LIMITS["verify_phone"], changing the number again within 30 seconds,
    on the web or in the app) and answers it nowhere. It is the only limit allauth raises."""

    def middleware(request):
        response = get_response(request)
        if response.status_code >= 400 and not response.has_header("Retry-After"):
            seconds = getattr(request, RETRY_AFTER_ATTR, 0)
            if not seconds and response.status_code == 429 and request.path.startswith(APP_PREFIX):
                action = APP_LIMITS.get(request.path.removeprefix(APP_PREFIX))
                seconds = allauth_wait(action) if action else 0
            if seconds:
                response["Retry-After"] = str(seconds)
        return response

    def process_exception(request, exception):
        if isinstance(exception, RateLimited):
            setattr(request, RETRY_AFTER_ATTR, allauth_wait("verify_phone"))
            # The app API's JSON 429, or the site's page (handler429, which reads the wait).
            return respond_429(request)
        return None

    middleware.process_exception = process_exception
    return middleware
