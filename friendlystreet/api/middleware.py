"""Bodies the views cannot read get a 400 the client can read.

- A body nested a thousand levels deep (`[[[[...]]]]`) makes Python's json parser raise
  RecursionError, which DRF's parsers and allauth's headless views let through: a 500 for
  what is only bad input, reachable without signing in.
- allauth's headless views answer a body that is not a JSON object with an empty 400, which
  an app can show nothing of.

The answer is in the shape the caller reads errors in: the project's under /api/,
allauth's (`{"status", "errors": [{"message", "code"}]}`) under /_allauth/, the site's 400
page elsewhere."""

from __future__ import annotations

import logging

from django.http import JsonResponse
from django.utils.translation import gettext as _

from friendlystreet.pages.views import _wants_json, error_400

log = logging.getLogger(__name__)

ALLAUTH_APP_PREFIX = "/_allauth/"


def _allauth_error(message: str) -> JsonResponse:
    return JsonResponse({"status": 400, "errors": [{"message": message, "code": "invalid"}]}, status=400)


class UnreadableBodyIsA400:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 400 and not response.content and request.path.startswith(ALLAUTH_APP_PREFIX):
            return _allauth_error(_("The request could not be read: send a JSON object."))
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, RecursionError):
            return None
        log.warning("refused a request nested too deeply to parse: %s %s", request.method, request.path)
        message = _("The request body is nested too deeply to read.")
        if request.path.startswith(ALLAUTH_APP_PREFIX):
            return _allauth_error(message)
        if _wants_json(request):
            return JsonResponse({"message": message, "code": "parse_error", "fields": {}}, status=400)
        return error_400(request, exception)
