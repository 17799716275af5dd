"""Venue import and export as CSV or XLSX (one venue per row, the header names the columns).

Columns (the export writes all of them; an import may leave some out, which leaves
those fields unchanged on updated rows). The export names them as staff read them, in the
language of the page (编号, 名称, 类型…, see COLUMN_LABELS); an import takes those names in
Chinese or English, or the column codes below, which older exports used:

    id             blank: a new venue; a number: update that venue
    name, kind     kind: a code (merchant, …), the programme's name (暖新商家) or its label
    community      the community's name (must exist)
    address, lat, lng, phone, description
    amenities      amenities by name (饮用水), English name or code, separated by 、 , ; or spaces
    services       separated by "|"
    hours          the text form of hours.py: "Mo-Fr 08:00-18:00; Sa 09:00-12:00" or
                   "周一至周五 08:00-18:00；周六 09:00-12:00" (what a Chinese export writes)
    hours_note, plaque_number
    plaque_date, partner_since   YYYY-MM-DD
    active         是/否 (also yes/no, 1/0, true/false); blank: yes
    operators      usernames of partner operators, separated by commas

Kinds, amenities and column names are all looked up the same way (`name_lookup`): any of a
thing's names, whatever the letter case.

Row numbers in error messages are the spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from friendlystreet.exports import safe_cell
from friendlystreet.inputs import MAX_ID, validate_float, validate_text
from friendlystreet.lists import listed

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
    # Last, not beside the name: the columns of files and templates made before keep their places.
    "name_en",
]
# The export's header, in the page's language; an import reads these names in any of our
# languages as well as the codes above. A renamed label must keep its old name readable (an
# alias here), or files exported before the change no longer import.
COLUMN_LABELS = {
    "id": pgettext_lazy("venue spreadsheet column", "ID"),
    "name": pgettext_lazy("venue spreadsheet column", "Name"),
    "kind": pgettext_lazy("venue spreadsheet column", "Kind"),
    "community": pgettext_lazy("venue spreadsheet column", "Community"),
    "address": pgettext_lazy("venue spreadsheet column", "Address"),
    "lat": pgettext_lazy("venue spreadsheet column", "Latitude"),
    "lng": pgettext_lazy("venue spreadsheet column", "Longitude"),
    "phone": pgettext_lazy("venue spreadsheet column", "Phone"),
    "amenities": pgettext_lazy("venue spreadsheet column", "Amenities"),
    "services": pgettext_lazy("venue spreadsheet column", "Services for riders"),
    "hours": pgettext_lazy("venue spreadsheet column", "Opening hours"),
    "hours_note": pgettext_lazy("venue spreadsheet column", "Note on opening hours"),
    "plaque_number": pgettext_lazy("venue spreadsheet column", "Plaque number"),
    "plaque_date": pgettext_lazy("venue spreadsheet column", "Plaque date"),
    "partner_since": pgettext_lazy("venue spreadsheet column", "Partner since"),
    "active": pgettext_lazy("venue spreadsheet column", "Active"),
    "operators": pgettext_lazy("venue spreadsheet column", "Partner operators"),
    "description": pgettext_lazy("venue spreadsheet column", "Description"),
    "name_en": pgettext_lazy("venue spreadsheet column", "Name (English)"),
}
LANGUAGES = ("zh-hans", "en")  # the languages whose names an import understands
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# An .xlsx is a zip of XML: refuse one that would inflate beyond this (a zip bomb).
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024

TRUE_WORDS = {"1", "yes", "y", "true", "是", "有效", "启用"}
FALSE_WORDS = {"0", "no", "n", "false", "否", "无效", "停用"}


class FileRefused(Exception):
    """The file as a whole cannot be read (wrong type, too big, no header)."""


class RowError(NamedTuple):
    """A problem with one row: its number in the spreadsheet, the column (a code of COLUMNS,
    or "" for the row as a whole) and the message."""

    row: int
    column: str
    message: str


def column_label(column: str) -> str:
    """The column as the export names it in the active language."""
    return str(COLUMN_LABELS.get(column, column))


def error_text(error: RowError) -> str:
    """The message shown for a row error: “便民设施：未知的便民设施：…”."""
    if not error.column:
        return error.message
    return _("%(column)s: %(message)s") % {"column": column_label(error.column), "message": error.message}


# --- names -------------------------------------------------------------------------------

T = TypeVar("T")


def _key(name: Any) -> str:
    """How names are compared: letter case and runs of spaces do not matter."""
    return " ".join(str(name).split()).casefold()


def name_lookup(names: Iterable[tuple[Any, T]]) -> dict[str, T]:
    """{name: thing} for (name, thing) pairs, keyed as `_key` compares; the first pair that
    gives a name keeps it (list codes first, so that a code always means its own thing)."""
    lookup: dict[str, T] = {}
    for name, thing in names:
        key = _key(name or "")
        if key:
            lookup.setdefault(key, thing)
    return lookup


def _in_each_language(labels: Iterable[tuple[Any, T]]) -> list[tuple[str, T]]:
    pairs = []
    labels = list(labels)
    for language in LANGUAGES:
        with translation.override(language):
            pairs.extend((str(label), thing) for label, thing in labels)
    return pairs


def _column_lookup() -> dict[str, str]:
    return name_lookup([*((c, c) for c in COLUMNS), *_in_each_language((COLUMN_LABELS[c], c) for c in COLUMNS)])


def _chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


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
    columns = _column_lookup()
    names = [str(h or "").strip() for h in table[0]]
    unknown = [n for n in names if n and _key(n) not in columns]
    if unknown:
        raise FileRefused(_("Unknown columns: %(columns)s.") % {"columns": listed(unknown)})
    header = [columns[_key(n)] if n else "" for n in names]
    twice = sorted({column_label(c) for c in header if c and header.count(c) > 1})
    if twice:
        raise FileRefused(_("These columns appear more than once: %(columns)s.") % {"columns": listed(twice)})
    if "name" not in header and "id" not in header:
        raise FileRefused(
            _("The first row must name the columns (%(columns)s, …).")
            % {"columns": listed(column_label(c) for c in ("name", "kind", "address", "lat", "lng"))}
        )
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
    return name_lookup(
        [
            *((k.value, k.value) for k in VenueKind),
            *((alias, kind.value) for alias, kind in KIND_ALIASES.items()),
            *_in_each_language((k.label, k.value) for k in VenueKind),
        ]
    )


def _amenity_lookup() -> dict[str, Amenity]:
    amenities = list(Amenity.objects.all())  # ordered by position: the first of two same names wins
    return name_lookup(
        [*((a.code, a) for a in amenities), *((a.name, a) for a in amenities), *((a.name_en, a) for a in amenities)]
    )


# Between amenities in a cell: the export writes 、 (", " in English); staff also type
# commas, semicolons and spaces. Not "/": a name may hold one (充电/换电).
AMENITY_SEPARATORS = re.compile(r"[,，、;；]")


def split_amenities(text: str, lookup: dict[str, Amenity]) -> tuple[list[Amenity], list[str]]:
    """The amenities a cell names, and the words naming none. Within a part between
    separators, the longest run of words that names an amenity is taken first, so that
    "phone charging toilet" reads as two amenities and "饮用水 热水" as two."""
    longest = max((len(key.split()) for key in lookup), default=1)
    found: list[Amenity] = []
    unknown: list[str] = []
    for part in AMENITY_SEPARATORS.split(text):
        words = part.split()
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + longest), i, -1):
                amenity = lookup.get(_key(" ".join(words[i:j])))
                if amenity is not None:
                    if amenity not in found:
                        found.append(amenity)
                    i = j
                    break
            else:
                unknown.append(words[i])
                i += 1
    return found, unknown


@dataclass(frozen=True)
class KindWords:
    label: str
    code: str
    aliases: list[str]


def cell_vocabulary() -> dict[str, Any]:
    """What the import's kind, amenities and community cells take, from the lookups it reads
    them with (VenueKind, KIND_ALIASES, the amenities and communities stored now), for the
    import page to list: the contractor filling the file writes what will be read."""
    aliases: dict[str, list[str]] = {}
    for alias, kind in KIND_ALIASES.items():
        aliases.setdefault(kind.value, []).append(alias)
    return {
        "kinds": [
            KindWords(str(kind.label), kind.value, [a for a in aliases.get(kind.value, []) if a != str(kind.label)])
            for kind in VenueKind
        ],
        "amenities": list(Amenity.objects.order_by("position", "code")),
        "communities": list(Community.objects.order_by("position", "name").values_list("name", flat=True)),
    }


class Lookups:
    """Everything a row may refer to, loaded once per file (not once per row)."""

    def __init__(self) -> None:
        self.kinds = _kind_lookup()
        self.communities = {c.name: c for c in Community.objects.all()}
        self.amenities = _amenity_lookup()
        self.users = {u.username: u for u in get_user_model().objects.filter(operated_venues__isnull=False).distinct()}

    def users_named(self, names: Iterable[str]) -> dict:
        missing = [n for n in names if n not in self.users]
        if missing:
            self.users.update({u.username: u for u in get_user_model().objects.filter(username__in=missing)})
        return self.users


def row_to_data(raw: dict[str, Any], lookups: Lookups) -> dict[str, Any]:
    """One spreadsheet row → the `data` of services.venue_create/update; ValidationError by column."""
    data, errors = convert_row(raw, lookups)
    if errors:
        raise ValidationError(errors)
    return data


def convert_row(raw: dict[str, Any], lookups: Lookups) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """One spreadsheet row → the cells that converted (as `data`) and the errors of the others
    by column: every cell is tried, whatever the others hold."""
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
        if _key(text) not in lookups.kinds:
            raise ValidationError({"kind": [_("Unknown kind “%(value)s”.") % {"value": text}]})
        return lookups.kinds[_key(text)]

    def community(v):
        text = _text(v)
        if not text:
            return None
        if text not in lookups.communities:
            raise ValidationError({"community": [_("Unknown community “%(value)s”.") % {"value": text}]})
        return lookups.communities[text]

    def amenities(v):
        found, unknown = split_amenities(_text(v), lookups.amenities)
        if unknown:
            raise ValidationError({"amenities": [_("Unknown amenity: %(codes)s.") % {"codes": listed(unknown)}]})
        return found

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
            raise ValidationError({"operators": [_("Unknown user: %(names)s.") % {"names": listed(unknown)}]})
        return [users[n] for n in names]

    attempt("id", venue_id)
    for column in ("name", "name_en", "address", "phone", "description", "hours_note", "plaque_number"):
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
    return data, errors


def parse_rows(rows: list[tuple[int, dict[str, Any]]]) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """Convert every row: each row with the cells that converted, and the errors of the others
    (services.venues_import checks what a row has even when some of its cells failed, so that
    a file's every error is listed at once)."""
    lookups = Lookups()
    parsed: list[tuple[int, dict[str, Any]]] = []
    errors: list[RowError] = []
    for number, raw in rows:
        data, row_errors = convert_row(raw, lookups)
        parsed.append((number, data))
        for column, messages in row_errors.items():
            errors.extend(RowError(number, "" if column == "__all__" else column, m) for m in messages)
    return parsed, errors


# --- writing -------------------------------------------------------------------------------


def export_rows(venues: Iterable[Venue]) -> Iterable[list[Any]]:
    """The header, then one row per venue (prefetch amenities, hours and operators), as staff
    read them in the active language: 类型 暖新商家, 便民设施 饮用水、热水, 启用 是. An import
    reads every cell back (row_to_data)."""
    chinese = _chinese()
    yield [column_label(c) for c in COLUMNS]
    for v in venues:
        yield [
            v.pk,
            safe_cell(v.name),
            str(v.get_kind_display()),
            safe_cell(v.community.name if v.community else ""),
            safe_cell(v.address),
            v.lat,
            v.lng,
            safe_cell(v.phone),
            safe_cell(listed(a.label() for a in v.amenities.all())),
            safe_cell(" | ".join(v.services or [])),
            hours_lib.format_hours(v.hour_ranges(), chinese=chinese),
            safe_cell(v.hours_note),
            safe_cell(v.plaque_number),
            v.plaque_date.isoformat() if v.plaque_date else "",
            v.partner_since.isoformat() if v.partner_since else "",
            _("yes") if v.active else _("no"),
            safe_cell(",".join(u.username for u in v.operators.all())),
            safe_cell(v.description),
            safe_cell(v.name_en),
        ]


def export_queryset():
    return Venue.objects.select_related("community").prefetch_related("amenities", "hours", "operators").order_by("id")


def template_rows() -> list[list[Any]]:
    """An empty import file: the header alone, in Chinese (the programme's spreadsheets are
    Chinese; an import reads these names in any language), the same as an export writes."""
    with translation.override("zh-hans"):
        return [[column_label(c) for c in COLUMNS]]


def write_csv(rows: Iterable[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    # A BOM so that Excel opens the Chinese text as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(rows: Iterable[list[Any]]) -> bytes:
    """The first row is the header: bold, frozen, and columns as wide as their heads, as every
    export of the site (ledgers.writers, one implementation of how a sheet opens)."""
    from friendlystreet.ledgers.writers import XlsxWriter

    rows = iter(rows)
    out = io.BytesIO()
    # The ledgers' cells on rows export_rows made already: quoting a formula again and
    # writing 是/否 again change nothing, and a coordinate keeps its digits.
    writer = XlsxWriter(out, _("Venues"), next(rows, []))
    for row in rows:
        writer.write(row)
    writer.close()
    return out.getvalue()
