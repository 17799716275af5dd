"""The staff dashboard's home (/staff/), as the demo reviewer opens it every morning: today's
work counted live, the figures of this month and the previous period, by community, the
charts and the partners. It seeds nothing of its own: the volume is the other apps' (riders,
claims, the ledger, vouchers, venues).

The figures are one bundle cached for everyone for a few minutes, with its rendering
(friendlystreet/dashboard/figures.py), so under load this measures the steady state: the user,
today's work counted live (a count per queue, the oldest item of the non-empty ones), the
recorded badges and the bell, 13 queries for the reviewer. The first request after the cache
lapses computes the figures afresh (62 queries for a street admin, pinned with the warm count
in tests/dashboard/test_home_page.py; about half a second on the large seed).
"""

from __future__ import annotations

from bench.scenarios import Context, Scenario

ORDER = 90
DESCRIPTION = "nothing of its own (the dashboard reads the other apps' volume)"
STAFF = 0.2  # the target for the dashboard home, as a ratio to the one-query ceiling


def scenarios(ctx: Context) -> list[Scenario]:
    return [Scenario("staff dashboard home (reviewer)", "/staff/", cookie=ctx.login_cookie("reviewer"), target=STAFF)]
