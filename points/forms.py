"""Forms of the points pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.models import Verification
from friendlystreet.accounts.phones import normalize_phone
from friendlystreet.days import local_zone
from friendlystreet.inputs import CheckedForm, parse_id
from friendlystreet.names import ReaderNameChoiceField
from friendlystreet.widgets import DatePicker

from .earning import system_payout
from .models import (
    CAP_TOO_HIGH,
    CAP_TOO_LOW,
    MAX_CAP,
    MAX_RULE_POINTS,
    POINTS_TOO_HIGH,
    POINTS_TOO_LOW,
    Category,
    Claim,
    Rule,
)
from .selectors import rules_claimable
from .services import (
    CATEGORY_FIELDS,
    IDEMPOTENCY_KEY_MAX,
    MAX_PHOTOS,
    RULE_FIELDS,
    STOP_PAYOUTS_LABEL,
    SeenVerification,
    claim_quantity,
    rule_caps_errors,
)


def bounded(form: forms.BaseForm, name: str, low: int, high: int, too_low, too_high) -> None:
    """The form's integer field `name` made again with these bounds and words (as its min and
    max in the browser too): bounds set on a field after it was made reach neither its
    validators nor its widget."""
    old = form.fields[name]
    form.fields[name] = forms.IntegerField(
        label=old.label,
        help_text=old.help_text,
        required=old.required,
        initial=old.initial,
        min_value=low,
        max_value=high,
        error_messages={"min_value": too_low, "max_value": too_high},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files under one name; each is checked by uploads.clean_image() in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


def rule_rate(rule: Rule) -> str:
    """ "10 积分/小时", "50 积分/次"."""
    rate = _("%(points)s points/hour") if rule.per_hour else _("%(points)s points/time")
    return rate % {"points": rule.points}


def rule_label(rule: Rule) -> str:
    """A rule as the claim form's option reads: "志愿服务时长（10 积分/小时）" (its category is
    the option's group), short enough for a closed select on a phone."""
    return _("%(name)s (%(rate)s)") % {"name": rule.label(), "rate": rule_rate(rule)}


def rule_facts(rule: Rule) -> str:
    """All a rider should know of a rule before claiming it, in words: "10 积分/小时 · 每天最多
    40 积分 · 需要照片" (the caps selectors.award_under_caps() applies)."""
    facts = [rule_rate(rule)]
    if rule.max_per_day is not None:
        facts.append(_("at most %(cap)s points a day") % {"cap": rule.max_per_day})
    if rule.max_per_month is not None:
        facts.append(_("at most %(cap)s points a month") % {"cap": rule.max_per_month})
    if rule.needs_photo:
        facts.append(_("photo needed"))
    return " · ".join(str(f) for f in facts)


