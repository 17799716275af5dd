"""The monthly summary (月度汇总), laid out as a street office reports upward: a title with the
days it covers and when it was made, one row per community, the row of what belongs to no
community, and the whole street's total last (which the rows above add up to, the medians
aside); one column per figure of the staff dashboard; under it how the rows are split between
communities and what the row of no community (未归属社区) holds.

The figures are the dashboard's own (friendlystreet.dashboard.figures over the figure sources
the apps register): the same numbers as the page and the figures API, computed by the same
aggregate queries, never a second copy. Any range of days works; a month is the usual one.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import ExportKind, ExportScope, Heading, days_label, register_export_kind


def _period(scope: ExportScope):
    from friendlystreet.dashboard.periods import Period

    return Period(scope.start, scope.end)


def summary_count(scope: ExportScope) -> int:
    from friendlystreet.dashboard.figures import communities

    return len(communities()) + 2  # the communities, no community, the whole street


def summary_rows(scope: ExportScope) -> Iterator[tuple]:
    from friendlystreet.dashboard.figures import by_community, compute
    from friendlystreet.dashboard.registry import FIGURE_KEYS

    period = _period(scope)
    for row in by_community(period):
        yield (row["community"]["name"], *(row["figures"].get(key) for key in FIGURE_KEYS))
    total = compute(period)
    yield (str(_("Whole street")), *(total.get(key) for key in FIGURE_KEYS))


# Under the table: how its rows are split, and what the row of no community holds (the
# dashboard's note, and the one thing a reader of the file cannot guess).
NOTES = (
    _(
        "Riders and points earned count in the rider's home community; vouchers, activities, reports and tips in their "
        "place's. The last row is the whole street: the rows add up to it, except the medians, which are the whole "
        "street's own."
    ),
    _(
        "No community: riders who have not given a home community (and the points they earned), and vouchers, "
        "activities, reports and tips whose place belongs to no community, such as an activity held somewhere that is "
        "not a venue."
    ),
)


def summary_heading(scope: ExportScope) -> Heading:
    """The title a report sent upward carries (成龙路街道“友好街道”月度汇总（2026年11月）), when it
    was made, a first column as wide as the longest community's name (the rows come later, the
    widths are set first), and under the table how its rows are split between communities."""
    from friendlystreet.dashboard.figures import communities, unassigned

    from .writers import display_width

    names = [c["name"] for c in communities()] + [unassigned()["name"], str(_("Whole street"))]
    made = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    return Heading(
        lines=(
            _("Chenglong Road Sub-district “Friendly Street” monthly summary (%(days)s)")
            % {"days": days_label(scope.start, scope.end)},
            _("Generated at %(time)s (Beijing time)") % {"time": made},
        ),
        widths=(max(display_width(name) for name in names) + 2,),
        frozen_columns=1,
        notes=NOTES,
    )


def register_monthly_summary() -> None:
    from friendlystreet.dashboard.registry import FIGURE_KEYS
    from friendlystreet.dashboard.views import FIGURE_LABELS

    register_export_kind(
        ExportKind(
            code="monthly_summary",
            label=_("Monthly summary by community"),
            columns=(_("Community"), *(FIGURE_LABELS[key] for key in FIGURE_KEYS)),
            rows=summary_rows,
            count=summary_count,
            order=70,
            description=_(
                "One row per community (and one of no community) and one column per figure of the dashboard, "
                "with the street's total."
            ),
            heading=summary_heading,
        )
    )
