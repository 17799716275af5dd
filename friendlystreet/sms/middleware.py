"""An SMS the visitor waits for (the code of a sign-up, of a sign-in, of a new number, and
allauth's "no account with this number" text) that the provider does not take: a clear
message and nothing written, instead of a 500 and half an account.

allauth sends these texts inside its own views, through our adapter
(accounts/adapter.py → send_sms), after it has saved what the step needs: a sign-up saves the
new user first and sends the code afterwards. So such a step is made one transaction here, the
view and the SMS together (SAVES_BEFORE_SENDING). For every unsafe request of allauth's pages
(/accounts/) and of its app API (/_allauth/), when the backend raises SmsError the transaction
is rolled back (no user, no changed number), the browser's session is put back as it was
before the request (no pending sign-in pointing at a user that was never saved), and the
visitor is told:

- on the web, 短信发送失败，请稍后再试。 on the same page (a redirect to it);
- in the app API, 503 `{"status": 503, "errors": [{"code": "sms_failed", "message": …}]}` with
  Retry-After, allauth's error shape.

Notifications' SMS are not concerned: they are Delivery rows sent by a task after the commit,
retried with back-off (friendlystreet/notifications/delivery.py). The provider's call now runs
inside the transaction, so a slow provider holds the new user's row that long: a few seconds at
worst (set the provider client's timeout), and nobody else can want that row yet.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from .backends import SmsError

logger = logging.getLogger(__name__)

GUARDED_PATHS = ("/accounts/", "/_allauth/")
APP_PATHS = ("/_allauth/",)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
SMS_FAILED = _("The SMS could not be sent. Please try again later.")
# What the app is told to wait before trying again (seconds).
RETRY_AFTER = 60
FAILED_ATTR = "fs_sms_failed"
# The steps that save something before the code goes out: a sign-up (the user), a number typed
# again on the code page or changed on the profile (the number). The others (a sign-in code, a
# resend, a password sign-in that must verify the number) save nothing first: they are told,
# with no transaction around them.
SAVES_BEFORE_SENDING = {
    "account_signup",
    "account_verify_phone",
    "account_change_phone",
    "headless:app:account:signup",
    "headless:app:account:verify_phone",
    "headless:app:account:manage_phone",
}


def _saves_before_sending(request) -> bool:
    try:
        return resolve(request.path_info).view_name in SAVES_BEFORE_SENDING
    except Resolver404:
        return False


class SmsFailureMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS or not request.path.startswith(GUARDED_PATHS):
            return self.get_response(request)
        # The browser's session as it came (app clients bring a token instead, in the view).
        before = None if request.path.startswith(APP_PATHS) else dict(request.session.items())
        if _saves_before_sending(request):
            with transaction.atomic():
                response = self.get_response(request)
                if getattr(request, FAILED_ATTR, False):
                    transaction.set_rollback(True)
        else:
            response = self.get_response(request)
        if getattr(request, FAILED_ATTR, False) and before is not None:
            request.session.clear()
            request.session.update(before)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, SmsError) or not request.path.startswith(GUARDED_PATHS):
            return None
        setattr(request, FAILED_ATTR, True)
        # The path, not the number: a backend's SmsError names the provider's answer, never the
        # full number (friendlystreet/sms/backends.py).
        logger.error("SMS not sent (%s %s): %s; nothing was saved", request.method, request.path, exception)
        if request.path.startswith(APP_PATHS):
            error = {"message": str(SMS_FAILED), "code": "sms_failed"}
            response = JsonResponse({"status": 503, "errors": [error]}, status=503)
            response["Retry-After"] = str(RETRY_AFTER)
            return response
        messages.error(request, SMS_FAILED)
        return HttpResponseRedirect(request.get_full_path())
