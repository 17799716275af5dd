"""The ceiling and the public landing page."""

from __future__ import annotations

from bench.scenarios import PUBLIC, Context, Scenario

ORDER = 0


def scenarios(ctx: Context) -> list[Scenario]:
    return [
        Scenario("ceiling: one query", "/bench/ceiling/", ceiling=True, target=0),
        Scenario("landing page", "/", target=PUBLIC),
    ]
