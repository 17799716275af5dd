"""The cells of the spreadsheets staff and partners download (CSV, XLSX)."""

from __future__ import annotations

from typing import Any

# Excel, WPS and LibreOffice run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text a user typed (a title, a name), quoted with an apostrophe when a spreadsheet
    would run it as a formula; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
