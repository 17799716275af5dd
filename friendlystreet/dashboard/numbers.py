"""How the staff pages and the exports write a figure that may have decimals (hours, the
median hours): 28, not 28.0; 1.5 stays 1.5. One helper for the dashboard's tables and every
CSV and XLSX export, so the page, the CSV and the spreadsheet show the same number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def plain_number(value: Any) -> Any:
    """28.0 → 28, Decimal("1.50") → Decimal("1.5"); ints, None and anything else as they
    are. Never rounded: the exports carry coordinates (30.6035) through here. A number stays
    a number (a spreadsheet's cell can still add it up)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return value
        if value == value.to_integral_value():
            return int(value)
        return value.normalize()
    return value
