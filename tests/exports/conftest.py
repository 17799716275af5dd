"""Helpers of the export stories: ask for an export as a staff member would (the task runs
in-process once the request commits) and read the file back with csv or openpyxl."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from friendlystreet.ledgers import registry, services
from friendlystreet.ledgers.models import Export

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = (date(2025, 3, 1), date(2025, 3, 31))


def local(*args) -> datetime:
    """A moment in Chengdu: local(2025, 3, 1, 0, 0)."""
    return datetime(*args, tzinfo=SHANGHAI)


def read_rows(export: Export) -> list[list]:
    """The file's rows (header first) as the spreadsheet shows them: CSV as text, XLSX with
    its cells' types, empty cells as None."""
    assert export.status == Export.Status.DONE, (export.status, export.error)
    with default_storage.open(export.file.name, "rb") as f:
        data = f.read()
    if export.format == "csv":
        assert data.startswith("\ufeff".encode()), "Excel needs the byte-order mark to read UTF-8"
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    rows = [list(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    # Empty cells at the end of a row are not stored: as wide as the header, as Excel shows it.
    return [row + [None] * (len(rows[0]) - len(row)) for row in rows]


@pytest.fixture
def export_as(django_capture_on_commit_callbacks):
    """export_as(user, kind, fmt="csv", start=..., end=..., reason="") → the Export after its task ran."""

    def make(
        user, kind: str, fmt: str = "csv", start: date = MARCH[0], end: date = MARCH[1], language: str = "zh-hans", reason=""
    ):
        with django_capture_on_commit_callbacks(execute=True):
            export = services.export_request(
                owner=user, kind=kind, fmt=fmt, start=start, end=end, language=language, reason=reason
            )
        export.refresh_from_db()
        return export

    return make


@pytest.fixture
def extra_kind():
    """register(kind) for this test only: a kind of the test's own, through the registry's
    public door, taken out again afterwards."""
    added: list[str] = []

    def register(kind: registry.ExportKind) -> registry.ExportKind:
        assert kind.code not in registry.export_kinds
        added.append(kind.code)
        return registry.register_export_kind(kind)

    yield register
    for code in added:
        registry.export_kinds.pop(code, None)
