"""How many tries an SMS code has left, for the code pages to say (code_forms.py).

allauth counts the wrong codes of one code flow (a sign-in by code, a number's verification, a
confirmation that it is you) and ends the flow at the last one allowed
(ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS, ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS), but keeps the count
in its internal flow state, with no public way to read it. So the same events are counted here,
beside allauth's, in the session:

- a flow starts when a code (or the SMS that stands for one: no account, an account already
  there) is sent other than by the code page's "request new code" or "use this number", which
  go on with allauth's count (the adapter calls `flow_started`);
- every refused code form is a try, as allauth's views count it (their form_invalid), whether the
  code was wrong or missing (the code forms call `record_try`).

The count only decides what the page says; allauth alone decides when a flow ends.
"""

from __future__ import annotations

from allauth.account import app_settings
from django.utils.translation import ngettext

LOGIN_CODE = "login_code"
VERIFY_PHONE = "verify_phone"
REAUTHENTICATE = "reauthenticate"

SESSION_KEY = "fs_code_tries"
# The code pages' own buttons that send another code within the same flow.
SAME_FLOW_ACTIONS = {"resend", "change"}


def max_tries(purpose: str) -> int:
    if purpose == VERIFY_PHONE:
        return app_settings.PHONE_VERIFICATION_MAX_ATTEMPTS
    return app_settings.LOGIN_BY_CODE_MAX_ATTEMPTS


def flow_started(request, *purposes: str) -> None:
    """A code was sent for `purposes`: unless it was sent again from the code's page, a new flow
    starts with all its tries."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if request.method == "POST" and request.POST.get("action") in SAME_FLOW_ACTIONS:
        return
    tries = dict(session.get(SESSION_KEY) or {})
    for purpose in purposes:
        tries.pop(purpose, None)
    session[SESSION_KEY] = tries


def record_try(request, purpose: str) -> int:
    """A refused code: return how many tries are left after it."""
    session = getattr(request, "session", None)
    if session is None:
        return max_tries(purpose)
    tries = dict(session.get(SESSION_KEY) or {})
    tries[purpose] = tries.get(purpose, 0) + 1
    session[SESSION_KEY] = tries
    return max(max_tries(purpose) - tries[purpose], 0)


def wrong_code_message(left: int) -> str:
    """What every code page says of a wrong code with tries left: the sign-in and sign-up code
    pages (code_forms.py) and the account deletion's (privacy.services.WrongCode)."""
    return ngettext("Wrong code. %(count)s try left.", "Wrong code. %(count)s tries left.", left) % {"count": left}
