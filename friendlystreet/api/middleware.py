"""Bodies the views cannot read get a 400 the client can read.

- A body nested a thousand levels deep (`[[[[...]]]]`) makes Python's json parser raise
  RecursionError, which DRF's parsers and allauth's headless views let through: a 500 for
  what is only bad input, reachable without signing in.
- allauth's headless views answer a body that is not a JSON object with an empty 400, which
  an app can show nothing of.

The answer is in the shape the caller reads errors in: the project's under /api/,
allauth's (`{"status", "errors": [{"message", "code"}]}`) under /_allauth/, the site's 400
page elsewhere.

And a write sent to an API address without its final slash reaches the view it meant
(ApiWriteWithoutTheSlash)."""

from __future__ import annotations

import logging

from django.http import JsonResponse
from django.http.response import HttpResponseRedirectBase
from django.middleware.common import CommonMiddleware
from django.utils.http import escape_leading_slashes
from django.utils.translation import gettext as _

from friendlystreet.pages.views import _wants_json, error_400

log = logging.getLogger(__name__)

ALLAUTH_APP_PREFIX = "/_allauth/"
API_PREFIX = "/api/"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


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


class HttpResponsePermanentRedirectKeepingMethod(HttpResponseRedirectBase):
    status_code = 308


class ApiWriteWithoutTheSlash:
    """A write to an API address without its final slash (`POST /api/v1/claims`) is sent on
    with a 308, which clients follow with the same method and body.

    Django's APPEND_SLASH answers it with a 301, and clients follow a 301 with a GET: the
    claim's POST came back as the list of claims (200, nothing saved), a purchase as 405
    "GET not allowed"; with DEBUG on it was a 500 (CommonMiddleware's RuntimeError). Reads
    keep Django's 301: repeating a GET is the same request. Listed after CommonMiddleware, so
    that it sees the 404 first."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.common = CommonMiddleware(get_response)

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path.startswith(API_PREFIX)
            and request.method not in SAFE_METHODS
            and self.common.should_redirect_with_slash(request)
        ):
            return HttpResponsePermanentRedirectKeepingMethod(
                escape_leading_slashes(request.get_full_path(force_append_slash=True))
            )
        return response
