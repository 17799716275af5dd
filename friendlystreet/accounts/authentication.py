"""DRF authentication of app clients by allauth's session token (the X-Session-Token header)."""

from __future__ import annotations

from allauth.headless.contrib.rest_framework import authentication
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class XSessionTokenAuthentication(authentication.XSessionTokenAuthentication):
    """allauth's class, strict about tokens: a token that names no session (logged out,
    expired, revoked) is refused with 401 rather than treated as no token, so the app knows
    to sign in again; and, being first in REST_FRAMEWORK, it names the scheme in the
    WWW-Authenticate header of every 401 (DRF answers 403 without one)."""

    allow_invalid_session_tokens = False


class XSessionTokenScheme(OpenApiAuthenticationExtension):
    """How /api/schema/ describes it (drf-spectacular's own extension matches allauth's class only)."""

    target_class = XSessionTokenAuthentication
    name = "XSessionToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Session-Token",
            "description": "The session token allauth's headless API (/_allauth/app/v1/) returns at sign-in.",
        }
