"""Venue import and export as CSV or XLSX (one venue per row, the header names the columns).

Columns (the export writes all of them; an import may leave some out, which leaves
those fields unchanged on updated rows):

    id             blank: a new venue; a number: update that venue
    name, kind     kind: a code (merchant, …), the programme's name (暖新商家) or its label
    community      the community's name (must exist)
    address, lat, lng, phone, description
    amenities      amenity codes separated by commas or spaces
    services       separated by "|"
    hours          the text form of hours.py: "Mo-Fr 08:00-18:00; Sa 09:00-12:00"
    hours_note, plaque_number
    plaque_date, partner_since   YYYY-MM-DD
    active         yes/no (also 1/0, true/false, 是/否); blank: yes
    operators      usernames of partner operators, separated by commas

Row numbers in error messages are the spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from friendlystreet.exports import safe_cell
from friendlystreet.inputs import MAX_ID, validate_float, validate_text

from . import hours as hours_lib
from .models import Amenity, Community, Venue, VenueKind

COLUMNS = [
    "id",
    "name",
    "kind",
    "community",
    "address",
    "lat",
    "lng",
    "phone",
    "amenities",
    "services",
    "hours",
    "hours_note",
    "plaque_number",
    "plaque_date",
    "partner_since",
    "active",
    "operators",
    "description",
]
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# An .xlsx is a zip of XML: refuse one that would inflate beyond this (a zip bomb).
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024

TRUE_WORDS = {"1", "yes", "y", "true", "是", "有效", "启用"}
FALSE_WORDS = {"0", "no", "n", "false", "否", "无效", "停用"}


class FileRefused(Exception):
    """The file as a whole cannot be read (wrong type, too big, no header)."""


# --- reading -------------------------------------------------------------------------------


def _decode_csv(data: bytes) -> str:
    # Excel on a Chinese Windows saves CSV as GB18030; everyone else as UTF-8 (often with a BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(_("The CSV file is neither UTF-8 nor GB18030 text."))


def _read_csv(data: bytes) -> list[list[Any]]:
    text = _decode_csv(data)
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise FileRefused(_("The CSV file cannot be read: %(error)s") % {"error": exc})


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise FileRefused(_("The spreadsheet is too large once unpacked."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many types for a broken file
        raise FileRefused(_("This is not an .xlsx spreadsheet we can read."))
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_IMPORT_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def read_rows(upload) -> list[tuple[int, dict[str, Any]]]:
    """The rows of an uploaded .csv or .xlsx as (row number, {column: value}); blank rows skipped."""
    if upload is None:
        raise FileRefused(_("Choose a file."))
    if upload.size > MAX_IMPORT_BYTES:
        raise FileRefused(_("The file is too large (at most 5 MB)."))
    data = upload.read(MAX_IMPORT_BYTES + 1)
    name = (upload.name or "").lower()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        table = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        table = _read_csv(data)
    else:
        raise FileRefused(_("Upload a .csv or .xlsx file."))
    if not table:
        raise FileRefused(_("The file is empty."))
    header = [str(h or "").strip().lower() for h in table[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise FileRefused(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if "name" not in header and "id" not in header:
        raise FileRefused(_("The first row must name the columns (name, kind, address, lat, lng, …)."))
    if len(table) - 1 > MAX_IMPORT_ROWS:
        raise FileRefused(_("At most %(max)s rows per file.") % {"max": MAX_IMPORT_ROWS})
    rows = []
    for index, values in enumerate(table[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append((index, {h: v for h, v in zip(header, values, strict=False) if h}))
    if not rows:
        raise FileRefused(_("The file has no venue rows."))
    return rows


# --- converting cells ----------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    validate_text(text)  # a control character would break the next export (and PostgreSQL: NUL)
    # Our exports guard formula-like cells with a quote; take it off again.
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def _float(value: Any, column: str) -> float:
    try:
        number = float(value) if isinstance(value, int | float) else float(_text(value))
    except (ValueError, OverflowError):
        raise ValidationError({column: [_("“%(value)s” is not a number.") % {"value": _text(value)}]})
    validate_float(number)  # no infinity, nor a subnormal PostgreSQL cannot store
    return number


def _date(value: Any, column: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    if not text:
        return None
    try:
        return date.fromisoformat(text if len(text) == 10 else "-".join(p.zfill(2) for p in text.split("-")))
    except ValueError:
        raise ValidationError({column: [_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": _text(value)}]})


def _bool(value: Any, column: str) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text == "" or text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValidationError({column: [_("“%(value)s” is not yes or no.") % {"value": _text(value)}]})


# The programme's own names for the kinds, as staff write them in spreadsheets.
KIND_ALIASES = {
    "暖新社区": VenueKind.COMMUNITY_STATION,
    "暖新驿站": VenueKind.COMMUNITY_STATION,
    "暖新社区/驿站": VenueKind.COMMUNITY_STATION,
    "社区驿站": VenueKind.COMMUNITY_STATION,
    "驿站": VenueKind.COMMUNITY_STATION,
    "暖新商家": VenueKind.MERCHANT,
    "商家": VenueKind.MERCHANT,
    "暖新医院": VenueKind.HOSPITAL,
    "医院": VenueKind.HOSPITAL,
    "暖新学院": VenueKind.ACADEMY,
    "学院": VenueKind.ACADEMY,
    "暖新物业小站": VenueKind.PROPERTY_STATION,
    "物业小站": VenueKind.PROPERTY_STATION,
}


def _kind_lookup() -> dict[str, str]:
    lookup = {k.value: k.value for k in VenueKind}
    lookup.update({alias: kind.value for alias, kind in KIND_ALIASES.items()})
    for language in ("zh-hans", "en"):
        with translation.override(language):
            lookup.update({str(k.label).lower(): k.value for k in VenueKind})
    return lookup


class Lookups:
    """Everything a row may refer to, loaded once per file (not once per row)."""

    def __init__(self) -> None:
        self.kinds = _kind_lookup()
        self.communities = {c.name: c for c in Community.objects.all()}
        self.amenities = {a.code: a for a in Amenity.objects.all()}
        self.users = {u.username: u for u in get_user_model().objects.filter(operated_venues__isnull=False).distinct()}

    def users_named(self, names: Iterable[str]) -> dict:
        missing = [n for n in names if n not in self.users]
        if missing:
            self.users.update({u.username: u for u in get_user_model().objects.filter(username__in=missing)})
        return self.users


def row_to_data(raw: dict[str, Any], lookups: Lookups) -> dict[str, Any]:
    """One spreadsheet row → the `data` of services.venue_create/update; ValidationError by column."""
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}

    def attempt(column: str, func) -> None:
        if column not in raw:
            return
        try:
            data[column] = func(raw[column])
        except ValidationError as exc:
            by_key = exc.message_dict if hasattr(exc, "error_dict") else {column: exc.messages}
            for key, messages in by_key.items():
                errors.setdefault(key if key != "__all__" else column, []).extend(messages)

    def venue_id(v):
        text = _text(v)
        if not text:
            return None
        try:
            number = int(float(text))
        except (ValueError, OverflowError):
            number = 0
        if not 0 < number <= MAX_ID:
            raise ValidationError({"id": [_("“%(value)s” is not a venue id.") % {"value": text}]})
        return number

    def kind(v):
        text = _text(v)
        if text.lower() not in lookups.kinds:
            raise ValidationError({"kind": [_("Unknown kind “%(value)s”.") % {"value": text}]})
        return lookups.kinds[text.lower()]

    def community(v):
        text = _text(v)
        if not text:
            return None
        if text not in lookups.communities:
            raise ValidationError({"community": [_("Unknown community “%(value)s”.") % {"value": text}]})
        return lookups.communities[text]

    def amenities(v):
        codes = [c for c in _text(v).replace("，", ",").replace(",", " ").split() if c]
        unknown = [c for c in codes if c not in lookups.amenities]
        if unknown:
            raise ValidationError({"amenities": [_("Unknown amenity: %(codes)s.") % {"codes": ", ".join(unknown)}]})
        return [lookups.amenities[c] for c in codes]

    def hours(v):
        try:
            return hours_lib.parse_hours(_text(v))
        except ValidationError as exc:
            raise ValidationError({"hours": exc.messages})

    def operators(v):
        names = [n.strip() for n in _text(v).replace("，", ",").split(",") if n.strip()]
        users = lookups.users_named(names)
        unknown = [n for n in names if n not in users]
        if unknown:
            raise ValidationError({"operators": [_("Unknown user: %(names)s.") % {"names": ", ".join(unknown)}]})
        return [users[n] for n in names]

    attempt("id", venue_id)
    for column in ("name", "address", "phone", "description", "hours_note", "plaque_number"):
        attempt(column, _text)
    attempt("kind", kind)
    attempt("community", community)
    attempt("lat", lambda v: _float(v, "lat"))
    attempt("lng", lambda v: _float(v, "lng"))
    attempt("amenities", amenities)
    attempt("services", _text)  # services.clean_services splits on "|"
    attempt("hours", hours)
    attempt("plaque_date", lambda v: _date(v, "plaque_date"))
    attempt("partner_since", lambda v: _date(v, "partner_since"))
    attempt("active", lambda v: _bool(v, "active"))
    attempt("operators", operators)
    if errors:
        raise ValidationError(errors)
    return data


def parse_rows(rows: list[tuple[int, dict[str, Any]]]) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, str]]]:
    """Convert every row; return the converted rows and the (row, message) errors of the others."""
    lookups = Lookups()
    parsed, errors = [], []
    for number, raw in rows:
        try:
            parsed.append((number, row_to_data(raw, lookups)))
        except ValidationError as exc:
            for column, messages in exc.message_dict.items():
                errors.extend((number, f"{column}: {m}") for m in messages)
    return parsed, errors


# --- writing -------------------------------------------------------------------------------


def export_rows(venues: Iterable[Venue]) -> Iterable[list[Any]]:
    """The header, then one row per venue (prefetch amenities, hours and operators)."""
    yield list(COLUMNS)
    for v in venues:
        yield [
            v.pk,
            safe_cell(v.name),
            v.kind,
            safe_cell(v.community.name if v.community else ""),
            safe_cell(v.address),
            v.lat,
            v.lng,
            safe_cell(v.phone),
            " ".join(a.code for a in v.amenities.all()),
            safe_cell(" | ".join(v.services or [])),
            hours_lib.format_hours(v.hour_ranges()),
            safe_cell(v.hours_note),
            safe_cell(v.plaque_number),
            v.plaque_date.isoformat() if v.plaque_date else "",
            v.partner_since.isoformat() if v.partner_since else "",
            "yes" if v.active else "no",
            safe_cell(",".join(u.username for u in v.operators.all())),
            safe_cell(v.description),
        ]


def export_queryset():
    return Venue.objects.select_related("community").prefetch_related("amenities", "hours", "operators").order_by("id")


def write_csv(rows: Iterable[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    # A BOM so that Excel opens the Chinese text as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(rows: Iterable[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("venues")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
