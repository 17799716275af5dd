"""Form widgets shared by the apps."""

from __future__ import annotations

from django import forms


class DatePicker(forms.DateInput):
    """The browser's date picker. It only understands ISO dates, whatever the language:
    with zh-hans's own format (2024/09/20) it shows an empty box, and saving the form
    unchanged would wipe the date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CoordinateInput(forms.NumberInput):
    """Latitude or longitude as typed numbers (the fallback of the map picker, which fills
    them: {% form_fields %} puts a map beside every `lat`/`lng` pair)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "any", "inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
