from __future__ import annotations

import contextlib
from collections import Counter

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts import roles
from friendlystreet.days import local_today
from friendlystreet.inputs import CheckedForm, FlagField
from friendlystreet.names import ReaderNameChoiceField, ReaderNamesChoiceField
from friendlystreet.uploads import IMAGE_ACCEPT, max_image_bytes, size_check_attrs
from friendlystreet.widgets import CoordinateInput, DatePicker

from . import hours as hours_lib
from . import selectors
from .models import (
    MAX_PHOTOS_PER_VENUE,
    POSITION_VALIDATORS,
    TIP_KEY_MAX_LENGTH,
    TIP_MAX_LENGTH,
    Amenity,
    Community,
    EntryMethod,
    Venue,
    VenueKind,
)
from .validators import coordinates_help, latitude_help, longitude_help, validate_point

HOURS_HELP = _(
    "One rule per line or separated by “;”: days, then times. Examples: “Mo-Fr 08:00-18:00”, "
    "“Sa 09:00-12:00,14:00-18:00”, “Su off”, “24/7”. A range past midnight ends with +1: “Fr 22:00-02:00+1”. "
    "Days not named are closed. Leave it blank when the hours are not known: riders then read “hours not given”."
)


# --- the opening-hours editor ---------------------------------------------------------------

WEEKDAY_SHORT = (
    pgettext_lazy("short weekday", "Mon"),
    pgettext_lazy("short weekday", "Tue"),
    pgettext_lazy("short weekday", "Wed"),
    pgettext_lazy("short weekday", "Thu"),
    pgettext_lazy("short weekday", "Fri"),
    pgettext_lazy("short weekday", "Sat"),
    pgettext_lazy("short weekday", "Sun"),
)
# NOT_GIVEN: the state of a week nobody has filled in. A venue whose every day is left so has
# no opening-hours rows, and riders read "hours not given", not "closed" (Venue.open_status).
NOT_GIVEN, OPEN, CLOSED, ALL_DAY = "", "open", "closed", "24h"
HOURS_MODES = (
    (NOT_GIVEN, pgettext_lazy("opening hours of a day", "Not given")),
    (OPEN, pgettext_lazy("opening hours", "Open")),
    (CLOSED, _("Closed")),
    (ALL_DAY, _("24 hours")),
)
HOURS_EDITOR_HELP = _(
    "For each day: open with its times, closed, or 24 hours. Leave every day “not given” while the hours "
    "are not known: riders then read “hours not given”, not “closed”. Once a day has hours, days left "
    "“not given” are closed. A closing time earlier than the opening time means the next day "
    "(e.g. 22:00–02:00); for a day round the clock choose “24 hours”. A second range is for a break at noon."
)


def _empty_row(day: int, mode: str = NOT_GIVEN) -> dict:
    return {"day": day, "mode": mode, "opens": "", "closes": "", "opens2": "", "closes2": ""}


def fits_the_editor(ranges) -> bool:
    """The editor shows two ranges a day; a week with more is edited as text instead."""
    per_day = Counter(r.day for r in ranges)
    return all(n <= 2 for n in per_day.values())


def hours_rows(value) -> list[dict]:
    """What the editor shows: one dict per day, from ranges (the stored week), the text form,
    or the rows posted back (after an error, exactly as they were sent)."""
    if isinstance(value, list) and len(value) == 7 and all(isinstance(r, dict) for r in value):
        return value
    ranges = value
    if isinstance(value, str):
        try:
            ranges = hours_lib.parse_hours(value)
        except ValidationError:
            ranges = []
    # No hours at all: not given (the editor's blank week); otherwise a day without hours is closed.
    rows = [_empty_row(d, CLOSED if ranges else NOT_GIVEN) for d in range(7)]
    per_day: dict[int, list] = {d: [] for d in range(7)}
    for r in sorted(ranges or []):
        per_day[r.day].append(r)
    for d, day_ranges in per_day.items():
        if not day_ranges:
            continue
        if len(day_ranges) == 1 and day_ranges[0].start == 0 and day_ranges[0].end == hours_lib.DAY:
            rows[d]["mode"] = ALL_DAY
            continue
        rows[d]["mode"] = OPEN
        for r, suffix in zip(day_ranges, ("", "2"), strict=False):
            rows[d][f"opens{suffix}"] = hours_lib.hhmm(r.start)
            rows[d][f"closes{suffix}"] = hours_lib.hhmm(r.end % hours_lib.DAY)  # a time input has no 24:00
    return rows


