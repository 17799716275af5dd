from __future__ import annotations

from datetime import date

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from friendlystreet.dashboard.periods import PRESETS, preset
from friendlystreet.days import date_problem
from friendlystreet.inputs import CheckedForm
from friendlystreet.privacy.access import REASONS

from .models import Export
from .registry import all_kinds


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class KindSelect(forms.Select):
    """The ledgers, each option carrying its description (what it lists and by which date),
    which static/js/exports.js shows under the select as the choice changes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.descriptions: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        description = self.descriptions.get(str(value))
        if description:
            option["attrs"]["data-description"] = description
        return option


class ExportForm(CheckedForm, forms.Form):
    kind = forms.ChoiceField(label=_("Ledger"), choices=(), widget=KindSelect)
    format = forms.ChoiceField(label=_("Format"), choices=Export.Format.choices, initial=Export.Format.XLSX)
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To (inclusive)"), widget=DateInput())

    reason = forms.ChoiceField(
        label=_("Riders' names and phone numbers"),
        choices=[("", _("Masked"))]
        + [(code, format_lazy(_("Unmasked, because: {reason}"), reason=label)) for code, label in REASONS],
        required=False,
        help_text=_(
            "In every ledger that names riders. Staff and partners' operators (who reviewed, confirmed or handled "
            "something) are always shown in full. Unmasking is recorded in the audit trail with the reason."
        ),
    )

    def __init__(self, *args, personal_data: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not personal_data:  # staff who may not see personal data are never asked
            del self.fields["reason"]
        kinds = all_kinds()
        kind = self.fields["kind"]
        kind.choices = [(k.code, k.label) for k in kinds]
        descriptions = {k.code: str(k.description) for k in kinds}
        kind.widget.descriptions = descriptions
        this_month = preset("this_month")
        self.fields["start"].initial = this_month.start
        self.fields["end"].initial = this_month.end
        # Under the select: what the chosen ledger lists, by which date (the script follows the choice).
        chosen = (self.data.get("kind") if self.is_bound else None) or self.initial.get("kind") or kinds[0].code
        kind.help_text = descriptions.get(chosen, "")

    # The days are checked by the service (services.export_days), for this form and the API
    # alike: the view shows its errors on the fields they name.


def last_choice(query) -> dict:
    """The ledger, format and days a staff member chose last (carried in the address the page
    returns to after an export), for the form's initial values; anything invalid is left out."""
    initial: dict = {}
    if query.get("kind") in {k.code for k in all_kinds()}:
        initial["kind"] = query["kind"]
    if query.get("format") in Export.Format.values:
        initial["format"] = query["format"]
    for name in ("start", "end"):
        try:
            value = date.fromisoformat(query.get(name) or "")
        except ValueError:
            continue
        if not date_problem(value):
            initial[name] = value
    return initial


def presets() -> list[tuple[str, date, date]]:
    """The quick choices of days: this month (to today) and last month, as the dashboard has them."""
    return [(str(PRESETS[name]), p.start, p.end) for name in ("this_month", "last_month") for p in [preset(name)]]
