"""The kinds of export: each app registers the ones it owns, from its own exports.py.

    from friendlystreet.ledgers.registry import ExportKind, register_export_kind

    register_export_kind(ExportKind(
        code="ledger",                              # what the API and the form send
        label=_("Points ledger"),
        columns=(_("ID"), _("Time"), ...),          # the header row
        rows=ledger_rows,                           # (scope) -> iterable of tuples, one per row
        count=ledger_count,                         # (scope) -> int: how many rows (for progress)
        order=10,
    ))

`rows` streams: it yields tuples from `queryset.values_list(...).iterator(chunk_size=CHUNK)`,
never a list of the whole range. Cells may be any of str, int, Decimal, bool, date, datetime
(aware: written in Asia/Shanghai) or None; the writer makes text safe for spreadsheets
(friendlystreet.exports.safe_cell), so a kind never has to.

A kind whose rows hold details of their own (a report's updates) keeps one row per thing on its
main sheet (the row count staff see is the things) and lists the details on further sheets of
the XLSX (`more_sheets`); its CSV, one table, is the main sheet alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext

# Rows fetched per round trip by .iterator(chunk_size=CHUNK).
CHUNK = 2000


@dataclass(frozen=True)
class ExportScope:
    """What a kind exports: a range of days (inclusive, Asia/Shanghai) and whether personal
    data may be shown unmasked."""

    start: date
    end: date
    personal_data: bool = False

    @property
    def since(self) -> datetime:
        """The first moment of `start`, in the site's time zone."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first moment after `end` (exclusive): midnight of the next day."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def within(self, field: str) -> dict[str, datetime]:
        """Filter arguments: `field` falls on one of the days of the range."""
        return {f"{field}__gte": self.since, f"{field}__lt": self.until}


@dataclass(frozen=True)
class Heading:
    """What an XLSX sheet shows above its header row (a report sent upward: a title, when it
    was made), and how wide its columns are at least (in characters; a Chinese one counts
    two). CSV files have no heading: they are read by programs."""

    lines: Sequence[Any] = ()
    widths: Sequence[int] = ()
    # Columns kept in view when scrolling sideways (the community's name of a summary).
    frozen_columns: int = 0
    # Lines under the table, after an empty row: what a reader of the sheet needs to know
    # (how the summary's rows are split between communities).
    notes: Sequence[Any] = ()


@dataclass(frozen=True)
class Sheet:
    """A further sheet of an XLSX export: its title, header row and rows (as ExportKind's)."""

    title: Any
    columns: Sequence[Any]
    rows: Callable[[ExportScope], Iterable[Sequence[Any]]]


@dataclass(frozen=True)
class ExportKind:
    code: str
    label: Any
    # The header row, or (scope) -> the header row (the summary's heads name what it compares with).
    columns: Sequence[Any] | Callable[[ExportScope], Sequence[Any]]
    rows: Callable[[ExportScope], Iterable[Sequence[Any]]]
    count: Callable[[ExportScope], int]
    order: int = 100
    description: Any = ""
    # True: some columns name people, masked unless the owner may export personal data
    # (and says why): the riders' names and phones, who decided or confirmed (people.py).
    personal_data: bool = False
    # (scope) -> Heading: the XLSX sheet's title lines and column widths; None: the header only.
    heading: Callable[[ExportScope], Heading] | None = None
    # XLSX only: sheets after the main one (the updates of the reports on the main sheet).
    more_sheets: Sequence[Sheet] = ()
    # True: the rows are things that happened (ledger entries, claims, the summary's figures):
    # days that all lie after today are refused, and a range runs to today at the latest
    # (services.export_days). False: rows may be planned ahead (activities by their start).
    past_only: bool = False


export_kinds: dict[str, ExportKind] = {}


def columns_of(kind: ExportKind, scope: ExportScope) -> Sequence[Any]:
    """The header row of an export of `kind` over `scope`."""
    return kind.columns(scope) if callable(kind.columns) else kind.columns


def register_export_kind(kind: ExportKind) -> ExportKind:
    from friendlystreet.audit.registry import register_detail_choices

    export_kinds[kind.code] = kind
    # The audit trail's entry of an export reads 台账 积分流水, not the stored code.
    register_detail_choices("kind", {kind.code: kind.label})
    return kind


def get_kind(code: str) -> ExportKind | None:
    return export_kinds.get(code)


def all_kinds() -> list[ExportKind]:
    return sorted(export_kinds.values(), key=lambda k: (k.order, k.code))


def labels(choices) -> dict[str, str]:
    """{value: label} of a model's choices, translated once for a whole export (not per row)."""
    return {value: str(label) for value, label in choices}


def whole_month(start: date, end: date) -> bool:
    """The range is one calendar month, from its first day to its last."""
    return start.day == 1 and start.month == end.month and start.year == end.year and (end + timedelta(days=1)).day == 1


def days_label(start: date, end: date) -> str:
    """The days of an export as a title or a file name says them, in the active language:
    2026年11月 for a whole month, 2026-11-05 for one day, else 2026-11-01至2026-11-05."""
    if start == end:
        return start.isoformat()
    if whole_month(start, end):
        return date_format(start, "YEAR_MONTH_FORMAT")
    return pgettext("days of an export", "%(start)s to %(end)s") % {"start": start.isoformat(), "end": end.isoformat()}
