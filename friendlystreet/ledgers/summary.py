"""The monthly summary (月度汇总), laid out as a street office reports upward: a title with the
days it covers and when it was made, one row per community, the row of what belongs to no
community, and the whole street's total last (which the rows above add up to, the medians
aside); one column per figure of the staff dashboard; under it how the rows are split between
communities and what the row of no community (未归属社区) holds.

The figures are the dashboard's own (friendlystreet.dashboard.figures over the figure sources
the apps register): the same numbers as the page and the figures API, computed by the same
aggregate queries, never a second copy. Any range of days works; a month is the usual one.

Each figure has three columns: its value, the previous period's and the change in per cent
(环比), as a street office reports upward. The previous period is the dashboard's
(periods.Period.previous(): a whole month against the month before, the 1st to a day against
the same days of the month before, 1 January to a day against the same dates a year before
(同比), any other range against as many days just before it), and the change is the
dashboard's (figures.change()): rounded, blank where the earlier figure is 0 or missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from friendlystreet.dashboard import periods
from friendlystreet.names import row_label

from .registry import ExportKind, ExportScope, Heading, days_label, register_export_kind

# The heads of a figure's two comparison columns, by how its previous period was chosen:
# 上月 and 环比 for a month, 上月同期 for a month so far, 去年同期 and 同比 for a year so far.
COMPARED = {
    periods.MONTH: (
        pgettext_lazy("summary column", "%(figure)s, last month"),
        pgettext_lazy("summary column", "%(figure)s, change on last month (%%)"),
    ),
    periods.MONTH_TO_DATE: (
        pgettext_lazy("summary column", "%(figure)s, same days last month"),
        pgettext_lazy("summary column", "%(figure)s, change on last month (%%)"),
    ),
    periods.YEAR_TO_DATE: (
        pgettext_lazy("summary column", "%(figure)s, same dates last year"),
        pgettext_lazy("summary column", "%(figure)s, change on last year (%%)"),
    ),
    periods.SAME_LENGTH: (
        pgettext_lazy("summary column", "%(figure)s, previous period"),
        pgettext_lazy("summary column", "%(figure)s, change on the previous period (%%)"),
    ),
}


def _period(scope: ExportScope) -> periods.Period:
    return periods.Period(scope.start, scope.end)


def summary_columns(scope: ExportScope) -> tuple:
    """The community, then each figure of the dashboard: its value, the previous period's and
    the change, headed as the comparison reads (上月 / 环比 for a month)."""
    from friendlystreet.dashboard.registry import FIGURE_KEYS
    from friendlystreet.dashboard.views import FIGURE_LABELS

    previous, change = COMPARED[_period(scope).basis]
    columns: list[Any] = [_("Community")]
    for key in FIGURE_KEYS:
        figure = FIGURE_LABELS[key]
        columns += [figure, previous % {"figure": figure}, change % {"figure": figure}]
    return tuple(columns)


def summary_count(scope: ExportScope) -> int:
    from friendlystreet.dashboard.figures import communities

    return len(communities()) + 2  # the communities, no community, the whole street


def _compared(now: dict, before: dict) -> Iterator[Any]:
    """Each figure's value, the previous period's and the change in per cent (the dashboard's
    figures.change(): None, an empty cell, where the previous value is 0 or missing)."""
    from friendlystreet.dashboard.figures import change
    from friendlystreet.dashboard.registry import FIGURE_KEYS

    for key in FIGURE_KEYS:
        value, earlier = now.get(key), before.get(key)
        yield from (value, earlier, change(value, earlier)["percent"])


def summary_rows(scope: ExportScope) -> Iterator[tuple]:
    from friendlystreet.dashboard.figures import by_community, compute

    period = _period(scope)
    previous = period.previous()
    # The same communities in the same order for both periods (by_community lists them all).
    before = {row["community"]["id"]: row["figures"] for row in by_community(previous)}
    for row in by_community(period):
        yield (row_label(row["community"]), *_compared(row["figures"], before.get(row["community"]["id"], {})))
    yield (str(_("Whole street")), *_compared(compute(period), compute(previous)))


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
    _(
        "Each figure is followed by the previous period's and the change in per cent of it (rounded); the change is "
        "blank where the previous figure is 0."
    ),
)


def summary_heading(scope: ExportScope) -> Heading:
    """The title a report sent upward carries (成龙路街道“友好街道”月度汇总（2026年11月）), when it
    was made, a first column as wide as the longest community's name (the rows come later, the
    widths are set first), and under the table how its rows are split between communities."""
    from friendlystreet.dashboard.figures import communities, unassigned

    from .writers import display_width

    names = [row_label(c) for c in communities()] + [unassigned()["name"], str(_("Whole street"))]
    made = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    previous = _period(scope).previous()
    return Heading(
        lines=(
            _("Chenglong Road Sub-district “Friendly Street” monthly summary (%(days)s)")
            % {"days": days_label(scope.start, scope.end)},
            _("Generated at %(time)s (Beijing time)") % {"time": made},
            _("Compared with %(days)s") % {"days": days_label(previous.start, previous.end)},
        ),
        widths=(max(display_width(name) for name in names) + 2,),
        frozen_columns=1,
        notes=NOTES,
    )


def register_monthly_summary() -> None:
    register_export_kind(
        ExportKind(
            code="monthly_summary",
            label=_("Monthly summary by community"),
            columns=summary_columns,
            rows=summary_rows,
            count=summary_count,
            order=70,
            description=_(
                "One row per community (and one of no community) and, for each figure of the dashboard, its value, "
                "the previous period's (last month's, for a month) and the change in per cent, with the street's total."
            ),
            heading=summary_heading,
            past_only=True,
        )
    )
