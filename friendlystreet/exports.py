"""The cells of the spreadsheets staff and partners download (CSV, XLSX)."""

from __future__ import annotations

import re
from typing import Any

# Excel, WPS and LibreOffice run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# What an XLSX cell cannot hold (openpyxl raises IllegalCharacterError on the C0 controls but
# tab, line feed and carriage return) and what UTF-8 cannot encode (lone surrogates). Input is
# refused at the boundary (friendlystreet/inputs.py); this keeps exports working for rows
# written before that, or by an import or the admin.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def safe_cell(value: Any) -> Any:
    """A text a user typed (a title, a name): unwritable characters replaced with U+FFFD,
    quoted with an apostrophe when a spreadsheet would run it as a formula; anything else
    as it is."""
    if not isinstance(value, str):
        return value
    value = UNWRITABLE.sub("\ufffd", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
