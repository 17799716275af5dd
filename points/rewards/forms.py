"""Forms of the rewards pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

import copy

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from friendlystreet.inputs import CheckedForm, FlagField
from friendlystreet.lists import listed, sentences
from friendlystreet.uploads import size_check_attrs
from friendlystreet.widgets import DatePicker
from venues.models import Venue, VenueKind

from ..forms import bounded
from ..models import Reward
from ..models_rewards import (
    COST_TOO_HIGH,
    COST_TOO_LOW,
    LIMIT_TOO_HIGH,
    LIMIT_TOO_LOW,
    MAX_COST,
    MAX_MONTHLY_LIMIT,
    MAX_STOCK,
    MAX_VALID_DAYS,
    STOCK_NEGATIVE,
    STOCK_TOO_HIGH,
    VALID_DAYS_OUT_OF_RANGE,
)
from . import codes
from .selectors import UNUSUAL_COST_FACTOR
from .services import NEW_STOCK_NONE, REWARD_COUNTERS, REWARD_FIELDS, reward_problems, reward_set

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"


def reward_bounds(*, new: bool) -> dict[str, tuple]:
    """A reward's numbers as its forms take them, `bounded()`'s arguments by field: the model's
    bounds and words (models_rewards), in the first round and in the browser (min/max), where
    the fields Django makes from PositiveIntegerField would say only 确保该值大于或等于0. A new
    reward offers at least one; 0 is for one that ran out (reward_problems())."""
    return {
        "cost": (1, MAX_COST, COST_TOO_LOW, COST_TOO_HIGH),
        "stock": (1, MAX_STOCK, NEW_STOCK_NONE, STOCK_TOO_HIGH) if new else (0, MAX_STOCK, STOCK_NEGATIVE, STOCK_TOO_HIGH),
        "per_rider_monthly_limit": (1, MAX_MONTHLY_LIMIT, LIMIT_TOO_LOW, LIMIT_TOO_HIGH),
        "valid_days": (1, MAX_VALID_DAYS, VALID_DAYS_OUT_OF_RANGE, VALID_DAYS_OUT_OF_RANGE),
    }


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
        (_("The reward"), ["venue", "title", "title_en", "description", "image"], {"id": "reward-what"}),
        (_("Cost and limits"), ["cost", "stock", "per_rider_monthly_limit", "valid_days"], {"id": "reward-cost"}),
        (_("When it is offered"), ["available_from", "available_to", "active"], {"id": "reward-when"}),
    ]
    wide_fields = ("title", "title_en")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Active venues, and the reward's own even if it was deactivated since.
        current = getattr(self.instance, "venue_id", None)
        self.fields["venue"].queryset = Venue.objects.filter(Q(active=True) | Q(pk=current)).order_by("name", "id")
        # The limit clean_image() applies and its words, for static/js/uploads.js to refuse a
        # larger image beside the field as soon as it is chosen (the server still checks).
        self.fields["image"].widget.attrs.update(size_check_attrs())
        for name, bounds in reward_bounds(new=self.instance.pk is None).items():
            bounded(self, name, *bounds)
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
        # One round of errors: the model's checks (the offer window, a new reward's stock) on
        # what parsed, each on its field, by reward_problems(), which reward_save() applies
        # again to the locked row.
        candidate = copy.copy(self.instance)
        reward_set(candidate, {k: v for k, v in self.cleaned_data.items() if k in REWARD_FIELDS})
        problems = reward_problems(candidate, new=self.instance.pk is None, exclude=[*self.errors, "proposed_by"])
        for name, errors_of_field in problems.items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, errors_of_field)


class ProposalForm(CheckedForm, forms.Form):
    """A partner operator proposes a reward for a venue they run. One who runs a single venue
    is not asked which (`self.venue`, the page names it); one who runs several chooses."""

    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none())
    title = forms.CharField(label=_("Title"), max_length=100)
    title_en = Reward._meta.get_field("title_en").formfield()  # as on the staff form
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # The numbers take a new reward's bounds (reward_bounds(), in __init__).
    cost = forms.IntegerField(label=_("Cost in points"))
    # The cost the partner was told is out of the catalogue's range, and sent again: confirmed.
    cost_confirmed = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    # The stock left (Reward.stock): empty is unlimited, 0 would be a reward nobody can redeem.
    stock = forms.IntegerField(label=_("Stock"), required=False, help_text=_("How many you can give out. Empty: unlimited."))
    per_rider_monthly_limit = forms.IntegerField(
        label=_("Limit per rider per month"), required=False, help_text=_("Empty: unlimited.")
    )
    valid_days = forms.IntegerField(label=_("Voucher valid for (days)"), initial=30)
    image = forms.FileField(label=_("Image"), required=False, widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}))

    fieldsets = [
        (_("The reward"), ["venue", "title", "title_en", "description", "image"], {"id": "proposal-what"}),
        (_("Cost and limits"), ["cost", "stock", "per_rider_monthly_limit", "valid_days"], {"id": "proposal-cost"}),
    ]
    wide_fields = ("title", "title_en")

    def __init__(self, *args, venues=(), references=None, cost_range=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, bounds in reward_bounds(new=True).items():
            bounded(self, name, *bounds)
        self.venue = venues[0] if len(venues) == 1 else None
        if self.venue is not None:
            del self.fields["venue"]  # theirs, not the post's to say
        else:
            self.fields["venue"].queryset = Venue.objects.filter(pk__in=[v.pk for v in venues])
        self.cost_range = cost_range
        self.fields["cost"].help_text = cost_guidance(references, cost_range)
        self.fields["image"].widget.attrs.update(size_check_attrs())  # checked by static/js/uploads.js

    def clean(self):
        data = super().clean()
        if self.venue is not None:
            data["venue"] = self.venue
        cost = data.get("cost")
        if self.cost_range is not None and self.cost_range.unusual(cost) and data.get("cost_confirmed") != str(cost):
            self.add_error("cost", unusual_cost_warning(cost, self.cost_range))
            # Sent again as it is, it goes: the page now carries the cost it warned about.
            self.data = self.data.copy()
            self.data["cost_confirmed"] = str(cost)
        data.pop("cost_confirmed", None)
        return data


def unusual_cost_warning(cost: int, cost_range) -> str:
    """A cost beyond the catalogue's range (selectors.CostRange.unusual): said, with what it
    would take riders, and how to send it anyway."""
    return _(
        "%(cost)s points is more than %(factor)s times the dearest reward on sale now (%(dearest)s points): riders "
        "would save for a long time, and the street office may ask you to lower it. To propose it at this cost "
        "anyway, send the form again."
    ) % {"cost": cost, "factor": UNUSUAL_COST_FACTOR, "dearest": cost_range.dearest}


def cost_guidance(references, cost_range=None) -> str:
    """The cost field's help: the usual range (selectors.cost_range(): what rewards on sale
    cost, what one contribution earns a rider), then what rewards on sale cost now
    (selectors.cost_references()), the operator's own first, so a proposal is priced like the
    rest of the catalogue."""

    def priced(rewards) -> str:
        return listed((_("“%(title)s” %(cost)s points") % {"title": r.label(), "cost": r.cost} for r in rewards), and_last=True)

    parts = []
    if cost_range is not None and cost_range.dearest is not None:
        parts.append(
            _("Rewards on sale now cost %(cheapest)s to %(dearest)s points.")
            % {"cheapest": cost_range.cheapest, "dearest": cost_range.dearest}
            if cost_range.cheapest != cost_range.dearest
            else _("Rewards on sale now cost %(cost)s points.") % {"cost": cost_range.dearest}
        )
    if cost_range is not None and cost_range.earn_most is not None:
        parts.append(
            _("One contribution (an activity, a claim, a report) earns a rider %(least)s to %(most)s points.")
            % {"least": cost_range.earn_least, "most": cost_range.earn_most}
            if cost_range.earn_least != cost_range.earn_most
            else _("One contribution (an activity, a claim, a report) earns a rider %(most)s points.")
            % {"most": cost_range.earn_most}
        )
    # One sentence, whichever of the two lists there is.
    if references is not None and references.own and references.others:
        parts.append(
            _("For reference, what rewards on sale cost now: at your venue %(own)s; at other venues %(others)s.")
            % {"own": priced(references.own), "others": priced(references.others)}
        )
    elif references is not None and references.own:
        parts.append(_("For reference, what rewards on sale cost now: at your venue %(own)s.") % {"own": priced(references.own)})
    elif references is not None and references.others:
        parts.append(
            _("For reference, what rewards on sale cost now: at other venues %(others)s.") % {"others": priced(references.others)}
        )
    return sentences(*parts)


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
    affordable = FlagField()  # read as the API reads `?affordable=` (read_flag): `0` is no


class OperatorRewardForm(CheckedForm, forms.Form):
    """An operator's change of a reward of their venue (本店的奖品): pause, resume, or set the
    stock left (empty: unlimited; 0: none left, riders cannot redeem it). `stock_seen` is the
    stock the page showed (empty: unlimited): a stock that redemptions moved meanwhile is not
    overwritten unseen (services.reward_set_stock)."""

    PAUSE, RESUME, STOCK = "pause", "resume", "stock"
    action = forms.ChoiceField(choices=[(PAUSE, PAUSE), (RESUME, RESUME), (STOCK, STOCK)])
    stock = forms.IntegerField(label=_("Stock left"), required=False)
    stock_seen = forms.IntegerField(required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bounded(self, "stock", *reward_bounds(new=False)["stock"])
