"""What feature apps contribute to the staff dashboard (the shell never imports a feature app).

Each app computes its figures with its own selectors, in a `figures.py` of its own, and
registers them from its AppConfig.ready():

    register_figure_source(FigureSource(
        code="points",
        keys=("points_earned", "points_redeemed", ...),
        compute=lambda period, community_id: {"points_earned": 120, ...},
        by_community=lambda period: {community_id: {"points_earned": 40, ...}, ...},
        active_riders=lambda period: Claim.objects.filter(...).values("rider_id"),
        charts=lambda period, community_id: [Chart(...)],
        panels=lambda period, community_id: [Panel("points/_dashboard_partners.html", {...})],
    ))

Every figure is an aggregate query (Count/Sum with filter=) run by the database; nothing is
counted in Python. `by_community` answers all communities in one query per table (grouped by
the community id, None for "no community").

Active riders (claimed, redeemed or attended in the period) span apps. Each source returns
the *query* of the rider ids it saw active (`.values("rider_id")`, never evaluated), and the
shell counts the distinct riders of their union in one query:
`User.objects.filter(Q(pk__in=q1) | Q(pk__in=q2) | ...).count()`. That is plain SQL (`IN`
subqueries), the same on SQLite and PostgreSQL, and no rider is counted twice.

A rider's community is their home community, which the volunteers app keeps: it registers
`rider_community(outer_ref)`, an expression giving the community id of the rider whose id
is the outer query's `outer_ref` field. Figures about riders (registered, verified, active,
points earned) are split by it; figures about places (vouchers by the venue, activities by
their venue, reports and tips by their community) by the place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Expression, IntegerField, Value

# The figures, in the order the page and the API show them.
FIGURE_KEYS = (
    "riders_registered",
    "riders_verified",
    "riders_active",
    "points_earned",
    "points_redeemed",
    "vouchers_issued",
    "vouchers_redeemed",
    "vouchers_expired",
    "vouchers_cancelled",
    "activities_held",
    "signups",
    "attendance",
    "volunteer_hours",
    "reports_received",
    "reports_accepted",
    "reports_resolved",
    "median_hours_to_accept",
    "median_hours_to_resolve",
    "tips_approved",
)
# Figures where a comparison by sum makes no sense across communities (a median of medians).
NOT_ADDITIVE = ("median_hours_to_accept", "median_hours_to_resolve")


@dataclass(frozen=True)
class Chart:
    """One chart and its table: `labels` are the rows (days, categories, venues), `series`
    the columns ((label, values) with one value per row). `kind` is Chart.js's type.
    `right`: the series (by index) read on a second axis, on the right, for a measure of
    another size (points beside counts of vouchers: on one axis the counts lie flat). A "bar"
    chart is drawn on its side (static/js/dashboard.js): its labels down the left, each on its
    own row, and the second axis at the top."""

    code: str
    title: object
    labels: list[str]
    series: list[tuple[str, list[float]]]
    kind: str = "bar"
    order: int = 100
    right: tuple[int, ...] = ()

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "title": str(self.title),
            "kind": self.kind,
            "labels": [str(label) for label in self.labels],
            "series": [
                {"label": str(name), "data": list(values), "axis": "right" if i in self.right else "left"}
                for i, (name, values) in enumerate(self.series)
            ],
        }

    def rows(self) -> list[tuple[str, list[float]]]:
        """The table: one row per label with its value in each series."""
        return [(label, [values[i] for _name, values in self.series]) for i, label in enumerate(self.labels)]


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]
    order: int = 100


@dataclass(frozen=True)
class FigureSource:
    code: str
    keys: tuple[str, ...]
    compute: Callable[..., dict[str, Any]]  # (period, community_id) -> {key: value}
    by_community: Callable[..., dict[int | None, dict[str, Any]]] | None = None  # (period) -> ...
    active_riders: Callable[..., Any] | None = None  # (period) -> a query of rider ids, or a list of them
    charts: Callable[..., list[Chart]] | None = None  # (period, community_id) -> charts
    panels: Callable[..., list[Panel]] | None = None  # (period, community_id) -> panels
    perm: str | None = None  # panels and charts only for staff with this permission


@dataclass
class Registry:
    sources: dict[str, FigureSource] = field(default_factory=dict)
    rider_community: Callable[[str], Expression] | None = None
    communities: Callable[[], list[dict]] | None = None  # [{id, name, lat, lng}] for the map


registry = Registry()


def register_figure_source(source: FigureSource) -> FigureSource:
    unknown = set(source.keys) - set(FIGURE_KEYS)
    if unknown:
        raise ValueError(f"figure source {source.code!r}: unknown figure keys {sorted(unknown)}")
    registry.sources[source.code] = source
    return source


def register_rider_community(expression: Callable[[str], Expression]) -> None:
    """`expression("rider_id")` → the community id of the rider the outer row points at."""
    registry.rider_community = expression


def register_communities(directory: Callable[[], list[dict]]) -> None:
    """`directory()` → [{"id", "name", "lat", "lng"}] of every community, in display order."""
    registry.communities = directory


def rider_community(outer_ref: str) -> Expression:
    """The community id of the rider `outer_ref` points at; NULL when no app knows it."""
    if registry.rider_community is None:
        return Value(None, output_field=IntegerField())
    return registry.rider_community(outer_ref)


def sources() -> list[FigureSource]:
    return sorted(registry.sources.values(), key=lambda s: s.code)
