"""Forms of the rewards pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from friendlystreet.inputs import CheckedForm
from friendlystreet.widgets import DatePicker
from venues.models import Venue, VenueKind

from ..models import Reward
from . import codes
from .services import REWARD_COUNTERS, REWARD_FIELDS

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"


def seen_name(counter: str) -> str:
    return f"{counter}_seen"


class RewardForm(CheckedForm, forms.ModelForm):
    """Staff: a reward of any venue. The image is re-encoded by the service."""

    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("Optional. JPEG, PNG or WebP; location data is removed."),
    )

    class Meta:
        model = Reward
        fields = REWARD_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "available_from": DatePicker(),
            "available_to": DatePicker(),
        }

    fieldsets = [
        (_("The reward"), ["venue", "title", "description", "image"], {"id": "reward-what"}),
        (_("Cost and limits"), ["cost", "stock", "per_rider_monthly_limit", "valid_days"], {"id": "reward-cost"}),
        (_("When it is offered"), ["available_from", "available_to", "active"], {"id": "reward-when"}),
    ]
    wide_fields = ("title",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Active venues, and the reward's own even if it was deactivated since.
        current = getattr(self.instance, "venue_id", None)
        self.fields["venue"].queryset = Venue.objects.filter(Q(active=True) | Q(pk=current)).order_by("name", "id")
        # At least 1, as the database requires (reward_cost_positive): in the browser too
        # (min="1", not the model field's min="0"; min_value set after the field was made
        # does not reach its widget). The server's check stays reward_save()'s, which reports
        # a cost of 0 together with the other fields' errors (所需积分至少为 1。).
        cost = self.fields["cost"]
        cost.min_value = 1
        cost.widget.attrs["min"] = 1
        self.fields["valid_days"].widget.attrs.update({"min": 1, "max": 365})
        if self.instance.pk is not None:
            # The stock as this page showed it, sent back hidden: reward_save() then leaves a
            # stock staff did not touch as vouchers have made it meanwhile (see REWARD_COUNTERS).
            for name in REWARD_COUNTERS:
                self.fields[seen_name(name)] = forms.IntegerField(
                    required=False, min_value=0, widget=forms.HiddenInput, initial=getattr(self.instance, name)
                )

    def seen(self) -> dict | None:
        """The counters as the page showed them, for reward_save(seen=...): None for a new
        reward; a counter the post does not carry is written as sent."""
        if self.instance.pk is None:
            return None
        return {name: self.cleaned_data.get(seen_name(name)) for name in REWARD_COUNTERS if seen_name(name) in self.data}

    def show_as_seen(self, counters: dict) -> None:
        """After reward_save() refused a counter that moved: the page now carries its current
        value, so that saving again, once staff have checked, writes their number."""
        self.data = self.data.copy()
        for name, value in counters.items():
            self.data[seen_name(name)] = "" if value is None else str(value)

    def _post_clean(self):
        # The service applies the data to a locked row and validates it there; validating
        # the unsaved instance here too would only repeat the work.
        pass


class ProposalForm(CheckedForm, forms.Form):
    """A partner operator proposes a reward for a venue they run."""

    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none())
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    cost = forms.IntegerField(
        label=_("Cost in points"),
        min_value=1,
        max_value=100000,
        error_messages={"min_value": _("A reward costs at least 1 point."), "max_value": _("At most 100,000 points.")},
    )
    # The stock left (Reward.stock): empty is unlimited, 0 would be a reward nobody can redeem.
    stock = forms.IntegerField(
        label=_("Stock"),
        min_value=1,
        required=False,
        help_text=_("How many you can give out. Empty: unlimited."),
        error_messages={"min_value": _("Offer at least 1, or leave it empty for unlimited.")},
    )
    per_rider_monthly_limit = forms.IntegerField(
        label=_("Limit per rider per month"), min_value=1, max_value=100, required=False, help_text=_("Empty: unlimited.")
    )
    valid_days = forms.IntegerField(label=_("Voucher valid for (days)"), min_value=1, max_value=365, initial=30)
    image = forms.FileField(label=_("Image"), required=False, widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}))

    fieldsets = [
        (_("The reward"), ["venue", "title", "description", "image"], {"id": "proposal-what"}),
        (_("Cost and limits"), ["cost", "stock", "per_rider_monthly_limit", "valid_days"], {"id": "proposal-cost"}),
    ]
    wide_fields = ("title",)

    def __init__(self, *args, venues=(), references=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.filter(pk__in=[v.pk for v in venues])
        if len(venues) == 1:
            # Their one venue, chosen: no "please choose" above it.
            self.fields["venue"].initial = venues[0].pk
            self.fields["venue"].empty_label = None
        if references is not None:
            self.fields["cost"].help_text = cost_guidance(references)


def cost_guidance(references) -> str:
    """The cost field's help: what rewards on sale cost now (selectors.cost_references()),
    the operator's own first, so a proposal is priced like the rest of the catalogue."""

    def listed(rewards) -> str:
        return " · ".join(_("“%(title)s” %(cost)s points") % {"title": r.title, "cost": r.cost} for r in rewards)

    parts = []
    if references.own:
        parts.append(_("Your venue: %(rewards)s.") % {"rewards": listed(references.own)})
    if references.others:
        parts.append(_("Other venues: %(rewards)s.") % {"rewards": listed(references.others)})
    if not parts:
        return ""
    return " ".join([str(_("For reference, what rewards cost now:")), *parts])


class CodeForm(CheckedForm, forms.Form):
    """A voucher code as typed or scanned, in any case, with or without spaces and dashes.
    Something no voucher can have (too short, a 0 or an O) is answered here with what a code
    looks like, not with the service's "not found"."""

    code = forms.CharField(label=_("Voucher code"), max_length=64)
    example = codes.display("ABCDEFGHJKMN")  # the page's placeholder, and the error's example

    def clean_code(self) -> str:
        code = codes.normalise(self.cleaned_data["code"])
        if not codes.is_well_formed(code):
            raise forms.ValidationError(
                _("A voucher code has %(length)s letters and digits, never 0, 1, I, L or O, like %(example)s."),
                code="malformed_code",
                params={"length": codes.LENGTH, "example": self.example},
            )
        return code


class CatalogueFilterForm(CheckedForm, forms.Form):
    """Parsed only: the template renders its own inputs."""

    kind = forms.ChoiceField(required=False, choices=[("", "")] + list(VenueKind.choices))
    venue = forms.IntegerField(required=False, min_value=1)
    affordable = forms.BooleanField(required=False)
