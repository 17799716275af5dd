"""The staff dashboard's home (/staff/), as the demo reviewer opens it every morning: today's
work counted live, the figures of this month and the previous period, by community, the
charts and the partners. It seeds nothing of its own: the volume is the other apps' (riders,
claims, the ledger, vouchers, venues).

The figures are one bundle cached for everyone for a few minutes (friendlystreet/dashboard/
figures.py), so under load this measures the steady state: the live queues (a count each) and
the recorded badges; the first request after the cache lapses computes the figures afresh
(57 queries at small scale, pinned in tests/dashboard/test_home_page.py).
"""

from __future__ import annotations

from bench.scenarios import Context, Scenario

ORDER = 90
DESCRIPTION = "nothing of its own (the dashboard reads the other apps' volume)"
STAFF = 0.2  # the target for the dashboard home, as a ratio to the one-query ceiling


def scenarios(ctx: Context) -> list[Scenario]:
    return [Scenario("staff dashboard home (reviewer)", "/staff/", cookie=ctx.login_cookie("reviewer"), target=STAFF)]
