from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from friendlystreet.inputs import CheckedForm

from . import kinds
from .models import Delivery

CHANNEL_LABELS = {kinds.SMS: _("SMS"), kinds.EMAIL: _("E-mail")}
# The page's opening line names only the channels it offers this user.
INTROS = {
    frozenset({kinds.SMS}): _(
        "You always see every notification here on the site. Choose which ones should also reach you by SMS."
    ),
    frozenset({kinds.EMAIL}): _(
        "You always see every notification here on the site. Choose which ones should also reach you by e-mail."
    ),
    frozenset({kinds.SMS, kinds.EMAIL}): _(
        "You always see every notification here on the site. Choose which ones should also reach you by SMS or e-mail."
    ),
}


def field_name(kind_code: str, channel: str) -> str:
    return f"{kind_code}__{channel}"


class PreferencesForm(CheckedForm, forms.Form):
    """One checkbox per (kind, outgoing channel) the user may choose, and the language."""

    language = forms.ChoiceField(label=_("Language of my notifications"), choices=settings.LANGUAGES, widget=forms.RadioSelect)

    def __init__(self, *args, rows: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            for channel, enabled in row["channels"]:
                self.fields[field_name(row["kind"].code, channel)] = forms.BooleanField(
                    label=CHANNEL_LABELS[channel], required=False, initial=enabled
                )

    def intro(self):
        """What the page offers, naming only the channels there are boxes for."""
        offered = frozenset(c for row in self.rows for c, _on in row["channels"])
        return INTROS.get(offered, _("You always see every notification here on the site."))

    def grouped(self):
        """(kind, [bound fields]) for the template."""
        return [(row["kind"], [self[field_name(row["kind"].code, c)] for c, _on in row["channels"]]) for row in self.rows]

    def choices(self) -> dict[str, set[str]]:
        return {
            row["kind"].code: {c for c, _on in row["channels"] if self.cleaned_data.get(field_name(row["kind"].code, c))}
            for row in self.rows
        }


class DeliveryFilterForm(CheckedForm, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[*Delivery.Status.choices, ("all", _("All"))],
    )