class ClaimForm(CheckedForm, forms.Form):
    # templates/points/claim_form.html writes the options itself, grouped by category (rule_label, rule_facts).
    rule = forms.ModelChoiceField(
        label=_("What did you do?"),
        queryset=Rule.objects.none(),
        empty_label=_("Choose what you did"),
        # A rule switched off (or out of its dates) while the rider filled in the form.
        error_messages={
            "required": _("Choose what you did."),
            "invalid_choice": _("This can no longer be claimed: choose again what you did."),
        },
    )
    # Only a number here: its bounds depend on the rule, and claim_quantity() says them in the
    # words of the help under the field (the field's own min/max spoke of 0.5 and 24 to a rider
    # counting times from 1 to 10).
    quantity = forms.DecimalField(
        label=_("How many times / hours"),
        initial=1,
        help_text=_("Hours for per-hour rules (in half hours), otherwise the number of times."),
        # "两" or "1.5小时" typed where a browser shows no number box (an old phone): the site's
        # words, with an example, not Django's "Enter a number.".
        error_messages={
            "required": _("Enter how many times or hours."),
            "invalid": _("Enter how many times or hours in digits, e.g. 2."),
        },
    )
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        # Typed as text where a browser has no date picker: say the form it is read in (the
        # input formats above accept it), not Django's "Enter a valid date/time.".
        error_messages={
            "required": _("Enter when it happened."),
            "invalid": _("Enter when it happened as year-month-day hour:minute, e.g. 2025-05-03 14:30."),
        },
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False
    )
    location = forms.CharField(label=_("Where (optional)"), max_length=200, required=False)
    photos = MultipleImageField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to %(max)s photos (JPEG, PNG or WebP). Location data in the photos is removed.") % {"max": MAX_PHOTOS},
    )
    # One per rendering of the page (a hidden input): sent twice, it makes one claim.
    idempotency_key = forms.CharField(max_length=IDEMPOTENCY_KEY_MAX, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.now().astimezone(local_zone())
        self.fields["rule"].queryset = rules_claimable(on=now.date())
        self.fields["occurred_at"].initial = now.replace(second=0, microsecond=0, tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        rule, quantity = cleaned.get("rule"), cleaned.get("quantity")
        if rule is not None and quantity is not None:
            try:
                cleaned["quantity"] = claim_quantity(rule=rule, quantity=quantity)
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


class RejectForm(CheckedForm, forms.Form):
    # Said beside the box (points.views._reason_refused): why, not only "This field is required."
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason for the rejection.")},
    )


class BulkForm(CheckedForm, forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), label=_("Claims"))
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))], label=_("Action"))
    reason = forms.CharField(label=_("Reason (for rejection)"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any ids: the service skips and reports the ones it cannot decide.
        self.fields["ids"].valid_value = lambda value: parse_id(str(value)) is not None

    def clean(self):
        cleaned = super().clean()
        # Enter in the reason box sends the form with its first button, 批准所选: a reviewer who
        # typed why to reject must not approve the ticked claims by it (review.js stops the key;
        # this holds without JavaScript too).
        if cleaned.get("action") == "approve" and (cleaned.get("reason") or "").strip():
            self.add_error(
                "reason",
                _("You typed a reason for rejecting. To reject, press “Reject selected”; to approve, clear the reason first."),
            )
        return cleaned


class QueueFilterForm(CheckedForm, forms.Form):
    """Parsed only: the template renders the inputs itself (a 30-row staff page should not
    spend its time in widget templates), and ids need no query to validate."""

    status = forms.ChoiceField(required=False, choices=[("", "")] + list(Claim.Status.choices))
    category = forms.IntegerField(required=False, min_value=1)
    rule = forms.IntegerField(required=False, min_value=1)
    rider = forms.CharField(max_length=50, required=False)
    occurred_from = forms.DateField(required=False)
    occurred_to = forms.DateField(required=False)


# Django's own words for a bad slug ("a valid “slug”") mean nothing to staff typing 夜间互助.
CODE_INVALID = _("Only English letters, digits, underscores (_) and hyphens (-), without spaces or Chinese characters.")


class RuleForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = Rule
        fields = RULE_FIELDS
        field_classes = {"category": ReaderNameChoiceField}  # by its name in the reader's language
        widgets = {
            "valid_from": DatePicker(),
            "valid_to": DatePicker(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    fieldsets = [
        (_("The rule"), ["category", "name", "name_en", "description", "points", "unit", "evidence", "rider_claimable"]),
        (_("Caps and validity"), ["max_per_day", "max_per_month", "valid_from", "valid_to", "active", "code"]),
    ]
    wide_fields = ("name", "name_en")

    def __init__(self, *args, payouts_to_come: list | None = None, **kwargs):
        """`payouts_to_come`: what other apps still pay by the rule (points.payouts_to_come), read
        by the view when Active is being unticked: switching it off is then confirmed too."""
        super().__init__(*args, **kwargs)
        # The model's bounds with its words, in the first round (not 确保该值大于或等于0).
        bounded(self, "points", 1, MAX_RULE_POINTS, POINTS_TOO_LOW, POINTS_TOO_HIGH)
        for name in ("max_per_day", "max_per_month"):
            bounded(self, name, 1, MAX_CAP, CAP_TOO_LOW, CAP_TOO_HIGH)
        code = self.fields["code"]
        code.error_messages["invalid"] = CODE_INVALID
        if self.instance.code in Rule.SYSTEM_CODES:
            # Activities, accepted reports and approved tips pay by this code (rule_save() refuses a change too).
            code.disabled = True
            code.help_text = _("The system pays this rule by this code (activities, reports, tips): it cannot be changed.")
            # What unticking Active stops, before it is unticked (rule_save() asks to confirm).
            payout = system_payout(self.instance.code)
            self.fields["active"].help_text = _("Paid by the system for %(payouts)s. Switched off, %(consequence)s") % {
                "payouts": payout.pays_for,
                "consequence": payout.when_off,
            }
        asked = self.instance.code in Rule.SYSTEM_CODES or payouts_to_come
        if asked and self.is_bound and self.instance.active and not self.data.get("active"):
            # Being switched off: the box that confirms it, beside Active.
            self.fields["stop_payouts"] = forms.BooleanField(label=STOP_PAYOUTS_LABEL, required=False)
            self.fieldsets = [
                (legend, [n for name in names for n in ((name, "stop_payouts") if name == "active" else (name,))])
                for legend, names in self.fieldsets
            ]

    def clean(self):
        cleaned = super().clean()
        # Caps that make the points pointless, in the same round as the fields' own errors
        # (rule_save() refuses them too).
        caps = rule_caps_errors(**{name: cleaned.get(name) for name in ("points", "unit", "max_per_day", "max_per_month")})
        for name, problems in caps.items():
            if name not in self.errors:
                self.add_error(name, problems)
        return cleaned

    def _post_clean(self):
        # rule_save() validates the locked row, with each constraint's words on its field.
        pass


class CategoryForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = Category
        fields = CATEGORY_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    field_order = ["name", "name_en", "description", "order", "active", "code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.required = False  # category_save() makes one (category-<n>)
        code.help_text = _("An English code the system uses inside; leave it empty to have one made.")
        code.error_messages["invalid"] = CODE_INVALID

    def _post_clean(self):
        # category_save() makes the code of an empty one, then validates the row.
        pass


class VerifyForm(CheckedForm, forms.Form):
    decision = forms.ChoiceField(choices=[("verify", _("Verify")), ("reject", _("Reject"))])
    # No max_length: services.rider_verify checks the reason (given, under 200 characters) and
    # says so; a second check here made the page answer "choose verify or reject" to a reason
    # sent too long by hand (the page's box has maxlength="200").
    reason = forms.CharField(label=_("Reason (for rejection)"), required=False)
    # What the page showed (hidden): the state and the last decision's id. The decision is refused
    # if either changed meanwhile (services.rider_verify). Not required: a page sent without them
    # (a tab opened before they existed) decides as before.
    seen = forms.ChoiceField(choices=Verification.choices, required=False)
    seen_decision = forms.IntegerField(min_value=0, required=False)
    # And the screenshot it showed (its upload's audit id): a new one sent meanwhile refuses too.
    seen_upload = forms.IntegerField(min_value=0, required=False)

    def seen_verification(self) -> SeenVerification | None:
        seen, decision = self.cleaned_data.get("seen"), self.cleaned_data.get("seen_decision")
        if not seen or decision is None:
            return None
        return SeenVerification(verification=seen, decision_id=decision, upload_id=self.cleaned_data.get("seen_upload"))


class RiderLookupForm(CheckedForm, forms.Form):
    q = forms.CharField(label=_("Rider's phone number"), max_length=20)

    def clean_q(self) -> str:
        phone = normalize_phone(self.cleaned_data["q"])
        if phone is None:
            raise forms.ValidationError(_("Enter the rider's mobile number."))
        return phone


class AdjustForm(CheckedForm, forms.Form):
    amount = forms.IntegerField(
        label=_("Points (+ to add, − to take away)"), min_value=-100000, max_value=100000, help_text=_("Not zero.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
