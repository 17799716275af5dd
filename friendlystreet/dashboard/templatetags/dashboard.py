"""`{% staff_badges as badges %}` and `{{ badges|badge:link.url_name }}`: the counts of the
queues on the staff navigation. On the dashboard the view passes the live counts
(`live_badges`); elsewhere they are the last counts recorded (one query, queues.badges()),
except on a queue's own page, where that queue is counted live."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_badges(context) -> dict[str, int]:
    live = context.get("live_badges")
    if live is not None:
        return {name: n for name, n in live.items() if n}
    from ..queues import badges

    match = getattr(context.get("request"), "resolver_match", None)
    return badges(here=match.view_name if match else "")


@register.filter
def badge(badges: dict[str, int], url_name: str) -> int:
    return (badges or {}).get(url_name, 0)
