"""The programme's figures for a period: the riders' own (accounts live in this project
package) and everything the apps register (registry.py), put together for the page and the
API.

Query budget, whatever the number of rows: 3 queries for the riders' figures, each source's
own (a few aggregates each), the same again for the previous period (and for the whole
street, the total of the communities' table, when one community is asked for), one grouped
query per table for the communities, one per chart, the panels' own. The bundle of numbers (and the
page's rendering of it, keyed by Bundle.key) is cached for FIGURES_CACHE_SECONDS: it is the
same for every member of staff (panels() picks the panels a user's permissions allow; the
queues of today's work are counted live on every request), so a busy morning of reloads
costs a cache read or two each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, IntegerField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.roles import RIDER
from friendlystreet.audit.models import AuditEntry

from .aggregates import grouped
from .periods import Period
from .registry import FIGURE_KEYS, NOT_ADDITIVE, Chart, Panel, registry, rider_community, sources

FIGURES_CACHE_SECONDS = 300
VERIFIED_ACTION = "accounts.rider_verified"  # written by the verification service


# --- riders (the shell's own source) -----------------------------------------------------------


def _riders():
    return get_user_model().objects.filter(groups__name=RIDER)


def _in_community(queryset, community_id: int | None, outer: str = "pk"):
    if community_id is None:
        return queryset
    return queryset.annotate(cid=rider_community(outer)).filter(cid=community_id)


def _verified_ids(period: Period):
    """Riders verified in the period: the verification service's audit entries (the user row
    keeps only the current state, the audit trail keeps when)."""
    return (
        AuditEntry.objects.filter(action=VERIFIED_ACTION, target_type="accounts.user", **period.range("created_at"))
        .annotate(user_id=Cast("target_id", IntegerField()))
        .values("user_id")
    )


def active_q(period: Period) -> Q:
    """Riders who claimed, redeemed or attended in the period: the union of every source's
    query of active rider ids (see registry.py)."""
    q = Q(pk__in=[])
    for source in sources():
        if source.active_riders is None:
            continue
        found = source.active_riders(period)
        for query in found if isinstance(found, list | tuple) else [found]:
            q |= Q(pk__in=query)
    return q


def rider_figures(period: Period, community_id: int | None = None) -> dict[str, int]:
    User = get_user_model()
    return {
        "riders_registered": _in_community(_riders().filter(**period.range("date_joined")), community_id).count(),
        "riders_verified": _in_community(User.objects.filter(pk__in=_verified_ids(period)), community_id).count(),
        "riders_active": _in_community(User.objects.filter(active_q(period)), community_id).count(),
    }


def rider_figures_by_community(period: Period) -> dict[int | None, dict[str, int]]:
    User = get_user_model()
    out: dict[int | None, dict[str, int]] = {}
    for key, queryset in (
        ("riders_registered", _riders().filter(**period.range("date_joined"))),
        ("riders_verified", User.objects.filter(pk__in=_verified_ids(period))),
        ("riders_active", User.objects.filter(active_q(period))),
    ):
        rows = queryset.annotate(cid=rider_community("pk")).values("cid").annotate(**{key: Count("pk", distinct=True)}).order_by()
        for community, values in grouped(rows).items():
            out.setdefault(community, {}).update(values)
    return out


def active_per_week(period: Period, community_id: int | None = None) -> Chart:
    """Distinct active riders in each calendar week (Monday to Sunday) of the period, the last
    12, labelled by their days (11-23 至 11-29; a week the period cuts says so): one query, a
    filtered count per week over the riders active in the whole period."""
    weeks = period.weeks()
    User = get_user_model()
    queryset = _in_community(User.objects.filter(active_q(period)), community_id)
    counts = queryset.aggregate(**{f"w{i}": Count("pk", filter=active_q(week)) for i, week in enumerate(weeks)})
    return Chart(
        code="active_riders_per_week",
        title=_("Active riders per week"),
        kind="line",
        labels=[week.week_label() for week in weeks],
        series=[(_("Active riders"), [counts[f"w{i}"] for i in range(len(weeks))])],
        order=50,
    )


# --- everything together --------------------------------------------------------------------


def compute(period: Period, community_id: int | None = None) -> dict[str, Any]:
    """Every figure for the period (of one community, or all); 0 for a figure no app provides."""
    values: dict[str, Any] = dict.fromkeys(FIGURE_KEYS, 0)
    for key in NOT_ADDITIVE:
        values[key] = None
    values.update(rider_figures(period, community_id))
    for source in sources():
        values.update({k: v for k, v in source.compute(period, community_id).items() if k in source.keys})
    return values


def communities() -> list[dict]:
    """The communities with their places on the map, cached for FIGURES_CACHE_SECONDS as the
    figures are (a grouped query over every venue; every request of the page needs the list)."""
    if not registry.communities:
        return []
    # v2: the rows carry name_en (the pages show names.row_label(); exports the Chinese name).
    return cache.get_or_set("dashboard:communities:v2", registry.communities, FIGURES_CACHE_SECONDS)


def unassigned() -> dict:
    """The row of what belongs to no community: riders without a home community, activities
    at a place that is no venue, reports and vouchers whose place has none. With it the
    communities' rows add up to the whole street."""
    return {"id": None, "name": str(_("No community")), "lat": None, "lng": None}


