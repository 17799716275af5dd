from __future__ import annotations

from typing import Any

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


# The settings page's groups, in this order: a kind is in the first group one of whose prefixes
# its code starts with (apps name their kinds by their area), else in "Other".
GROUPS: list[tuple[Any, tuple[str, ...]]] = [
    (_("Points"), ("points_claim_", "points_balance_", "points_awarded")),
    (_("Vouchers"), ("points_voucher_", "points_reward_")),
    (
        _("Activities and volunteering"),
        ("volunteers_signup_", "volunteers_waitlist_", "volunteers_activity_", "volunteers_team_", "volunteers_grid_"),
    ),
    (_("Reports and tips"), ("volunteers_report_", "venues.tip_")),
    # accounts.account_created: the account the street office opened for them, with its sign-in.
    (_("My account"), ("points_rider_", "privacy_", "volunteers_party_", "welcome", "accounts.")),
    # Staff: what waits for them.
    (_("Work reminders"), ("dashboard_", "reviewer_digest")),
]
OTHER_GROUP = _("Other")


def kind_group(kind: kinds.Kind) -> str:
    for label, prefixes in GROUPS:
        if kind.code.startswith(prefixes):
            return str(label)
    return str(OTHER_GROUP)


def group_order(label: str) -> int:
    labels = [str(g) for g, _prefixes in GROUPS]
    return labels.index(label) if label in labels else len(labels)


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
        """[(group, [(kind, [bound fields])])] for the template, the groups in GROUPS' order."""
        groups: dict[str, list] = {}
        for row in self.rows:
            kind = row["kind"]
            fields = [self[field_name(kind.code, c)] for c, _on in row["channels"]]
            groups.setdefault(kind_group(kind), []).append((kind, fields))
        return sorted(groups.items(), key=lambda item: group_order(item[0]))

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
