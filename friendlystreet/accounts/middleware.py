"""A guard in front of allauth's headless password reset.

allauth 65.22.1 splits the reset key at its first "-" into the user's id and the token, puts
the id through a forms.CharField and then decodes it even when that field refused it: an
empty or blank id ("-abc", " -abc") or one holding a NUL character ("\x00-abc") fails with a
TypeError (a 500), where any other wrong key gets its 400 `invalid_password_reset`. Found
by schemathesis in CI (twice). This answers such a key the way allauth answers every other
wrong one, by asking the same field allauth asks; remove it once allauth does."""

from __future__ import annotations

import json

from allauth.account.adapter import get_adapter
from django import forms
from django.core.exceptions import ValidationError
from django.http import JsonResponse

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
