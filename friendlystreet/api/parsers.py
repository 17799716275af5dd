"""DRF's parsers, with their refusal in the caller's language: DRF words a body it cannot
read in English only ("JSON parse error - Expecting ..."). The parser's own detail stays in
brackets, for the developer of the client."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _detail(exc: ParseError) -> dict[str, str]:
    return {"detail": str(exc.detail).split(" - ", 1)[-1]}


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(_("The body is not valid JSON (%(detail)s).") % _detail(exc)) from None


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(_("The form data could not be read (%(detail)s).") % _detail(exc)) from None
