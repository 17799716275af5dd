"""Every API error is JSON: {"message": ..., "code": ..., "fields": {...}} with a 4xx status."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as FieldProblems
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def one_of(choices) -> str:
    """The error for a query parameter outside its choices, in the request's language."""
    return _("Use one of: %(choices)s.") % {"choices": ", ".join(choices)}


class ErrorSerializer(serializers.Serializer):
    """The body of every error (for the schema: views name it where an answer may be one)."""

    message = serializers.CharField()
    code = serializers.CharField()
    fields = serializers.DictField()


class DomainError(Exception):
    """A business rule refused the action. Services raise subclasses; the API answers 409.

    `code` is stable (clients branch on it), `message` is translated for people.
    """

    code = "conflict"
    status_code = status.HTTP_409_CONFLICT
    default_message = ""

    def __init__(self, message: str | None = None, *, extra: dict | None = None) -> None:
        self.message = str(message or self.default_message or self.code)
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


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"message": exc.message, "code": exc.code, "fields": {}, **exc.extra}
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("You do not have permission to do this."))
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
        else:
            fields = {}
            message = _flatten(detail)[0]
        response.data = {"message": message, "code": "invalid", "fields": fields}
    else:
        code = exc.get_codes() if hasattr(exc, "get_codes") else "error"
        if not isinstance(code, str):
            code = "error"
        response.data = {"message": _text(exc.detail), "code": code, "fields": {}}
    return response
