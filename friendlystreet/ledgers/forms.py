from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from friendlystreet.inputs import CheckedForm
from friendlystreet.privacy.access import REASONS

from .models import Export
from .selectors import kind_choices

EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ExportForm(CheckedForm, forms.Form):
    kind = forms.ChoiceField(label=_("Ledger"), choices=())
    format = forms.ChoiceField(label=_("Format"), choices=Export.Format.choices, initial=Export.Format.XLSX)
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To (inclusive)"), widget=DateInput())

    reason = forms.ChoiceField(
        label=_("Riders' names and phone numbers"),
        choices=[("", _("Masked"))]
        + [(code, format_lazy(_("Unmasked, because: {reason}"), reason=label)) for code, label in REASONS],
        required=False,
        help_text=_(
            "In the riders ledger, and wherever a ledger names who did something (adjusted, decided, confirmed, wrote). "
            "Unmasking is recorded in the audit trail with the reason."
        ),
    )

    def __init__(self, *args, personal_data: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not personal_data:  # staff who may not see personal data are never asked
            del self.fields["reason"]
        self.fields["kind"].choices = kind_choices()
        today = timezone.localdate()
        self.fields["start"].initial = today.replace(day=1)
        self.fields["end"].initial = today

    def clean(self):
        data = super().clean()
        for name in ("start", "end"):
            value = data.get(name)
            if value is not None and not EARLIEST <= value <= LATEST:
                self.add_error(name, _("Enter a date between 2000 and 2099."))
        return data
