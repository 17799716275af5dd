"""`{% staff_badges as badges %}` and `{{ badges|badge:link.url_name }}`: the counts of the
queues on the staff navigation. On the dashboard the view passes the live counts
(`live_badges`); elsewhere they are the last counts recorded (one query, queues.badges()),
except on a queue's own page and the pages of its items (a claim of 积分申请), where that
queue is counted live: which pages those are, the queue's source says (url_name,
item_url_names), by the page's URL name.

And how the staff pages write the dashboard's numbers (`figure`, `signed_figure`) and
waiting times (`waited`, `ago`)."""

from __future__ import annotations

from django import template

from ..ages import ago as ago_text
from ..ages import waited as waited_text
from ..numbers import figure_text

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_badges(context) -> dict[str, int]:
    live = context.get("live_badges")
    if live is not None:
        return {name: n for name, n in live.items() if n}
    from ..queues import badges

    # The page of one of a queue's items (a claim's, a report's) counts that queue now too:
    # "approve and next" goes from item to item without the queue's page, and the menu kept
    # 积分申请 28 (and 待办 32) after two decisions.
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
def badge_label(url_name: str) -> str:
    """What a link's badge counts (新上报 on 治理线索, which opens every open report): said to
    screen readers and on hover beside the number."""
    from ..queues import badge_sources

    source = badge_sources().get(url_name)
    return str(source.label) if source else ""


@register.filter
def badge_total(badges: dict[str, int], links) -> int:
    """The sum of the counts of work waiting on the menu's links: the closed menu on a phone
    shows this one number (待办 52), not one unlabelled count per queue. Today's activities
    have a badge but are not work waiting (arrival=False), so they are not in it."""
    from ..queues import badge_sources

    waiting = {name for name, source in badge_sources().items() if source.arrival}
    return sum((badges or {}).get(link.url_name, 0) for link in links if link.url_name in waiting)


@register.simple_tag(takes_context=True)
def staff_section(context, links) -> str:
    """The path of the menu link whose section the page is in: the longest link path that
    starts the page's path (/staff/venues/import/ is in 阵地, /staff/venues/tips/ in 小区贴士),
    or "" if none does. A page reached from another section may name it (`staff_section_of`: the
    personal-data page opened from an activity's roster is in 活动)."""
    path = context.get("staff_section_of") or getattr(context.get("request"), "path", "") or ""
    paths = [link.path for link in links if path.startswith(link.path)]
    return max(paths, key=len, default="")


@register.filter
def figure(value, decimals=None):
    """`{{ n|figure }}`, `{{ median|figure:1 }}`: a figure as every table of the dashboard writes
    it (numbers.figure_text(): "—" for none, digits grouped as the language groups them)."""
    return figure_text(value, None if decimals in (None, "") else int(decimals))


@register.filter
def signed_figure(value, decimals=None):
    """`{{ delta|signed_figure }}`: a change, with + before a rise (-22, +840)."""
    text = figure(value, decimals)
    return f"+{text}" if value is not None and value > 0 else text


@register.filter
def waited(since):
    """`{{ oldest|waited }}`: 3 天 3 小时 (ages.waited())."""
    return waited_text(since) if since else ""


@register.filter
def ago(since):
    """`{{ created_at|ago }}`: 20 小时前, 刚刚 (ages.ago())."""
    return ago_text(since) if since else ""
