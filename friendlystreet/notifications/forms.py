from __future__ import annotations

from django import forms
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
    """One checkbox per (kind, outgoing channel) the user may choose; a channel the kind always
    uses (Kind.required_channels) is a ticked box that cannot be changed. The language of the
    notifications is chosen where the pages' is (the footer's switch, views.set_language)."""

    def __init__(self, *args, rows: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            for channel, enabled in row["channels"]:
                required = channel in row["kind"].required_channels
                self.fields[field_name(row["kind"].code, channel)] = forms.BooleanField(
                    label=CHANNEL_LABELS[channel], required=False, initial=enabled or required, disabled=required
                )

    def intro(self):
        """What the page offers, naming only the channels there are boxes for."""
        offered = frozenset(c for row in self.rows for c, _on in row["channels"])
        return INTROS.get(offered, _("You always see every notification here on the site."))

    def grouped(self):
        """[(group, [(kind, [bound fields])])] for the template: each kind under the group it was
        registered with (kinds.Kind.group), the groups in their order."""
        groups: dict[str, list] = {}
        order: dict[str, int] = {}
        for row in self.rows:
            kind = row["kind"]
            fields = [self[field_name(kind.code, c)] for c, _on in row["channels"]]
            label = str(kind.group.label)
            groups.setdefault(label, []).append((kind, fields))
            order[label] = kind.group.order
        return sorted(groups.items(), key=lambda item: order[item[0]])

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
    # The channels a delivery is made on: in-app notices are the inbox itself, never a delivery.
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("All")), *((c, label) for c, label in CHANNEL_LABELS.items())],
    )


# The deliveries page's heading says which list it shows, as the menu (消息发送记录) names them all.
DELIVERY_HEADINGS = {
    Delivery.Status.FAILED: _("Failed deliveries"),
    Delivery.Status.QUEUED: _("Queued deliveries"),
    Delivery.Status.SENT: _("Sent deliveries"),
    Delivery.Status.SKIPPED: _("Skipped deliveries"),
    "all": _("All deliveries"),
}
