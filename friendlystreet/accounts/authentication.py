"""DRF authentication of app clients by allauth's session token (the X-Session-Token header).

A stale token (logged out, expired, revoked, the password changed, the user deactivated)
has one meaning on every endpoint: the caller is not signed in.
- A public endpoint answers it as it answers anyone. Those answers are the same for
  everyone, and the venue ones carry `Cache-Control: public` (and skip authentication
  altogether), so a phone or a proxy may answer them without asking us: a 401 there could
  never be relied on.
- An endpoint that needs a signed-in caller answers 401 `session_expired` ("Your session has
  ended. Please sign in again.", in the caller's language) with `WWW-Authenticate:
  X-Session-Token`, where a caller who sent no token gets 401 `not_authenticated`
  (friendlystreet.api.errors.exception_handler asks `sent_a_session_token`).
"""

from __future__ import annotations

from allauth.headless.contrib.rest_framework import authentication
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions

SCHEME = "X-Session-Token"


class SessionExpired(exceptions.AuthenticationFailed):
    default_detail = _("Your session has ended. Please sign in again.")
    default_code = "session_expired"


class XSessionTokenAuthentication(authentication.XSessionTokenAuthentication):
    """allauth's class, with a stale token taken as no token (allauth's default): what that
    means is decided by the permissions the endpoint asks for (see the module's note). Being
    first in REST_FRAMEWORK, it names the scheme in the WWW-Authenticate header of every 401
    (DRF answers 403 without one)."""

    allow_invalid_session_tokens = True

    def authenticate_header(self, request) -> str:
        return SCHEME


def sent_a_session_token(request) -> bool:
    """Whether the caller sent a session token (asked when nobody was signed in by it)."""
    return bool(XSessionTokenAuthentication().get_session_token(request))


class XSessionTokenScheme(OpenApiAuthenticationExtension):
    """How /api/schema/ describes it (drf-spectacular's own extension matches allauth's class only)."""

    target_class = XSessionTokenAuthentication
    name = "XSessionToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": SCHEME,
            "description": "The session token allauth's headless API (/_allauth/app/v1/) returns at sign-in.",
        }
