"""What the boundary accepts: text without control characters, whole numbers that fit a
64-bit column, floats the databases store as they are.

Everything a user or a client sends is refused here with a clear 4xx (a form error, or the
API's 400) rather than reaching the database, where PostgreSQL refuses NUL in a string and
subnormal floats, SQLite integers beyond 64 bits, and openpyxl control characters later on.

- `validate_text`: the one validator of free text (forms and serializers).
- `CheckedForm` / `CheckedSerializer`: mixins that put the checks on every text, integer and
  float field of a form or serializer, so a new field cannot forget them.
- `OnlyItsFields`: an input serializer that refuses the fields it does not read, where a
  silent drop would let a client think they were saved.
- `IdRelatedField`: a primary key in a body, checked for range before the query.
- `parse_id`: an id read from a query string.
- `<id:pk>` in URL patterns: an id that fits a bigint, else 404 without a query.
"""

from __future__ import annotations

import math
import re
import secrets
import sys
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MAX_ID = 2**63 - 1  # the largest value of a bigint column (PostgreSQL and SQLite alike)
MIN_INT = -(2**63)

# C0 and C1 controls but tab, line feed and carriage return; lone surrogates (JSON can
# carry them, UTF-8 cannot store them); the two non-characters U+FFFE and U+FFFF.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value))


def validate_text(value: str) -> None:
    """Free text a person typed: no invisible control characters (they break exports, logs
    and the database's string literals)."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(_("Remove the invisible control characters from this text."), code="control_characters")


def validate_integer(value: int) -> None:
    if isinstance(value, int) and not MIN_INT <= value <= MAX_ID:
        raise ValidationError(_("This number is too large."), code="out_of_range")


def validate_float(value: float) -> None:
    """Finite, and either zero or a normal number: subnormal values (5e-324) underflow in
    PostgreSQL, and no coordinate or amount is that small."""
    if isinstance(value, float) and (not math.isfinite(value) or (value and abs(value) < sys.float_info.min)):
        raise ValidationError(_("Enter an ordinary number."), code="invalid_number")


ID = re.compile(r"[0-9]{1,19}")


def page_idempotency_key(form: forms.Form) -> str:
    """The key a form page sends its one submission with (the services answer a key they
    have seen with the first object they made for it). A new page gets a new key; a refused
    page keeps the one it was posted with: a rider who went Back after sending, was refused
    on the way (a field the browser did not refill) and sends again gets the first object,
    not a second one."""
    if form.is_bound:
        posted = str(form.data.get("idempotency_key") or "").strip()
        if posted and len(posted) <= form.fields["idempotency_key"].max_length and not has_control_characters(posted):
            return posted
    return secrets.token_urlsafe(24)


def parse_id(text: str | None) -> int | None:
    """An id typed in a query string ("12"), or None when it is not one: ASCII digits only
    (str.isdigit() also takes "²", which int() refuses) and within a bigint."""
    if not text or not ID.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def preselect(form: forms.Form, name: str, text: str | None) -> None:
    """A link's choice for an unsent form (?venue=12): ticked or selected only when it is one
    of the field's own choices; anything else (not an id, unknown, not offered) is ignored."""
    pk = parse_id(text)
    field = form.fields[name]
    if form.is_bound or pk is None or not field.queryset.filter(pk=pk).exists():
        return
    form.initial[name] = [pk] if isinstance(field, forms.ModelMultipleChoiceField) else pk


def search_text(value: str | None, max_length: int = 100) -> str | None:
    """A search box's text, trimmed; None when it holds control characters (refused)."""
    value = (value or "").strip()[:max_length]
    return None if has_control_characters(value) else value


def read_flag(value: str) -> bool:
    """A yes/no typed in a query string, the one reading of every flag (the API's `?mine=`,
    `?open_now=`..., the venue list's "open now" box): the words DRF's BooleanField knows
    (`1`, `true`, `yes`, `on`; `0`, `false`, `no`, `off`...), empty for no. Anything else is a
    ValidationError: the API answers 400 naming the parameter, a page's form does not take it
    (never a silent yes for `0`, as a bare checkbox reads it, nor a silent no)."""
    if value == "":
        return False
    try:
        return serializers.BooleanField().run_validation(value)
    except serializers.ValidationError as exc:
        raise ValidationError(exc.detail, code="invalid") from None


class FlagCheckbox(forms.CheckboxInput):
    """A checkbox that hands the value as sent to its field (read_flag), instead of reading
    any text but "false" as ticked."""

    def value_from_datadict(self, data, files, name) -> str:
        return data.get(name, "")


class FlagField(forms.Field):
    """A yes/no filter of a GET form, read as the API reads its flags (read_flag)."""

    widget = FlagCheckbox

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> bool:
        return read_flag(value) if isinstance(value, str) else bool(value)