def hours_text_from_rows(rows: list[dict]) -> str:
    """The editor's rows in the text form of hours.py, which then parses and validates them:
    one parser for the editor, the import and the API. A closing time before the opening
    time runs into the next day (+1); the same time for both is refused (24 hours is a choice
    of its own). A day left "not given" with times typed is open; without times it is closed
    once another day has hours, and a week left wholly "not given" is "" (hours not given)."""
    rules, errors = [], []
    closed_days = 0
    for row in rows:
        code, mode = hours_lib.DAY_CODES[row["day"]], row.get("mode")
        day = WEEKDAY_SHORT[row["day"]]
        typed = any(row.get(k) for k in ("opens", "closes", "opens2", "closes2"))
        if mode == NOT_GIVEN and typed:
            mode = OPEN
        if mode == ALL_DAY:
            rules.append(f"{code} 24h")
        elif mode == OPEN:
            spans: list[str] | None = []
            same_time = False
            for suffix in ("", "2"):
                opens, closes = row.get(f"opens{suffix}", ""), row.get(f"closes{suffix}", "")
                if not opens and not closes:
                    continue
                if not opens or not closes:
                    spans = None
                    break
                if opens.zfill(5) == closes.zfill(5):
                    errors.append(
                        _("%(day)s: it opens and closes at %(time)s. If it is open all day, choose “24 hours”.")
                        % {"day": day, "time": opens}
                    )
                    same_time = True
                    break
                overnight = closes.zfill(5) < opens.zfill(5) and closes not in ("00:00", "24:00")
                spans.append(f"{opens}-{'24:00' if closes == '00:00' else closes}{'+1' if overnight else ''}")
            if same_time:
                continue
            if not spans:
                errors.append(_("%(day)s: enter when it opens and when it closes, or choose “closed”.") % {"day": day})
            else:
                rules.append(f"{code} {','.join(spans)}")
        elif mode == CLOSED:
            closed_days += 1
        elif mode != NOT_GIVEN:
            errors.append(_("%(day)s: choose open, closed or 24 hours.") % {"day": day})
    if errors:
        raise ValidationError(errors)
    if not rules and closed_days:
        raise ValidationError(
            _(
                "No day has opening hours, so riders would read that this venue never opens. If its hours "
                "are not known yet, leave every day “not given”; if it no longer receives riders, deactivate it."
            )
        )
    return "; ".join(rules)


