"""Every API error is JSON: {"message": ..., "code": ..., "fields": {...}} with a 4xx status."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as FieldProblems
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from friendlystreet import office
from friendlystreet.accounts.authentication import SessionExpired, sent_a_session_token

# The one wording of a refused permission (DRF's default says the same in other words).
NO_PERMISSION = _lazy("You do not have permission to do this.")
# A body of JSON `null` where the operation reads an object (_is_a_null_body).
NULL_BODY = _lazy("The request has no fields: send them as a JSON object.")
# DRF's SessionAuthentication refuses a cookie client's write without the CSRF token with an
# untranslated PermissionDenied("CSRF Failed: <reason>"); it is answered as the site answers a
# failed CSRF check (friendlystreet.pages.views.csrf_failure).
DRF_CSRF_FAILED = "CSRF Failed:"


def one_of(choices) -> str:
    """The error for a query parameter outside its choices, in the request's language."""
    return _("Use one of: %(choices)s.") % {"choices": ", ".join(choices)}


class ErrorSerializer(serializers.Serializer):
    """Every error answer (4xx) has this body. Show `message` to the user: it is written for
    people, in the request's language (Accept-Language). Branch on `code`: it is stable and
    never translated (each operation lists the codes it may give). `fields` maps each request
    field or parameter that is not valid to its messages (400 `invalid`), and is empty
    otherwise. A few refusals add data beside these three, named in the operation (a 409
    `insufficient_points` has `balance` and `cost`)."""

    message = serializers.CharField(help_text="For people, in the request's language.")
    code = serializers.CharField(help_text="Stable, for the app to branch on (e.g. `invalid`, `session_expired`).")
    fields = serializers.DictField(help_text="Field or parameter name → its messages; empty unless a field is not valid.")


class DomainError(Exception):
    """A business rule refused the action. Services raise subclasses; the API answers 409.

    `code` is stable (clients branch on it), `message` is translated for people.
    """

    code = "conflict"
    status_code = status.HTTP_409_CONFLICT
    default_message = ""
    # The message sends its reader to the street office: how to reach it follows, when the
    # office has said (friendlystreet.office.with_contact), on the page and in the API alike.
    office_contact = False

    def __init__(self, message: str | None = None, *, extra: dict | None = None) -> None:
        self.message = str(message or self.default_message or self.code)
        if self.office_contact:
            self.message = office.with_contact(self.message)
        self.extra = extra or {}
        super().__init__(self.message)


def _text(value) -> str:
    """A message as JSON can carry it: DRF quotes the input back ('"\ud800" is not a valid
    choice'), and a lone surrogate cannot be encoded in UTF-8 (the response would be a 500)."""
    return str(value).encode("utf-8", "replace").decode("utf-8")


def _flatten(detail):
    if isinstance(detail, list):
        return [_flatten(d) if isinstance(d, dict | list) else _text(d) for d in detail]
    if isinstance(detail, dict):
        return {_text(k): _flatten(v) for k, v in detail.items()}
    return [_text(detail)]


def _is_a_null_body(detail: dict) -> bool:
    """DRF's answer to a body of JSON `null`: an untranslated 'No data provided' (a string in
    rest_framework/serializers.py, outside its catalogue), in English to a Chinese app."""
    errors = detail.get("non_field_errors") or []
    return len(detail) == 1 and len(errors) == 1 and getattr(errors[0], "code", None) == "null"


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"message": exc.message, "code": exc.code, "fields": {}, **exc.extra}
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(NO_PERMISSION)
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith(DRF_CSRF_FAILED):
        exc = exceptions.PermissionDenied(_("CSRF check failed: reload the page and try again."), code="csrf_failed")
    elif isinstance(exc, FieldProblems):
        # A service's check of fields that belong together (e.g. an activity's dates): the
        # same 400 as a serializer's, so the rule lives once, in the service.
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: let Django's handler500 (JSON under /api/) answer
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            fields = _flatten(detail)
            non_field = fields.pop("non_field_errors", None)
            message = non_field[0] if non_field else _("Some fields are not valid.")
            if _is_a_null_body(detail):
                message = str(NULL_BODY)
        else:
            fields = {}
            message = _flatten(detail)[0]
        response.data = {"message": message, "code": "invalid", "fields": fields}
    else:
        code = exc.get_codes() if hasattr(exc, "get_codes") else "error"
        if not isinstance(code, str):
            code = "error"
        message = _text(exc.detail)
        if isinstance(exc, exceptions.NotAuthenticated) and sent_a_session_token(context["request"]):
            # A token came, and it signed nobody in: the session it named has ended
            # (friendlystreet/accounts/authentication.py). Same 401, same WWW-Authenticate.
            message, code = str(SessionExpired.default_detail), SessionExpired.default_code
        elif code == "permission_denied" and message == str(exceptions.PermissionDenied.default_detail):
            message = str(NO_PERMISSION)
        response.data = {"message": message, "code": code, "fields": {}}
    return response