def valid_filters(form: forms.Form) -> dict:
    """The filters of a list page's GET form that it could read: a value it cannot
    (`?overdue=maybe`, a kind that is no choice) drops that filter alone, never the others the
    person chose, which the page keeps applying and showing. Django leaves a field that fails
    out of `cleaned_data` and keeps the rest; an unbound form (no query string) has none."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def _add(field, validator) -> None:
    if validator not in field.validators:
        field.validators.append(validator)


# Which check each kind of field gets, forms and serializers alike. Floats come before
# integers: Django's forms.FloatField (and DecimalField) subclass forms.IntegerField.
FIELD_CHECKS = (
    ((forms.FloatField, serializers.FloatField), validate_float),
    ((forms.IntegerField, serializers.IntegerField), validate_integer),
    ((forms.CharField, serializers.CharField), validate_text),
)


def _check_field(field) -> bool:
    """Put the field's check on it; False for a kind of field that has none."""
    for kinds, validator in FIELD_CHECKS:
        if isinstance(field, kinds):
            _add(field, validator)
            return True
    return False


class CheckedForm:
    """Mixin for forms (before forms.Form / ModelForm in the bases): every text field refuses
    control characters, every integer field stays within 64 bits, every float is ordinary."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # each form instance has its own copies
            if not _check_field(field) and isinstance(field, forms.ModelChoiceField):
                _check_ids_first(field)
            _name_the_empty_choice(field)


DASHES = models.BLANK_CHOICE_DASH[0][1]  # Django's "---------"


def _name_the_empty_choice(field: forms.Field) -> None:
    """A select's empty choice says what it means, in the reader's language: "请选择…" where
    an answer is required, "（无）" where none is fine; never Django's "---------"."""
    words = _("Choose…") if field.required else _("— none —")
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DASHES:
            field.empty_label = words
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if choices and choices[0] == ("", DASHES):
            field.choices = [("", words), *choices[1:]]


def service_field_errors(exc: ValidationError) -> dict[str, list[str]] | None:
    """A service's ValidationError by field ({field: [messages]}); None for a plain list."""
    return exc.message_dict if hasattr(exc, "error_dict") else None


def show_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError({field: [...]}) on the form's own fields; what names no
    field of the form (or a plain list) on top of it. The one way pages show a service's
    field checks (the API's handler does the same for JSON)."""
    if (by_field := service_field_errors(exc)) is not None:
        for name, messages in by_field.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def _check_ids_first(field: forms.ModelChoiceField) -> None:
    """A model choice (or several) by integer id: a value that is no id is refused before
    Django's look-up, which lets SQLite's OverflowError through (a 500) for 2⁶³."""
    if field.to_field_name or not isinstance(field.queryset.model._meta.pk, models.IntegerField):
        return
    clean = field.clean

    def clean_ids_first(value):
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if v not in field.empty_values and parse_id(str(v)) is None:
                code = "invalid_pk_value" if "invalid_pk_value" in field.error_messages else "invalid_choice"
                raise ValidationError(field.error_messages[code], code=code, params={"pk": v, "value": v})
        return clean(value)

    field.clean = clean_ids_first


def _check_serializer_field(field) -> None:
    if isinstance(field, serializers.ListField):
        _check_serializer_field(field.child)
    else:
        _check_field(field)


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """PrimaryKeyRelatedField that answers "does not exist" for an id beyond a bigint
    instead of sending it to the database (SQLite: OverflowError), in words an app's user
    may read (DRF's own speak of a "pk")."""

    default_error_messages = {
        "does_not_exist": _("The chosen item does not exist; choose another."),
        "incorrect_type": _("Choose one item from the list."),
    }

    def to_internal_value(self, data):
        if isinstance(data, int | str) and not isinstance(data, bool):
            try:
                number = int(data)
            except ValueError:
                self.fail("incorrect_type", data_type=type(data).__name__)
            if not 0 < number <= MAX_ID:
                self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class CheckedSerializer(serializers.Serializer):
    """Base of input serializers: the same checks as CheckedForm, on every field (nested
    list fields too)."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            _check_serializer_field(field)
        return fields


class OnlyItsFields:
    """Mixin for an input serializer (before CheckedSerializer in the bases): a field it does
    not read is a 400 `invalid` naming that field, in `unknown_field_message` (which names the
    fields it reads), instead of DRF's silent drop. A PATCH of a field the caller may not
    change answered 200 with the object as it was, and an app took the change as saved.
    The schema says it too: its request body has `additionalProperties: false`
    (friendlystreet.api.schema)."""

    unknown_field_message = _("Send only these fields: %(fields)s.")

    def unknown_field_words(self, known: list[str]) -> str:
        """The refusal of a field not read: unknown_field_message, naming the fields it reads."""
        return self.unknown_field_message % {"fields": ", ".join(known)}

    def to_internal_value(self, data):
        refused = {}
        if isinstance(data, Mapping):  # anything else is DRF's own 400 (not an object)
            known = [name for name, field in self.fields.items() if not field.read_only]
            message = self.unknown_field_words(known)
            refused = {name: [message] for name in data if name not in known}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if refused and isinstance(exc.detail, dict):  # every problem in one answer
                raise serializers.ValidationError({**exc.detail, **refused}) from None
            raise
        if refused:
            raise serializers.ValidationError(refused)
        return value


class IdConverter:
    """`<id:pk>`: digits that fit a bigint; anything longer or larger is no match (404)
    instead of an overflow in the database."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("beyond a bigint")
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
