"""Where the site replaces a piece of allauth's: its 429 page (with the wait), its e-mail page
(riders have none), its app login (a mainland number as riders type it) and, for a signed-in
rider, its forgotten-password page. friendlystreet/urls.py mounts them in front of allauth's
(handler429 = rate_limited, accounts/email/, accounts/password/reset/ and
_allauth/app/v1/auth/login)."""

from __future__ import annotations

import math

from allauth.account import views as allauth_views
from allauth.headless.account.inputs import LoginInput
from allauth.headless.account.views import LoginView, ResendLoginCodeView
from allauth.headless.base.response import APIResponse, ConflictResponse
from allauth.headless.constants import Client
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.generic import RedirectView

from friendlystreet.ratelimit import allauth_wait

from . import no_account_codes
from .adapter import RETRY_AFTER_ATTR, MainlandPhoneField
from .password_forms import forgot_password_url

# The allauth limit (ACCOUNT_RATE_LIMITS) behind each page that can answer 429.
PAGE_LIMITS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_change_phone": "change_phone",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_reauthenticate": "reauthenticate",
}


def rate_limited(request, exception=None):
    """allauth's 429 (ROOT_URLCONF's handler429): the site's page, saying how long to wait at
    most: the wait the refusal set (middleware.retry_after), else the longest window of the
    page's limit ("3/10m/user": 10 minutes)."""
    match = getattr(request, "resolver_match", None)
    action = PAGE_LIMITS.get(match.url_name if match else "")
    seconds = getattr(request, RETRY_AFTER_ATTR, 0) or (allauth_wait(action) if action else 0)
    response = render(request, "429.html", {"wait_minutes": math.ceil(seconds / 60) if seconds else None}, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


# Riders have a phone, not an e-mail address: allauth's e-mail page only warns that none is set.
email_page = RedirectView.as_view(pattern_name="profile")


def password_reset(request):
    """allauth's forgotten-password page, but a signed-in rider (the page opened by its address, a
    bookmark) goes where 修改密码's 忘记密码？ goes: a code to their own number. The page's "sign in
    with an SMS code" only led back to 修改密码, asking for the forgotten password."""
    if request.user.is_authenticated and (url := forgot_password_url(request.user)):
        return redirect(url)
    return allauth_views.password_reset(request)


class AppLoginInput(LoginInput):
    # allauth's app login wants +86…; the web form, the code login and the app's code request
    # take the number as riders type it (13800000006, 138 0000 0006): the same field here.
    phone = MainlandPhoneField(required=False)


class AppLoginView(LoginView):
    input_class = AppLoginInput


app_login = AppLoginView.as_api_view(client=Client.APP)


class ConfirmLoginCodeView(allauth_views.ConfirmLoginCodeView):
    """allauth's code page, but its "request new code" for a number with no account is answered
    here (no_account_codes: allauth fails on it), as many times as allauth answers it for an
    account, and the button goes when it would."""

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "resend" and (phone := no_account_codes.pending_phone(request)):
            if no_account_codes.resend(request):
                no_account_codes.pretend_resent(request, phone)
                return HttpResponseRedirect(request.get_full_path())
            # Past the last new code: what allauth does for an account's number then, which no
            # longer takes "resend" (the code form, sent without a code: a wrong try).
            request.POST = request.POST.copy()
            del request.POST["action"]
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if no_account_codes.pending_phone(self.request) and not no_account_codes.can_resend(self.request):
            context["can_resend"] = False
        return context


confirm_login_code = ConfirmLoginCodeView.as_view()


class AppResendLoginCodeView(ResendLoginCodeView):
    def post(self, request, *args, **kwargs):
        # The app's "request new code" for a number with no account (no_account_codes): the 200
        # allauth gives when it sent one, and its 409 past the last.
        if no_account_codes.pending_phone(request):
            return APIResponse(request) if no_account_codes.resend(request) else ConflictResponse(request)
        return super().post(request, *args, **kwargs)


app_resend_login_code = AppResendLoginCodeView.as_api_view(client=Client.APP)