class HoursEditor(forms.Widget):
    """A row per day (周一…周日): open/closed/24 hours, opening and closing times, an optional
    second range. Plain fields that work without JavaScript; static/js/forms.js adds "same as
    Monday" and hides what a closed day does not need. A request that posts the text form
    under the field's own name (a script, the old form) is still understood."""

    template_name = "includes/form_hours.html"
    fs_kind = "hours"
    use_fieldset = True

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates/ (not the form renderer's Django-only search path).
        return render_to_string(self.template_name, self.get_context(name, value, attrs))  # already safe

    def value_from_datadict(self, data, files, name):
        if f"{name}_0_mode" not in data:
            return data.get(name)
        keys = ("mode", "opens", "closes", "opens2", "closes2")
        return [{"day": d, **{k: (data.get(f"{name}_{d}_{k}") or "").strip()[:8] for k in keys}} for d in range(7)]

    def value_omitted_from_data(self, data, files, name):
        return f"{name}_0_mode" not in data and name not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = hours_rows(value)
        for row in rows:
            row["label"] = WEEKDAY_SHORT[row["day"]]
            row["second"] = bool(row.get("opens2") or row.get("closes2"))
        context["widget"].update({"rows": rows, "modes": HOURS_MODES, "monday": WEEKDAY_SHORT[0]})
        return context


class HoursField(forms.Field):
    """The week's opening hours as validated ranges (hours.Range), from the editor or the text."""

    widget = HoursEditor

    def to_python(self, value):
        if value in self.empty_values:
            return []
        text = hours_text_from_rows(value) if isinstance(value, list) else str(value)
        try:
            return hours_lib.parse_hours(text)
        except ValidationError as exc:
            raise ValidationError(exc.messages)

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != list(initial or [])
        except ValidationError:
            return True


PLAQUE_HELP = _("Each plaque has its own number, e.g. CLL-NX-2024-005: no other venue or partner may hold it.")


def not_after_today(form: forms.Form) -> None:
    """The date pickers of a plaque's date and a partnership's start stop at today (the model's
    validate_not_in_future refuses later dates from any source), and the plaque number says
    it is unique."""
    today = local_today().isoformat()
    for name in ("plaque_date", "partner_since"):
        if name in form.fields:
            form.fields[name].widget.attrs["max"] = today
    if "plaque_number" in form.fields:
        form.fields["plaque_number"].help_text = PLAQUE_HELP


def check_point(form: forms.Form, *, optional: bool = False) -> None:
    """The pair's rule (validators.validate_point, which the models' clean() applies too) in the
    form's own round, beside its other errors: under the field it is about."""
    data = form.cleaned_data
    if form.has_error("lat") or form.has_error("lng"):
        return  # not a number: said already
    try:
        validate_point(data.get("lat"), data.get("lng"), optional=optional)
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            form.add_error(name, errors)


class VenueFilterForm(CheckedForm, forms.Form):
    """The rider's filters on the venue list and map (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *VenueKind.choices])
    amenity = forms.MultipleChoiceField(label=_("Amenities"), required=False, widget=forms.CheckboxSelectMultiple)
    # Read as the API reads `?open_now=` (read_flag): `0` is no, and text it cannot read is this
    # form's error, so the page lists as for any other bad filter.
    open_now = FlagField(label=_("Open now"))
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


def show_hours(field: HoursField, venue: Venue) -> None:
    """The venue's week in the hours editor; a week with three or more ranges on a day (an
    import, the API) in the text form instead, which keeps them all."""
    ranges = venue.hour_ranges()
    field.initial = ranges
    if not fits_the_editor(ranges):
        field.widget = forms.TextInput(attrs={"class": "fs-wide"})
        field.initial = hours_lib.format_hours(ranges, chinese=True)
        field.help_text = HOURS_HELP


def partner_users():
    return get_user_model().objects.filter(groups__name=roles.PARTNER).order_by("username")


class VenuePhotoFields(forms.Form):
    """A photo to add with a venue's form (staff's VenueForm, an operator's VenueDetailsForm;
    before forms.ModelForm in the bases). Checked (and re-encoded) in the form's own validation:
    a refused photo is a field error of this round, and nothing is saved (the service adds it
    with the venue's changes). The venue's photos are counted for the help and the limit."""

    # The street office's words (阵地, the programme's own); an operator's form says it their way.
    photo_help = _("JPEG, PNG or WebP, at most %(size)s. A venue has at most %(max)s photos; this one has %(count)s.")
    photos_full = _("This venue has %(max)s photos already, the most allowed: delete one below first.")

    photo = forms.FileField(
        label=_("Add a photo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT})
    )
    photo_caption = forms.CharField(label=_("Photo caption"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.photo_count = self.instance.photos.count() if self.instance.pk else 0
        self.fields["photo"].help_text = self.photo_help % {
            "size": filesizeformat(max_image_bytes()),
            "max": MAX_PHOTOS_PER_VENUE,
            "count": self.photo_count,
        }
        # The limit clean_image() applies and its words: static/js/uploads.js refuses a larger
        # photo beside the field as soon as it is chosen, not after the whole file went up.
        self.fields["photo"].widget.attrs.update(size_check_attrs())

    def clean_photo(self):
        from .services import photo_prepare

        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if self.photo_count >= MAX_PHOTOS_PER_VENUE:
            raise ValidationError(self.photos_full % {"max": MAX_PHOTOS_PER_VENUE})
        try:
            return photo_prepare(upload)
        except ValidationError as exc:
            raise ValidationError(exc.messages)

    def photo_data(self) -> dict:
        """The photo checked (services.photo_prepare) and its caption, for the service that saves
        them with the venue: one transaction, one message."""
        return {"photo": self.cleaned_data.get("photo"), "photo_caption": self.cleaned_data.get("photo_caption", "")}


class VenueForm(CheckedForm, VenuePhotoFields, forms.ModelForm):
    """Staff: a venue's fields; hours and services as text. Saving goes through services.

    No "active": a new venue is active (the model's default), and deactivating is its own
    button with its own confirmation and audit entry (views.staff_venue_set_active)."""

    hours_text = HoursField(label=_("Opening hours"), required=False, help_text=HOURS_EDITOR_HELP)
    services_text = forms.CharField(
        label=_("Services for riders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, e.g. “Off-peak haircut lane”."),
    )

    class Meta:
        model = Venue
        fields = [
            "name",
            "name_en",
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
            "operators",
        ]
        widgets = {
            "amenities": forms.CheckboxSelectMultiple,
            "operators": forms.CheckboxSelectMultiple,
            "plaque_date": DatePicker(),
            "partner_since": DatePicker(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "lat": CoordinateInput(),
            "lng": CoordinateInput(),
        }
        help_texts = {"lat": latitude_help(), "lng": longitude_help()}
        # Communities and amenities by their names in the reader's language.
        field_classes = {"community": ReaderNameChoiceField, "amenities": ReaderNamesChoiceField}

    # How {% form_fields %} groups the fields (a map beside lat/lng).
    fieldsets = [
        (_("Basics"), ["name", "name_en", "kind", "community", "phone", "description"], {"id": "venue-basics"}),
        (_("Location"), ["address", "lat", "lng"], {"id": "venue-location", "help": coordinates_help()}),
        (_("Opening hours"), ["hours_text", "hours_note"], {"id": "venue-hours"}),
        (_("For riders"), ["amenities", "services_text"], {"id": "venue-services"}),
        (_("Plaque and partnership"), ["plaque_number", "plaque_date", "partner_since", "operators"], {"id": "venue-plaque"}),
        (_("Photo"), ["photo", "photo_caption"], {"id": "venue-photo"}),
    ]
    wide_fields = ("address",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operators"].queryset = partner_users()
        self.fields["amenities"].queryset = Amenity.objects.all()
        self.fields["community"].queryset = Community.objects.all()
        if self.instance.pk:
            show_hours(self.fields["hours_text"], self.instance)
            self.fields["services_text"].initial = "\n".join(self.instance.services or [])
        not_after_today(self)

    def clean_services_text(self):
        from .services import clean_services

        try:
            return clean_services(self.cleaned_data.get("services_text", "").replace("\r", "").split("\n"))
        except ValidationError as exc:
            raise ValidationError(exc.messages)

    def clean(self):
        data = super().clean()
        check_point(self)
        return data

    def _post_clean(self):
        # The model is validated (and saved) by services.venue_create/update, not here.
        pass

    def service_data(self) -> dict:
        d = self.cleaned_data
        data = {name: d[name] for name in self._meta.fields if name in d}
        data["hours"] = d["hours_text"]
        data["services"] = d["services_text"]
        return data


class VenueDetailsForm(CheckedForm, VenuePhotoFields, forms.ModelForm):
    """A partner operator: the everyday details of the venue they run (services.OPERATOR_FIELDS),
    with the staff form's hours editor and its photo (VenuePhotoFields: the same checks and
    limit). Saving goes through services.venue_details_update."""

    hours_text = HoursField(label=_("Opening hours"), required=False, help_text=HOURS_EDITOR_HELP)

    # The same English; in Chinese a merchant's 场所 (their shop, clinic, station), not the
    # programme's 阵地, which nobody behind a counter calls their place.
    photo_help = pgettext_lazy(
        "an operator's own venue",
        "JPEG, PNG or WebP, at most %(size)s. A venue has at most %(max)s photos; this one has %(count)s.",
    )
    photos_full = pgettext_lazy(
        "an operator's own venue", "This venue has %(max)s photos already, the most allowed: delete one below first."
    )

    class Meta:
        model = Venue
        fields = ["phone", "description", "hours_note"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"description": _("What riders read on your venue's page: what you offer them, how to find you.")}

    fieldsets = [
        (_("Contact and description"), ["phone", "description"], {"id": "venue-basics"}),
        (_("Opening hours"), ["hours_text", "hours_note"], {"id": "venue-hours"}),
        (_("Photo"), ["photo", "photo_caption"], {"id": "venue-photo"}),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_hours(self.fields["hours_text"], self.instance)

    def _post_clean(self):
        # The model is validated (and saved) by services.venue_details_update.
        pass

    def clean_phone(self) -> str:
        # The model field's own check (validate_phone), run here as well: the service would say
        # a wrong number only once everything else had passed, a second refusal after the first.
        phone = self.cleaned_data["phone"]
        Venue._meta.get_field("phone").run_validators(phone)
        return phone

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {"phone": d["phone"], "description": d["description"], "hours_note": d["hours_note"], "hours": d["hours_text"]}


def position_field(model, help_text) -> forms.IntegerField:
    """An amenity's or a community's 排序: its bounds in words, as the model's validators (the
    service's) say them, in the form's own round (请填写 0 到 999 之间的整数。, not Django's
    确保该值大于或等于0)."""
    return forms.IntegerField(
        label=capfirst(model._meta.get_field("position").verbose_name),
        initial=0,
        validators=POSITION_VALIDATORS,
        help_text=help_text,
    )


class AmenityForm(CheckedForm, forms.ModelForm):
    position = position_field(Amenity, _("0 to 999: smaller numbers come first in the filters and on venue pages."))

    class Meta:
        model = Amenity
        fields = ["code", "name", "name_en", "position", "active"]
        help_texts = {
            "code": _(
                "Lower-case letters, digits, “_” or “-”, e.g. phone_charging: the API and the list's filters "
                "name the amenity by it, so it cannot change once the amenity is created."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code is used by the API and filters and cannot change.")

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip().lower()
        if self.instance.pk:
            return self.instance.code
        taken = selectors.amenity_code_taken(code)  # in this round, beside the other fields' errors
        if taken is not None:
            raise ValidationError(taken.message_dict["code"])
        return code

    def _post_clean(self):
        pass  # validated by the service


class CommunityForm(CheckedForm, forms.ModelForm):
    position = position_field(Community, _("0 to 999: smaller numbers come first in lists and filters."))

    class Meta:
        model = Community
        fields = ["name", "name_en", "position"]
        help_texts = {
            "name": _("As people say it, e.g. 望平社区. The venue import finds a community by this name."),
        }
        error_messages = {"name": {"required": _("Write the community's name.")}}

    def clean_name(self):
        name = (self.cleaned_data.get("name") or "").strip()
        taken = selectors.community_name_taken(name, exclude_pk=self.instance.pk)  # in this round, beside the position
        if taken is not None:
            raise ValidationError(taken.message_dict["name"])
        return name

    def _post_clean(self):
        pass  # validated and saved by services.community_create / community_update


class ImportForm(CheckedForm, forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.csv or .xlsx)"))


class TipForm(CheckedForm, forms.Form):
    text = forms.CharField(
        label=_("Your tip"),
        max_length=TIP_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TIP_MAX_LENGTH}),
        help_text=_("E.g. “Gate 3 lets e-bikes in after 22:00” or “Building 12's door faces north”."),
    )
    # The picker offers only what the server takes (uploads.clean_image).
    photo = forms.FileField(
        label=_("Photo (optional)"), required=False, widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT})
    )
    # One per rendering of the page (inputs.page_idempotency_key): sent twice, one tip.
    idempotency_key = forms.CharField(required=False, max_length=TIP_KEY_MAX_LENGTH, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = _("JPEG, PNG or WebP, at most %(size)s. Location data in the photo is removed.") % {
            "size": filesizeformat(max_image_bytes())
        }
        self.fields["photo"].widget.attrs.update(size_check_attrs())  # checked by static/js/uploads.js


class TipRejectForm(CheckedForm, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


# --- compounds ---------------------------------------------------------------------------


class CompoundForm(CheckedForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    community = ReaderNameChoiceField(label=_("Community"), queryset=Community.objects.all(), required=False)
    address = forms.CharField(label=_("Address"), max_length=200)
    lat = forms.FloatField(label=_("Latitude"), widget=CoordinateInput(), help_text=latitude_help())
    lng = forms.FloatField(label=_("Longitude"), widget=CoordinateInput(), help_text=longitude_help())
    building_notes = forms.CharField(label=_("Finding buildings"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    property_phone = forms.CharField(label=_("Property management phone"), required=False, max_length=30)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    fieldsets = [
        (_("Basics"), ["name", "community", "property_phone", "active"], {"id": "compound-basics"}),
        (_("Location"), ["address", "lat", "lng"], {"id": "compound-location", "help": coordinates_help()}),
        (_("Finding buildings"), ["building_notes"], {"id": "compound-buildings"}),
    ]
    wide_fields = ("address",)

    def clean(self):
        data = super().clean()
        check_point(self)
        return data


class EbikesSelect(forms.NullBooleanSelect):
    """不详 / 电动车可进 / 电动车禁入: NullBooleanSelect's values, in the guide's words."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [
            ("unknown", pgettext_lazy("a gate's rule", "Not known")),
            ("true", _("E-bikes may enter")),
            ("false", _("No e-bikes")),
        ]


