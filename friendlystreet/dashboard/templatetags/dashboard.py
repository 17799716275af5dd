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


@register.filter
def plain_number(value):
    """`{{ hours|plain_number }}`: 28, not 28.0 (numbers.plain_number(), as the exports write it)."""
    from ..numbers import plain_number as plain

    return plain(value)


@register.filter
def badge_total(badges: dict[str, int], links) -> int:
    """The sum of the counts the menu's links show: the closed menu on a phone shows this one
    number (待办 52), not one unlabelled count per queue."""
    return sum((badges or {}).get(link.url_name, 0) for link in links)


@register.simple_tag(takes_context=True)
def staff_section(context, links) -> str:
    """The path of the menu link whose section the page is in: the longest link path that
    starts the page's path (/staff/venues/import/ is in 阵地, /staff/venues/tips/ in 小区贴士),
    or "" if none does."""
    path = getattr(context.get("request"), "path", "") or ""
    paths = [link.path for link in links if path.startswith(link.path)]
    return max(paths, key=len, default="")
