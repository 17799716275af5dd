"""Writers that stream rows to a file: CSV (the csv module) and XLSX (openpyxl's write-only
workbook, which keeps one row in memory, not the sheet). Every text cell goes through
friendlystreet.exports.safe_cell; aware datetimes are written in the site's time zone (Excel
has no time zones)."""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Sequence
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from friendlystreet.exports import safe_cell

# An XLSX sheet holds 1,048,576 rows; a longer export goes on to a second sheet.
XLSX_MAX_ROWS = 1_048_576
# What a sheet's title may not contain, and its length.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31


class Cells:
    """Turns a row's values into what a spreadsheet should show."""

    def __init__(self) -> None:
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.yes, self.no = _("Yes"), _("No")

    def value(self, v: Any) -> Any:
        if isinstance(v, str):
            return safe_cell(v)
        if isinstance(v, bool):
            return self.yes if v else self.no
        if isinstance(v, datetime) and v.tzinfo is not None:
            return v.astimezone(self.tz).replace(tzinfo=None)
        return v


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
    def __init__(self, stream: IO[bytes], title: str, header: Sequence[Any]) -> None:
        from openpyxl import Workbook

        self.cells = Cells()
        self.stream = stream
        self.workbook = Workbook(write_only=True)
        self.title = SHEET_TITLE_FORBIDDEN.sub(" ", str(title))[:SHEET_TITLE_MAX] or "Sheet"
        self.header = [str(h) for h in header]
        self.sheets = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self.sheets += 1
        suffix = f" ({self.sheets})" if self.sheets > 1 else ""
        self.sheet = self.workbook.create_sheet(self.title[: SHEET_TITLE_MAX - len(suffix)] + suffix)
        self.sheet.append(self.header)
        self.left = XLSX_MAX_ROWS - 1

    def write(self, row: Sequence[Any]) -> None:
        if not self.left:
            self._new_sheet()
        value = self.cells.value
        self.sheet.append([value(v) for v in row])
        self.left -= 1

    def close(self) -> None:
        self.workbook.save(self.stream)

    def abort(self) -> None:
        """After a failure: openpyxl keeps each sheet in a temporary file until the workbook
        is saved, and only saving removes them. The saved (partial) file is deleted by the caller."""
        with contextlib.suppress(Exception):
            self.workbook.save(self.stream)


def open_writer(fmt: str, path, title: str, header: Sequence[Any]):
    """(writer, file) for `fmt` at `path`; the caller closes both."""
    if fmt == "csv":
        # A byte-order mark: Excel opens UTF-8 CSV as such only with it (else Chinese is garbled).
        stream = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the caller
        return CsvWriter(stream, title, header), stream
    stream = open(path, "wb")  # noqa: SIM115 - closed by the caller
    return XlsxWriter(stream, title, header), stream
