from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts import roles
from friendlystreet.inputs import CheckedForm
from friendlystreet.widgets import DatePicker

from . import hours as hours_lib
from . import selectors
from .models import TIP_MAX_LENGTH, Amenity, Community, EntryMethod, Venue, VenueKind

HOURS_HELP = _(
    "One rule per line or separated by “;”: days, then times. Examples: “Mo-Fr 08:00-18:00”, "
    "“Sa 09:00-12:00,14:00-18:00”, “Su off”, “24/7”. A range past midnight ends with +1: “Fr 22:00-02:00+1”. "
    "Days not named are closed."
)


class VenueFilterForm(CheckedForm, forms.Form):
    """The rider's filters on the venue list and map (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *VenueKind.choices])
    amenity = forms.MultipleChoiceField(label=_("Amenities"), required=False, widget=forms.CheckboxSelectMultiple)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    near = forms.CharField(required=False, widget=forms.HiddenInput, max_length=60)

    def __init__(self, *args, amenities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.amenity_objects = {a.code: a for a in amenities}
        self.fields["amenity"].choices = [(a.code, a.label()) for a in amenities]

    def clean_near(self):
        value = self.cleaned_data.get("near") or ""
        if not value:
            return None
        try:
            return selectors.parse_near(value)
        except ValidationError:
            return None  # a stale or hand-edited location: just list without distances

    def amenity_ids(self) -> list[int]:
        return [self.amenity_objects[c].id for c in self.cleaned_data.get("amenity", []) if c in self.amenity_objects]


def partner_users():
    return get_user_model().objects.filter(groups__name=roles.PARTNER).order_by("username")


class VenueForm(CheckedForm, forms.ModelForm):
    """Staff: a venue's fields; hours and services as text. Saving goes through services."""

    hours_text = forms.CharField(
        label=_("Opening hours"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=HOURS_HELP
    )
    services_text = forms.CharField(
        label=_("Services for riders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, e.g. “Off-peak haircut lane”."),
    )
    photo = forms.FileField(label=_("Add a photo"), required=False, help_text=_("JPEG, PNG or WebP, at most 8 MB."))
    photo_caption = forms.CharField(label=_("Photo caption"), required=False, max_length=100)

    class Meta:
        model = Venue
        fields = [
            "name",
            "kind",
            "community",
            "address",
            "lat",
            "lng",
            "phone",
            "description",
            "amenities",
            "hours_note",
            "plaque_number",
            "plaque_date",
            "partner_since",
            "active",
            "operators",
        ]
        widgets = {
            "amenities": forms.CheckboxSelectMultiple,
            "operators": forms.CheckboxSelectMultiple,
            "plaque_date": DatePicker(),
            "partner_since": DatePicker(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "lat": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "lng": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operators"].queryset = partner_users()
        self.fields["amenities"].queryset = Amenity.objects.all()
        self.fields["community"].queryset = Community.objects.all()
        if self.instance.pk:
            self.fields["hours_text"].initial = hours_lib.format_hours(self.instance.hour_ranges())
            self.fields["services_text"].initial = "\n".join(self.instance.services or [])

    def clean_hours_text(self):
        try:
            return hours_lib.parse_hours(self.cleaned_data.get("hours_text", ""))
        except ValidationError as exc:
            raise ValidationError(exc.messages)

    def clean_services_text(self):
        from .services import clean_services

        try:
            return clean_services(self.cleaned_data.get("services_text", "").replace("\r", "").split("\n"))
        except ValidationError as exc:
            raise ValidationError(exc.messages)

    def _post_clean(self):
        # The model is validated (and saved) by services.venue_create/update, not here.
        pass

    def service_data(self) -> dict:
        d = self.cleaned_data
        data = {name: d[name] for name in self._meta.fields if name in d}
        data["hours"] = d["hours_text"]
        data["services"] = d["services_text"]
        return data


class AmenityForm(CheckedForm, forms.ModelForm):
    class Meta:
        model = Amenity
        fields = ["code", "name", "name_en", "position", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code is used by the API and filters and cannot change.")

    def _post_clean(self):
        pass  # validated by the service


class ImportForm(CheckedForm, forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.csv or .xlsx)"))


class TipForm(CheckedForm, forms.Form):
    text = forms.CharField(
        label=_("Your tip"),
        max_length=TIP_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TIP_MAX_LENGTH}),
        help_text=_("E.g. “Gate 3 lets e-bikes in after 22:00” or “Building 12's door faces north”."),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )


class TipRejectForm(CheckedForm, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


# --- compounds ---------------------------------------------------------------------------


class CompoundForm(CheckedForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.all(), required=False)
    address = forms.CharField(label=_("Address"), max_length=200)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, widget=forms.NumberInput(attrs={"step": "any"}))
    lng = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180, widget=forms.NumberInput(attrs={"step": "any"}))
    building_notes = forms.CharField(label=_("Finding buildings"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    property_phone = forms.CharField(label=_("Property management phone"), required=False, max_length=30)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class GateForm(CheckedForm, forms.Form):
    name = forms.CharField(label=_("Gate"), max_length=60)
    ebikes_allowed = forms.BooleanField(label=_("E-bikes may enter"), required=False)
    # The initial value matters: a blank extra row then counts as unchanged and is skipped.
    entry_method = forms.ChoiceField(label=_("How riders get in"), choices=EntryMethod.choices, initial=EntryMethod.OPEN)
    hours = forms.CharField(
        label=_("Opening hours"), required=False, max_length=200, help_text=_("E.g. “Mo-Su 06:00-23:00”; blank: not known.")
    )
    lat = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, widget=forms.NumberInput(attrs={"step": "any"})
    )
    lng = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, widget=forms.NumberInput(attrs={"step": "any"})
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300)

    def clean_hours(self):
        text = self.cleaned_data.get("hours", "").strip()
        if not text:
            return ""
        try:
            return hours_lib.format_hours(hours_lib.parse_hours(text))
        except ValidationError as exc:
            raise ValidationError(exc.messages)


class ParkingForm(CheckedForm, forms.Form):
    description = forms.CharField(label=_("Where"), max_length=200)
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=10000)
    lat = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, widget=forms.NumberInput(attrs={"step": "any"})
    )
    lng = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, widget=forms.NumberInput(attrs={"step": "any"})
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300)


class BikeForm(CheckedForm, forms.Form):
    count = forms.IntegerField(label=_("Bicycles"), min_value=1, max_value=1000)
    location = forms.CharField(label=_("Where"), max_length=200)
    notes = forms.CharField(label=_("How to borrow"), required=False, max_length=300)


# absolute_max: a forged TOTAL_FORMS (2⁶³) would otherwise build and validate 1,030 forms
# per formset (Django's default ceiling), seconds of work for one request.
FORMSET_LIMITS = {"extra": 1, "can_delete": True, "max_num": 30, "absolute_max": 30, "validate_max": True}
GateFormSet = forms.formset_factory(GateForm, **FORMSET_LIMITS)
ParkingFormSet = forms.formset_factory(ParkingForm, **FORMSET_LIMITS)
BikeFormSet = forms.formset_factory(BikeForm, **FORMSET_LIMITS)


def formset_rows(formset) -> list[dict]:
    """The filled, not-deleted forms of a valid formset as dicts for services.compound_save."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({k: v for k, v in data.items() if k != "DELETE"})
    return rows
