""" "Request new code" in a sign-in by code for a number that has no account.

To tell no one which numbers have accounts, allauth answers a sign-in by code for a number
without one as for any other: an SMS (ours says there is no account and how to sign up) and
the code page. But its "request new code" then fails an assertion (65.22.1: it makes a new code
for the flow's user, who does not exist), a 500 on the page and in the app's API that also gave
the secret away. Until allauth handles it, that resend is answered here as allauth answers one
for an account: the page's "code sent" message and back to the code page, the app's 200.
Nothing is sent, as allauth sends nothing on a resend to a number with no account.

The session remembers the number whose code page stands for no account (the adapter's
`send_unknown_account_sms`) until a real sign-in code is sent or the flow's time is up, while
allauth's sign-in-by-code step is still the session's (not ended by the last wrong code, a
sign-up, a sign-out: an account's number then gets allauth's 409, and so must this one), and how
many new codes it was "sent": allauth offers an account's number LOGIN_BY_CODE_MAX_RESEND_COUNT
of them, then no more (the page's button gone, the app's 409), and a number without one must run
out at the same count, or a button still there after the last would say which it is.
"""

from __future__ import annotations

import time

from allauth.account import app_settings
from allauth.account.adapter import get_adapter
from allauth.account.stages import LoginByCodeStage, LoginStageController
from django.contrib import messages

SESSION_KEY = "fs_no_account_code"


def flow_started(request, phone: str) -> None:
    """allauth has just answered a sign-in by code for `phone`, which has no account."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_KEY] = {"phone": phone, "at": time.time(), "resends": 0}


def flow_ended(request) -> None:
    """A real sign-in code was sent: the flow is someone's."""
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(SESSION_KEY, None)


def pending_phone(request) -> str | None:
    """The number of the sign-in by code under way if it has no account, else None."""
    session = getattr(request, "session", None)
    state = session.get(SESSION_KEY) if session is not None else None
    if not state or time.time() - state.get("at", 0) > app_settings.LOGIN_BY_CODE_TIMEOUT:
        return None
    # allauth ends its step without telling us (the last wrong code, a sign-up or a sign-out in the
    # same session); its code page checks that before asking here, the app's resend does not.
    if LoginStageController.enter(request, LoginByCodeStage.key) is None:
        return None
    return state.get("phone")


def can_resend(request) -> bool:
    """Would allauth still send an account's number a new code in this flow (its resend count)?"""
    state = request.session.get(SESSION_KEY) or {}
    return state.get("resends", 0) < app_settings.LOGIN_BY_CODE_MAX_RESEND_COUNT


def resend(request) -> bool:
    """The flow's "request new code", counted as allauth counts an account's: True while allauth
    would send one, False past the last."""
    if not can_resend(request):
        return False
    state = dict(request.session[SESSION_KEY])
    state["resends"] = state.get("resends", 0) + 1
    request.session[SESSION_KEY] = state
    return True


def pretend_resent(request, phone: str) -> None:
    """What a resend says on the page, as allauth says it when it did send one."""
    get_adapter(request).add_message(
        request,
        messages.SUCCESS,
        "account/messages/login_code_sent.txt",
        {"recipient": phone, "phone": phone, "reauthentication": False},
    )
