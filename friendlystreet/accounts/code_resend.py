"""How long a code page's "request new code" still waits (重新发送验证码 (42)).

A new code is offered RESEND_WAIT seconds after the last one was sent: an SMS takes a moment, and
a second one on its way would only confuse. The page used to count the wait from when it was
shown, so every reload (a wrong code, a refused form) started it again at 60. Now the session
keeps when the last code of each code flow (code_tries's purposes) was sent, as allauth says it
was (its "code sent" message, adapter.add_message: the same for a number with no account, so the
page tells no one which it is), and the page renders the seconds really left (data-wait);
codes.js counts down from there. Without the script the button works at
once, and allauth's own limits answer as they do (one code a number in 30 seconds for a
number's verification: adapter.CODES_TOO_OFTEN).

A provider's failure puts the session back as it was (sms/middleware.py): a code that never
left starts no wait.
"""

from __future__ import annotations

import math
import time

from . import code_tries

# At least allauth's own limit on a number's codes (ACCOUNT_RATE_LIMITS["verify_phone"], one in
# 30 seconds): a button the page lets go is not then refused.
RESEND_WAIT = 60
SESSION_KEY = "fs_code_sent_at"

# The code pages, by URL name, and the code flow each asks a code of.
PAGES = {
    "account_confirm_login_code": code_tries.LOGIN_CODE,
    "account_verify_phone": code_tries.VERIFY_PHONE,
    "account_confirm_reauthentication_code": code_tries.REAUTHENTICATE,
}


def code_sent(request, *purposes: str) -> None:
    """A code for `purposes` has just been sent (a resend too): the wait starts again."""
    session = getattr(request, "session", None)
    if session is None:
        return
    sent = dict(session.get(SESSION_KEY) or {})
    now = time.time()
    for purpose in purposes:
        sent[purpose] = now
    session[SESSION_KEY] = sent


def seconds_left(request, purpose: str) -> int:
    """Whole seconds before a new code for `purpose` is offered (0: now). When the session does not
    say when the last code went (one sent before this was kept), the full wait, as before."""
    session = getattr(request, "session", None)
    sent_at = (session.get(SESSION_KEY) or {}).get(purpose) if session is not None else None
    if not isinstance(sent_at, (int, float)):
        return RESEND_WAIT
    # Rounded up: the page never offers the button before the wait is over.
    return min(RESEND_WAIT, max(0, math.ceil(RESEND_WAIT - (time.time() - sent_at))))


def seconds_left_on_page(request) -> int:
    """The same for the code page being shown (its URL name)."""
    match = getattr(request, "resolver_match", None)
    purpose = PAGES.get(match.url_name) if match is not None else None
    return seconds_left(request, purpose) if purpose else RESEND_WAIT
