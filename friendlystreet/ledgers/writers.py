"""Writers that stream rows to a file: CSV (the csv module) and XLSX (openpyxl's write-only
workbook, which keeps one row in memory, not the sheet). Every text cell goes through
friendlystreet.exports.safe_cell; aware datetimes are written in the site's time zone (Excel
has no time zones).

An XLSX sheet opens ready to read: its columns as wide as their heads and the first row's
cells (a Chinese character counts two; a date and time is not shown as ####), the header row
bold and frozen, above it the kind's heading if it has one (registry.Heading: a summary's
title and when it was made) and under it the heading's notes; further tables (a kind's
more_sheets) each on a sheet of their own. A write-only sheet takes its widths and frozen panes
before its first row, so it is made when the first row comes (or at the end, for none)."""

from __future__ import annotations

import contextlib
import csv
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import IO, Any

from django.utils.translation import gettext as _

from friendlystreet.dashboard.numbers import plain_number
from friendlystreet.days import local_zone
from friendlystreet.exports import safe_cell

from .registry import Heading

# An XLSX sheet holds 1,048,576 rows; a longer export goes on to a second sheet.
XLSX_MAX_ROWS = 1_048_576
# What a sheet's title may not contain, and its length.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31
# Column widths, in characters: room for a date and time, and no wider than a screen's half.
MIN_WIDTH, MAX_WIDTH = 10, 60


def display_width(value: Any) -> int:
    """How many columns `value` takes in a spreadsheet: a wide (Chinese) character two."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("2030-03-01 00:00:00")
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


class Cells:
    """Turns a row's values into what a spreadsheet should show."""

    def __init__(self) -> None:
        self.tz = local_zone()
        self.yes, self.no = _("Yes"), _("No")

    def value(self, v: Any) -> Any:
        if isinstance(v, str):
            return safe_cell(v)
        if isinstance(v, bool):
            return self.yes if v else self.no
        if isinstance(v, datetime) and v.tzinfo is not None:
            return v.astimezone(self.tz).replace(tzinfo=None)
        # 28 hours, not 28.0 in a CSV where the spreadsheet shows 28 (and the dashboard too).
        return plain_number(v)


class CsvWriter:
    def __init__(self, stream: IO[str], title: str, header: Sequence[Any]) -> None:
        self.cells = Cells()
        self.writer = csv.writer(stream)
        self.writer.writerow([str(h) for h in header])

    def write(self, row: Sequence[Any]) -> None:
        value = self.cells.value
        self.writer.writerow(["" if v is None else _csv_text(value(v)) for v in row])

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


def _csv_text(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    return v


class XlsxWriter:
    def __init__(self, stream: IO[bytes], title: str, header: Sequence[Any], heading: Heading | None = None) -> None:
        from openpyxl import Workbook

        self.cells = Cells()
        self.stream = stream
        self.workbook = Workbook(write_only=True)
        self._table(title, header, heading)

    def _table(self, title: str, header: Sequence[Any], heading: Heading | None) -> None:
        """Begin a table: its sheet is made when its first row comes (or when it ends empty)."""
        self.title = SHEET_TITLE_FORBIDDEN.sub(" ", str(title))[:SHEET_TITLE_MAX] or "Sheet"
        self.header = [str(h) for h in header]
        self.heading = heading or Heading()
        self.lines = [str(line) for line in self.heading.lines]
        self.widths: list[int] = []
        self.sheet = None
        self.sheets = 0
        self.left = 0

    def _fit(self, first: Sequence[Any]) -> list[int]:
        least = [*self.heading.widths, *[0] * len(self.header)]
        cells = [*first, *[None] * len(self.header)]
        return [
            min(MAX_WIDTH, max(MIN_WIDTH, display_width(head) + 2, display_width(cells[i]) + 2, least[i]))
            for i, head in enumerate(self.header)
        ]

    def _new_sheet(self, first: Sequence[Any] = ()) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        if not self.widths:
            self.widths = self._fit(first)
        self.sheets += 1
        suffix = f" ({self.sheets})" if self.sheets > 1 else ""
        sheet = self.sheet = self.workbook.create_sheet(self.title[: SHEET_TITLE_MAX - len(suffix)] + suffix)
        for i, width in enumerate(self.widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        header_row = len(self.lines) + 1
        # The header stays in view (and the first columns, if the kind says so) when scrolling.
        sheet.freeze_panes = f"{get_column_letter(self.heading.frozen_columns + 1)}{header_row + 1}"
        for n, line in enumerate(self.lines):
            cell = WriteOnlyCell(sheet, value=safe_cell(line))
            cell.font = Font(bold=True, size=14) if n == 0 else Font(color="555555")
            sheet.append([cell])
        heads = []
        for text in self.header:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            heads.append(cell)
        sheet.append(heads)
        self.left = XLSX_MAX_ROWS - header_row

    def write(self, row: Sequence[Any]) -> None:
        value = self.cells.value
        cells = [value(v) for v in row]
        if not self.left:
            self._new_sheet(cells)
        self.sheet.append(cells)
        self.left -= 1

    def _end_table(self) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        if self.sheet is None:  # no rows: the header alone
            self._new_sheet()
        notes = [str(note) for note in self.heading.notes]
        if notes and self.left > len(notes):
            self.sheet.append([])
            for note in notes:
                cell = WriteOnlyCell(self.sheet, value=safe_cell(note))
                cell.font = Font(color="555555")
                self.sheet.append([cell])

    def start_sheet(self, title: str, header: Sequence[Any]) -> None:
        """End the table being written and begin another on a sheet of its own (a report's
        updates after the reports)."""
        self._end_table()
        self._table(title, header, None)

    def close(self) -> None:
        self._end_table()
        self.workbook.save(self.stream)

    def abort(self) -> None:
        """After a failure: openpyxl keeps each sheet in a temporary file until the workbook
        is saved, and only saving removes them. The saved (partial) file is deleted by the caller."""
        with contextlib.suppress(Exception):
            if self.sheet is None:
                self._new_sheet()
            self.workbook.save(self.stream)


def open_writer(fmt: str, path, title: str, header: Sequence[Any], heading: Heading | None = None):
    """(writer, file) for `fmt` at `path`; the caller closes both. The heading is XLSX's only."""
    if fmt == "csv":
        # A byte-order mark: Excel opens UTF-8 CSV as such only with it (else Chinese is garbled).
        stream = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the caller
        return CsvWriter(stream, title, header), stream
    stream = open(path, "wb")  # noqa: SIM115 - closed by the caller
    return XlsxWriter(stream, title, header, heading), stream
