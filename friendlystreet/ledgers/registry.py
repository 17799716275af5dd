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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

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


@dataclass(frozen=True)
class ExportKind:
    code: str
    label: Any
    columns: Sequence[Any]
    rows: Callable[[ExportScope], Iterable[Sequence[Any]]]
    count: Callable[[ExportScope], int]
    order: int = 100
    description: Any = ""
    # True: some columns name people, masked unless the owner may export personal data
    # (and says why): the riders' names and phones, who decided or confirmed (people.py).
    personal_data: bool = False
    # (scope) -> Heading: the XLSX sheet's title lines and column widths; None: the header only.
    heading: Callable[[ExportScope], Heading] | None = None


export_kinds: dict[str, ExportKind] = {}


def register_export_kind(kind: ExportKind) -> ExportKind:
    from friendlystreet.audit.selectors import register_detail_choices

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
