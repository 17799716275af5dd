"""The exports page puts 本月 / 上月 right after the form's "To" with the shared form markup
({% form_fields %} with `after` and `insert`), where it wrote that markup out by hand and left
out the form's hidden fields. A form rendered so keeps everything form_fields gives: its
hidden fields, its errors, and the inserted choices after the named field only."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.template import Context, Template


class DaysForm(forms.Form):
    batch = forms.CharField(widget=forms.HiddenInput, initial="month-end")
    start = forms.DateField(label="From")
    end = forms.DateField(label="To")
    note = forms.CharField(label="Note", required=False)


PAGE = '{% load form_ui %}{% form_fields form after="end" insert="staff/exports/_presets.html" presets=presets %}'
PRESETS = [("This month", date(2026, 12, 1), date(2026, 12, 7), "start=2026-12-01&end=2026-12-07")]


def test_the_quick_choices_go_after_the_named_field_with_the_hidden_fields_kept():
    html = Template(PAGE).render(Context({"form": DaysForm(), "presets": PRESETS}))

    assert re.findall(r'name="(\w+)"|id="(export-presets)"', html) == [
        ("batch", ""),
        ("start", ""),
        ("end", ""),
        ("", "export-presets"),
        ("note", ""),
    ]
    assert '<input type="hidden" name="batch" value="month-end"' in html
    assert html.count('id="export-presets"') == 1


def test_a_form_sent_back_keeps_its_errors_note():
    form = DaysForm({"batch": "month-end", "start": "2026-12-09", "end": "not a day"})

    html = Template(PAGE).render(Context({"form": form, "presets": PRESETS}))

    assert 'class="fs-alert" role="alert"' in html
    assert 'id="export-presets"' in html