OPTIONAL_POINT_HELP = _("In the same system as the compound's; both numbers, or neither if not known.")


class GateForm(CheckedForm, forms.Form):
    name = forms.CharField(label=_("Gate"), max_length=60)
    # 不详 (not known) to start with: riders are shown nothing until staff know (a new gate
    # said 电动车禁入 · 开放，可直接进入 unless changed). The initial values matter: a blank extra
    # row then counts as unchanged and is skipped.
    ebikes_allowed = forms.NullBooleanField(label=_("E-bikes"), required=False, widget=EbikesSelect)
    entry_method = forms.ChoiceField(
        label=_("How riders get in"),
        choices=[("", pgettext_lazy("a gate's rule", "Not known")), *EntryMethod.choices],
        required=False,
        initial="",
    )
    # A gate is open or shut (开放时间), where a venue does business (营业时间): as the guide says.
    hours = forms.CharField(
        label=pgettext_lazy("a compound's gate", "Opening hours"),
        required=False,
        max_length=200,
        help_text=_("E.g. “Mo-Su 06:00-23:00”; blank: not known."),
    )
    lat = forms.FloatField(label=_("Latitude"), required=False, widget=CoordinateInput(), help_text=OPTIONAL_POINT_HELP)
    lng = forms.FloatField(label=_("Longitude"), required=False, widget=CoordinateInput())
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Stored as "Mo-Su 06:00-23:00"; staff who read Chinese see 周一至周日 06:00-23:00.
        stored = self.initial.get("hours")
        if stored and get_language().lower().startswith("zh"):
            with contextlib.suppress(ValidationError):  # shown as stored if it no longer parses
                self.initial["hours"] = hours_lib.format_hours(hours_lib.parse_hours(stored), chinese=True)

    def clean_hours(self):
        text = self.cleaned_data.get("hours", "").strip()
        if not text:
            return ""
        try:
            return hours_lib.format_hours(hours_lib.parse_hours(text))
        except ValidationError as exc:
            raise ValidationError(exc.messages)

    def clean(self):
        data = super().clean()
        check_point(self, optional=True)
        return data


class ParkingForm(CheckedForm, forms.Form):
    description = forms.CharField(label=_("Where"), max_length=200)
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=10000)
    lat = forms.FloatField(label=_("Latitude"), required=False, widget=CoordinateInput(), help_text=OPTIONAL_POINT_HELP)
    lng = forms.FloatField(label=_("Longitude"), required=False, widget=CoordinateInput())
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        check_point(self, optional=True)
        return data


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
