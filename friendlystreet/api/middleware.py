"""A body nested a thousand levels deep (`[[[[...]]]]`) makes Python's json parser raise
RecursionError, which DRF's parsers and allauth's headless views let through: a 500 for
what is only bad input, reachable without signing in. Whatever view was parsing it, the
answer is the site's 400 (JSON under /api/ and /_allauth/, a page elsewhere)."""

from __future__ import annotations

import logging

from django.http import JsonResponse
from django.utils.translation import gettext as _

from friendlystreet.pages.views import _wants_json, error_400

log = logging.getLogger(__name__)


class RecursionIsBadRequest:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RecursionError):
            return None
        log.warning("refused a request nested too deeply to parse: %s %s", request.method, request.path)
        if _wants_json(request):
            message = _("The request body is nested too deeply to read.")
            return JsonResponse({"message": message, "code": "parse_error", "fields": {}}, status=400)
        return error_400(request, exception)
