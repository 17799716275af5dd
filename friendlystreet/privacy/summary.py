"""The readable copy of a rider's data (summary.html in the download, beside data.json): the
same sections, with their fields' names and their codes' labels in the rider's language, and
every time in Beijing time, so a rider can read it on a phone.

data.json is the complete, machine-readable copy; this file only presents it. Each app registers
its section's title, the models it is read from and its own words with the section
(registry.register_data_section). Names and labels come from those models (their verbose names
and choices, found by the model's label as the audit trail finds them: friendlystreet never
imports a feature app), else from the section's words or the few below; a key nobody names is
shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from friendlystreet.accounts.phones import format_phone
from friendlystreet.days import local_zone
from friendlystreet.lists import listed
from friendlystreet.notifications import kinds

from .registry import SectionReading, section_readings

# Keys that are no field of their model (or are named better here), in any section; a
# section's own words come with it (registry.SectionReading.labels).
LABELS: dict[str, Any] = {
    "profile": _("Profile"),
    "name": pgettext_lazy("person", "Name"),
    "consents": _("Consents"),
    "what": _("What"),
    "version": _("Version"),
    "given_at": _("Given at"),
    "notifications": _("Notifications"),
    "notification_settings": _("Notification settings"),
    "sessions": _("Signed-in devices"),
    "ip": _("IP address"),
    "user_agent": _("Browser"),
    "last_seen_at": _("Last seen"),
    "verification_evidence": _("Screenshot for verification"),
    "submitted_at": _("Submitted at"),
    "photos": _("Photos"),
    "photo": _("Photo"),
    "when": _("When"),
    "text": _("Text"),
    "by": _("By"),
    "at": _("When"),
    "reason": _("Reason"),
}
# Values that are codes of something other than a model's choices.
VALUE_LABELS: dict[str, dict[str, Any]] = {
    "what": {"privacy_notice": _("Privacy notice")},
    "by": {"me": _("me")},
    "channel": {kinds.IN_APP: _("On the site"), kinds.SMS: _("SMS"), kinds.EMAIL: _("E-mail")},
}


@dataclass
class Cell:
    label: str
    value: Any  # a str, a Record or a list of Records (nested data)

    @property
    def record(self) -> bool:
        return isinstance(self.value, Record)

    @property
    def records(self) -> bool:
        return isinstance(self.value, list)


@dataclass
class Record:
    """A dict of data.json as label/value pairs (a list of dicts is a list of Records)."""

    cells: list[Cell]


def _reading(path: tuple[str, ...]) -> SectionReading | None:
    return section_readings.get(path[0]) if path else None


def _model(path: tuple[str, ...]):
    reading = _reading(path)
    label = reading.models.get(path[1:]) if reading else None
    if label is None:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _label(model, path: tuple[str, ...], key: str) -> str:
    reading = _reading(path)
    if reading and key in reading.labels:
        return str(reading.labels[key])
    if key in LABELS:
        return str(LABELS[key])
    field = _field(model, key)
    if field is not None and getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    return key


def _moment(value: str) -> str | None:
    """An ISO date-time with an offset, in Beijing time; a plain date as it is."""
    if "T" not in value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(moment):
        return None
    return moment.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M")


def _value(model, path: tuple[str, ...], key: str, value: Any) -> Any:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value)):
        return _nested(path + (key,), value)
    if isinstance(value, list):
        return listed(value)
    if isinstance(value, str):
        if key == "kind" and path[:1] == ("account",):
            # A notification's kind: its name on the settings page.
            try:
                return str(kinds.get(value).label)
            except kinds.UnknownKind:
                return value
        if key == "phone":
            return format_phone(value)  # 139 1234 5678, as the rider writes it
        if key in VALUE_LABELS and value in VALUE_LABELS[key]:
            return str(VALUE_LABELS[key][value])
        field = _field(model, key)
        choices = dict(getattr(field, "flatchoices", None) or ()) if field is not None else {}
        if value in choices:
            return str(choices[value])
        moment = _moment(value)
        if moment is not None:
            return moment
    return str(value)


def _nested(path: tuple[str, ...], data: Any) -> Record | list[Record]:
    model = _model(path)
    if isinstance(data, dict):
        return Record([Cell(_label(model, path, k), _value(model, path, k, v)) for k, v in data.items()])
    return [_nested(path, item) for item in data if isinstance(item, dict)]


def sections(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """(title, a Cell holding a Record, Records or "—") for each section of data.json, in order."""
    out = []
    for name, content in data.items():
        reading = section_readings.get(name)
        if reading is None and not isinstance(content, (dict, list)):
            continue  # generated_at, user_id: said in the heading
        title = str(reading.title if reading else name)
        empty = content in (None, [], {})
        out.append((title, Cell(title, "—" if empty else _nested((name,), content))))
    return out


def render(data: dict[str, Any]) -> str:
    """summary.html, in the active language (the caller's translation.override)."""
    generated = data.get("generated_at")
    return render_to_string(
        "privacy/summary_file.html",
        {"sections": sections(data), "generated_at": _moment(generated) if isinstance(generated, str) else ""},
    )
