"""QR codes of vouchers, drawn by segno as SVG.

The QR holds the bare code (upper-case letters and digits: QR's compact alphanumeric
mode), so any scanner, the browser's BarcodeDetector included, reads exactly what a
person would type. Always a full QR code, never a Micro QR, which segno would pick for
such short data and which most phone scanners cannot read.
"""

from __future__ import annotations

import io
from functools import lru_cache

import segno
from django.utils.safestring import SafeString, mark_safe


def _make(code: str) -> segno.QRCode:
    return segno.make(code, error="m", micro=False)


# A voucher's code never changes, so neither does its picture: drawing one takes about a
# millisecond, and the vouchers page shows every usable voucher's. A few MB at most.
@lru_cache(maxsize=4096)
def svg_inline(code: str, *, title: str = "") -> SafeString:
    """SVG markup to put straight into a page (no request of its own, nothing inline to
    execute): sized by CSS through its viewBox, dark modules on a white quiet zone."""
    svg = _make(code).svg_inline(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff", svgclass="qr", lineclass=None, title=title or None
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup of a code from our alphabet (and an escaped title)


def svg_document(code: str) -> bytes:
    """A standalone SVG file (the API's qr_svg_url)."""
    out = io.BytesIO()
    _make(code).save(out, kind="svg", scale=8, border=4, dark="#000", light="#fff", xmldecl=True)
    return out.getvalue()