def by_community(period: Period) -> list[dict]:
    """[{community: {id, name, lat, lng}, figures: {...}}] for every community, in order, and
    last the row of no community (id None): the additive figures of the rows add up to the
    whole street's (compute(period)); the medians are each row's own."""
    merged: dict[int | None, dict[str, Any]] = {}
    for community, values in rider_figures_by_community(period).items():
        merged.setdefault(community, {}).update(values)
    for source in sources():
        if source.by_community is None:
            continue
        for community, values in source.by_community(period).items():
            merged.setdefault(community, {}).update({k: v for k, v in values.items() if k in source.keys})
    rows = []
    for community in [*communities(), unassigned()]:
        figures = dict.fromkeys(FIGURE_KEYS, 0)
        for key in NOT_ADDITIVE:
            figures[key] = None
        figures.update(merged.get(community["id"], {}))
        rows.append({"community": community, "figures": figures})
    return rows


@dataclass
class Bundle:
    period: Period
    previous: Period
    community_id: int | None
    figures: dict[str, Any]
    before: dict[str, Any]
    by_community: list[dict]
    # The whole street's figures: the total under the communities' rows (the same dict as
    # `figures` unless one community was asked for).
    street: dict[str, Any] = field(default_factory=dict)
    charts: list[dict] = field(default_factory=list)
    # Every source's panels with the permission each needs (panels() picks a user's).
    panels: list[tuple[str | None, Panel]] = field(default_factory=list)
    computed_at: Any = None
    key: str = ""  # the cache key and when it was computed: what a cached rendering varies on


def bundle(period: Period, community_id: int | None = None, *, with_charts: bool = True) -> Bundle:
    """The figures, the previous period's, by community and (for the page) the charts' data
    and the panels, cached for everyone for a few minutes (the language is in the key: chart
    labels are words). Nothing in it depends on who asks: panels() picks the panels a user
    may see."""
    # The previous period is in the key: the same dates may compare with another (periods.py).
    previous = period.previous()
    key = (
        f"dashboard:figures:v4:{period.start}:{period.end}:{previous.start}:{previous.end}:"
        f"{community_id}:{int(with_charts)}:{get_language()}"
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    now = timezone.now()
    values = compute(period, community_id)
    result = Bundle(
        period=period,
        previous=previous,
        community_id=community_id,
        figures=values,
        before=compute(previous, community_id),
        by_community=by_community(period),
        street=values if community_id is None else compute(period),
        computed_at=now,
        key=f"{key}:{now.timestamp()}",
    )
    if with_charts:
        charts = [active_per_week(period, community_id)]
        for source in sources():
            if source.charts is not None:
                charts += source.charts(period, community_id)
        result.charts = [c.as_json() for c in sorted(charts, key=lambda c: (c.order, c.code))]
        for source in sources():
            if source.panels is not None:
                result.panels += [(source.perm, panel) for panel in source.panels(period, community_id)]
    cache.set(key, result, FIGURES_CACHE_SECONDS)
    return result


def panels(result: Bundle, user) -> list[Panel]:
    """The bundle's panels this member of staff may see, in order."""
    shown = [panel for perm, panel in result.panels if not perm or user.has_perm(perm)]
    return sorted(shown, key=lambda p: p.order)


def change(now: Any, before: Any) -> dict:
    """How a figure moved against the previous period: the difference and, where it means
    something, the percentage."""
    if now is None or before is None:
        return {"delta": None, "percent": None}
    delta = round(now - before, 1) if isinstance(now, float) or isinstance(before, float) else now - before
    percent = round(100 * delta / before) if before else None
    return {"delta": delta, "percent": percent}
