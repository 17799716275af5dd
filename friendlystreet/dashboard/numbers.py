"""How the staff pages and the exports write a figure that may have decimals (hours, the
median hours): 28, not 28.0; 1.5 stays 1.5. One helper for the dashboard's tables and every
CSV and XLSX export, so the page, the CSV and the spreadsheet show the same number. On the
dashboard's page, figure_text() then writes it as the language writes numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.formats import number_format


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


def figure_text(value: Any, decimals: int | None = None) -> str:
    """How the staff dashboard writes a figure, in every table of it: "—" for none; digits
    grouped as the language groups them (6,825 in English, 6825 in Chinese), the sign, the
    change column's and the charts' tables alike; `decimals` fixes the decimals (the median
    hours: 18.0 beside 179.3), else as plain_number() (28, 2.5)."""
    if value is None or value == "":
        return "—"
    if decimals is not None:
        return number_format(round(float(value), decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return number_format(plain_number(value), use_l10n=True, force_grouping=True)
