"""Pages of the street-office staff: activities (list, form, roster with attendance, the
check-in page for a phone at the event) and the volunteers page (the team, micro-grid
members, party declarations to confirm). Thin: the services decide and check permissions
again, the selectors read, these render. Every list that shows riders attaches badges."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from friendlystreet.accounts import roles
from friendlystreet.accounts.access import permission_required
from friendlystreet.accounts.badges import attach_badges
from friendlystreet.accounts.models import User
from friendlystreet.accounts.phones import INVALID_PHONE_MESSAGE, normalize_phone
from friendlystreet.api.errors import DomainError
from friendlystreet.days import local_today
from friendlystreet.inputs import CheckedForm, FlagField, show_service_errors
from friendlystreet.ledgers.services import PERM_EXPORT
from friendlystreet.privacy.access import PERM_PERSONAL_DATA
from friendlystreet.widgets import CoordinateInput, DatePicker
from points.models import Rule
from venues.models import Venue

from .. import figures, selectors, services
from ..checkin_words import checkin_words, paid_words
from ..exports import ACTIVITIES_KIND
from ..models import Activity, GridAppointment, PartyDeclaration, Signup, TeamMembership
from ..selectors import PERM_MANAGE, PERM_RUN
from ..services import CheckinResult

ACTIVITY_PAGE = 30
DATETIME_WIDGET = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

# --- forms --------------------------------------------------------------------------------------


class ActivityRuleField(forms.ModelChoiceField):
    """A rule named with what it pays, as riders will read it: 参加志愿活动（10 积分/次）."""

    def label_from_instance(self, obj: Rule) -> str:
        rate = _("%(points)s points/hour") if obj.per_hour else _("%(points)s points/time")
        return _("%(name)s (%(rate)s)") % {"name": obj.label(), "rate": rate % {"points": obj.points}}


class ActivityForm(CheckedForm, forms.ModelForm):
    """Parses and checks the activity's fields; activity_create/activity_update write them."""

    class Meta:
        model = Activity
        fields = list(services.ACTIVITY_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_at": forms.DateTimeInput(attrs=DATETIME_WIDGET, format=DATETIME_FORMAT),
            "ends_at": forms.DateTimeInput(attrs=DATETIME_WIDGET, format=DATETIME_FORMAT),
            "signup_deadline": forms.DateTimeInput(attrs=DATETIME_WIDGET, format=DATETIME_FORMAT),
            "lat": CoordinateInput(),
            "lng": CoordinateInput(),
        }
        field_classes = {"rule": ActivityRuleField}
        help_texts = {
            "place": gettext_lazy("If the activity is not at a venue: where to meet, as riders would say it."),
            "lat": gettext_lazy("The map pin (optional): latitude and longitude, e.g. 30.6578 and 104.0812."),
            "rule": gettext_lazy("Attendance pays by this rule (per hour: by the activity's length)."),
            "signup_deadline": gettext_lazy("No later than the start. For an activity that has already started, leave it empty."),
        }

    # How {% form_fields %} groups the fields (a map beside lat/lng).
    fieldsets = [
        (
            gettext_lazy("Basic information"),
            ["title", "title_en", "description", "category", "rule", "team_only", "state"],
            {"id": "activity-what"},
        ),
        (gettext_lazy("When"), ["starts_at", "ends_at", "signup_deadline", "capacity"], {"id": "activity-when"}),
        (gettext_lazy("Where"), ["venue", "place", "lat", "lng"], {"id": "activity-where", "map": "folded"}),
    ]
    wide_fields = ("title", "title_en", "place")

    def __init__(self, *args, kept: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The longest an activity may last (services.activity_check), said before it is refused.
        self.fields["ends_at"].help_text = _("An activity lasts at most %(max)s hours.") % {"max": services.ACTIVITY_HOURS_MAX}
        # What a published activity keeps (services.kept_fields): shown, not offered, with why.
        self.kept = kept or {}
        for name, why in self.kept.items():
            self.fields[name].disabled = True
            self.fields[name].help_text = why
        # A reason several fields of a fieldset share (the time and places, the venue and the
        # meeting point, after the end) is said once there; the others point to it.
        for _legend, names, _attrs in self.fieldsets:
            said: dict[str, str] = {}
            for name in names:
                why = str(self.kept.get(name, ""))
                if why and why in said:
                    self.fields[name].help_text = ""
                    self.fields[name].widget.attrs["aria-describedby"] = f"{self[said[why]].auto_id}_helptext"
                elif why:
                    said[why] = name
        current = self.instance.rule_id if self.instance.pk else None
        # Active rules, and the activity's own rule even if it was switched off since.
        self.fields["rule"].queryset = selectors.activity_rules(current=current).select_related("category")
        # Venues on the map, and the activity's own even if it was taken off since: else the
        # select shows none, and saving any change would drop the activity's venue.
        venue = self.instance.venue_id if self.instance.pk else None
        self.fields["venue"].queryset = Venue.objects.filter(Q(active=True) | Q(pk=venue)).order_by("name")
        states = [(Activity.State.DRAFT, Activity.State.DRAFT.label), (Activity.State.PUBLISHED, Activity.State.PUBLISHED.label)]
        if self.instance.pk and self.instance.state == Activity.State.PUBLISHED:
            states = states[1:]  # a published activity stays published (riders have signed up)
        elif self.instance.pk and self.instance.state == Activity.State.FINISHED:
            states = [(Activity.State.FINISHED, Activity.State.FINISHED.label)]  # kept: shown as it is
        self.fields["state"].choices = states
        if not self.instance.pk:  # most activities pay by the programme's attendance rule
            self.fields["rule"].initial = Rule.objects.filter(code=Rule.ACTIVITY_ATTENDANCE).values_list("pk", flat=True).first()
        # How many places may be offered is services.activity_check's rule (one message for 0,
        # -5 and 99999999999); the model field's own ">= 0" would say something else first.
        capacity = self.fields["capacity"]
        capacity.validators = [v for v in capacity.validators if not isinstance(v, MinValueValidator)]
        capacity.widget.attrs.update(min=1, max=services.CAPACITY_MAX)
        # An activity entered after it started has no sign-up: its deadline may be left out
        # (services.activity_check asks for it of any other).
        if "signup_deadline" not in self.kept:
            self.fields["signup_deadline"].required = False

    def _post_clean(self):
        # The model is written by services.activity_create/update, not by this form.
        pass


class ReasonForm(CheckedForm, forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)


class AttendanceForm(CheckedForm, forms.Form):
    attended = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class CheckinForm(CheckedForm, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Check-in code or phone number"),
        max_length=200,
        # Spaces alone pass the browser's `required`: say what to do, as the API does.
        error_messages={"required": gettext_lazy("Scan the rider's code or type their phone number.")},
    )


class WalkInForm(CheckedForm, forms.Form):
    # An id: who may be signed up at the event is services.checkin_walk_in's rule.
    rider = forms.IntegerField(min_value=1)
    over_capacity = FlagField()


class TeamDecideForm(CheckedForm, forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)


class TeamRemoveForm(CheckedForm, forms.Form):
    note = forms.CharField(label=gettext_lazy("Why (told to the rider)"), max_length=200)


class PartyRejectForm(CheckedForm, forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why (told to the rider)"), max_length=200)


class GridAppointForm(CheckedForm, forms.Form):
    phone = forms.CharField(label=gettext_lazy("Rider's phone number"), max_length=20)
    area = forms.CharField(label=gettext_lazy("Grid area"), max_length=100)
    appointed_on = forms.DateField(label=gettext_lazy("Appointed on"), widget=DatePicker())
    certificate_number = forms.CharField(label=gettext_lazy("Certificate number"), max_length=40)

    def clean_phone(self) -> User:
        phone = normalize_phone(self.cleaned_data["phone"])
        if phone is None:
            raise forms.ValidationError(INVALID_PHONE_MESSAGE)
        rider = User.objects.filter(phone=phone, groups__name=roles.RIDER, is_active=True).first()
        if rider is None:
            raise forms.ValidationError(_("No rider has this phone number."))
        return rider

    def clean_certificate_number(self) -> str:
        return self.cleaned_data["certificate_number"].strip()


# --- activities ---------------------------------------------------------------------------------


def _activity(pk: int) -> Activity:
    try:
        return selectors.activity_with_places(pk)
    except Activity.DoesNotExist:
        raise Http404 from None


@permission_required(PERM_RUN)
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in Activity.State.values:
        state = ""
    today = request.GET.get("when") == "today"  # the dashboard's 今日活动 card
    # A finished activity is told by who came, not by places left (its places no longer matter).
    activities = selectors.staff_activities(state=state).annotate(
        attended_count=Count("signups", filter=Q(signups__attendance=Signup.Attendance.ATTENDED))
    )
    if today:
        activities = figures.of_today(activities)
    page = Paginator(activities, ACTIVITY_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for activity in page:
        activity.places_left = selectors.places_left(activity)
        activity.over_capacity = selectors.over_capacity(activity)
        # Its check-in page only while someone can still be checked in (the roster is linked anyway).
        activity.checkin_page = not selectors.checkin_closed(activity, now)
    # Nothing today: the next activity riders may come to, so the dashboard's 今日活动 0 is no
    # dead end (one query, only then).
    next_activity = (
        selectors.upcoming_activities(now=now).filter(starts_at__gt=now).first() if today and not page.paginator.count else None
    )
    query = "&".join(part for part in (f"state={state}" if state else "", "when=today" if today else "") if part)
    return render(
        request,
        "volunteers/staff/activity_list.html",
        {
            "page": page,
            "state": state,
            "today": today,
            "next_activity": next_activity,
            "states": Activity.State.choices,
            "query": query,
        },
    )


# The edit form's hidden field naming the fields it drew read-only.
KEPT_FIELD = "kept"


def _redrawn(sent: ActivityForm, form: ActivityForm) -> ActivityForm:
    """`form` (bound to what `sent` was sent with, more fields read-only) carrying `sent`'s
    refusals: on top of it, and by each field still open."""
    form.is_valid()  # its read-only fields show the activity's values, the open ones what was typed
    for name, messages_ in sent.errors.items():
        field = None if name == NON_FIELD_ERRORS else name
        if field is not None and form.fields[field].disabled:
            continue  # what it said of a field now kept: the field's help says why instead
        for message in messages_:
            if message not in form.errors.get(name, []):
                form.add_error(field, message)
    return form


@permission_required(PERM_RUN)
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk) if pk else None
    keeps = kept = services.kept_fields(activity) if activity is not None else {}
    if request.method == "POST":
        # Read-only only where the page sent drew them so (KEPT_FIELD names them): a page opened
        # before the end sends its choice, which services.activity_update then refuses, saying why,
        # instead of a change dropped without a word.
        drawn = set(request.POST.get(KEPT_FIELD, "").split(","))
        kept = {name: why for name, why in keeps.items() if name in drawn}
    form = ActivityForm(request.POST or None, instance=activity, kept=kept)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.ACTIVITY_FIELDS if name in form.cleaned_data}
        try:
            if activity is None:
                activity = services.activity_create(actor=request.user, **data)
            else:
                activity = services.activity_update(actor=request.user, activity=activity, **data)
        except ValidationError as exc:  # services.activity_check: shown by the fields it names
            show_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            told = getattr(activity, "told", 0)  # services.activity_update: a new time or place
            if activity.recorded_after_start and activity.state == Activity.State.PUBLISHED:
                closes = timezone.localtime(activity.checkin_closes_at).strftime("%Y-%m-%d %H:%M")
                messages.success(
                    request,
                    _(
                        "Saved. This activity has already started, so riders cannot sign up for it: record who"
                        " attended on its check-in page, until %(time)s. They get their points as at any activity."
                    )
                    % {"time": closes},
                )
            elif told:
                messages.success(
                    request,
                    ngettext(
                        "Saved. The rider signed up has been told of the new time or place.",
                        "Saved. The %(n)s riders signed up have been told of the new time or place.",
                        told,
                    )
                    % {"n": told},
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("volunteers:staff_activity_roster", pk=activity.pk)
    if request.method == "POST" and keeps.keys() - kept.keys():
        # Opened before the end (or before the first check-in) and sent after: drawn again as the
        # page is drawn now, what it keeps read-only with why, so that staff are not led to try
        # the same refused change again; what they typed in the fields still open stays.
        form = _redrawn(form, ActivityForm(request.POST, instance=activity, kept=keeps))
    editable = activity is None or activity.state in services.CORRECTABLE_STATES
    ended = activity is not None and activity.state == Activity.State.PUBLISHED and selectors.is_over(activity)
    # Said before saving: who a new time or place is sent to (services.activity_update), while
    # they may still be changed (after the end the fields say why they are kept instead).
    signed_up = 0
    # (Its venue and place may still move once its times are kept by a check-in, until the end.)
    movable = "venue" not in keeps
    if activity is not None and activity.state == Activity.State.PUBLISHED and movable:
        signed_up = activity.signups.filter(status__in=selectors.SIGNED_UP).count()
    return render(
        request,
        "volunteers/staff/activity_form.html",
        {
            "form": form,
            "activity": activity,
            "editable": editable,
            "signed_up": signed_up,
            # Its times kept by a check-in (services.kept_fields): only a new place is told.
            "times_kept": "starts_at" in keeps,
            "kept_field": KEPT_FIELD,
            "kept": ",".join(form.kept),
            # Said by the start field (static/js/activity_form.js redraws it as the start is typed):
            # a start that has passed is an activity entered after the fact (services.activity_check).
            # Not once a published activity has ended: its times are corrected (times_note) or kept.
            # Nor once its start is kept (a rider has been paid by it).
            "may_start_in_the_past": editable
            and services.may_start_in_the_past(activity)
            and not ended
            and "starts_at" not in form.kept,
            # Why the times of an ended activity are still open (services.kept_fields; kept: their help says why).
            "times_note": ended and "starts_at" not in form.kept,
            "past_note": _past_note(form, activity),
            "recording_days": services.RECORDING_WINDOW.days,
        },
    )


def _past_note(form: ActivityForm, activity: Activity | None) -> str:
    """ "started" or "ended" when the start on the form (as sent, else the activity's) has passed,
    else "": the note the form shows where an activity may be given such a start."""
    sent = getattr(form, "cleaned_data", {}) if form.is_bound else {}
    starts_at = sent.get("starts_at") if form.is_bound else getattr(activity, "starts_at", None)
    ends_at = sent.get("ends_at") if form.is_bound else getattr(activity, "ends_at", None)
    now = timezone.now()
    if starts_at is None or starts_at > now:
        return ""
    return "ended" if ends_at is not None and ends_at <= now else "started"


@permission_required(PERM_RUN)
@require_GET
def activity_roster(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(pk)
    signups = selectors.roster(activity)  # badges attached
    registered = [s for s in signups if s.status == Signup.Status.REGISTERED]
    waitlist = [s for s in signups if s.status == Signup.Status.WAITLISTED]
    checked_in = sum(1 for s in registered if s.attendance == Signup.Attendance.ATTENDED)
    now = timezone.now()
    published = activity.state == Activity.State.PUBLISHED
    ended = published and selectors.is_over(activity, now)
    return render(
        request,
        "volunteers/staff/activity_roster.html",
        {
            "activity": activity,
            "registered": registered,
            "waitlist": waitlist,
            "checked_in": checked_in,
            # What the check-ins paid in all (caps applied), as the riders' passbooks show it.
            "points_paid": sum(selectors.attendance_paid(registered).values()) if checked_in else 0,
            "places_left": selectors.places_left(activity),
            # Walk-ins signed up over the capacity at the event: said, or 4 / 2 reads like a typo.
            "over_capacity": selectors.over_capacity(activity),
            # What "mark attended" pays at once, named in its question (it cannot be undone).
            "attendance_points": selectors.attendance_points(activity),
            "points_offer": selectors.attendance_offer(activity),
            "cancel_reason": selectors.cancel_reason(activity),
            "open": published,
            # The check-in page while check-in is open or still to open; once it has closed the
            # page only says so (services.checkin refuses), and the roster says it above.
            "checkin_page": not selectors.checkin_closed(activity, now),
            # "Mark attended" while check-in is open, from an hour before the start to two hours
            # after the end; "mark no-show" once it has started (services.attendance_record).
            "attendance_open": published and activity.checkin_is_open(now),
            "checkin_closed": published and activity.checkin_has_closed(now),
            "recording_days": services.RECORDING_WINDOW.days,
            "editable": activity.state in services.EDITABLE_STATES,
            # A finished activity may still have its title, place… corrected (services.kept_fields).
            "correctable": activity.state in services.CORRECTABLE_STATES,
            # Once someone has checked in it took place, and once it has ended riders would be told
            # an activity they came to or missed did not happen: finished, not cancelled
            # (services.activity_cancel refuses both).
            "cancellable": activity.state in services.EDITABLE_STATES and not checked_in and not ended,
            "ended": ended,
            "cancel_form": ReasonForm(),
            # Finishing is offered once the activity has begun (services.activity_finish refuses before).
            "started": now >= activity.starts_at,
            # Full name and phone on request, with a reason, logged (friendlystreet.privacy);
            # staff without the permission are never offered it.
            "can_reveal": request.user.has_perm(PERM_PERSONAL_DATA),
            # The activities ledger (attendance and the points each rider earned) of the activity's
            # day, by its start as the ledger picks activities: the exports page with it filled in.
            "export_query": _export_query(activity) if request.user.has_perm(PERM_EXPORT) else "",
        },
    )


def _export_query(activity: Activity) -> str:
    day = local_today(activity.starts_at).isoformat()
    return urlencode({"kind": ACTIVITIES_KIND, "start": day, "end": day})


@permission_required(PERM_RUN)
@require_POST
def attendance(request: HttpRequest, pk: int, signup_pk: int) -> HttpResponse:
    signup = get_object_or_404(Signup.objects.select_related("rider"), pk=signup_pk, activity_id=pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose attended or did not come."))
        return redirect("volunteers:staff_activity_roster", pk=pk)
    attended = form.cleaned_data["attended"]
    try:
        outcome = services.attendance_record(actor=request.user, signup=signup, attended=attended)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("volunteers:staff_activity_roster", pk=pk)
    name = signup.rider.masked_name
    if outcome.result == CheckinResult.OK:
        if attended:
            messages.success(request, _("%(name)s attended. %(paid)s") % {"name": name, "paid": paid_words(outcome.signup)})
        else:
            messages.success(request, _("%(name)s did not come.") % {"name": name})
    else:  # no place (on the waitlist, cancelled) or the activity cancelled: as the check-in page says it
        messages.warning(request, _said_at_the_door(outcome, name))
    return redirect("volunteers:staff_activity_roster", pk=pk)


def _said_at_the_door(outcome, name: str) -> str:
    """A check-in that paid nothing, in the words of the check-in page and the API
    (checkin_words: "on the waitlist: number 2", not "not signed up"), with who it was."""
    head, message = checkin_words(outcome)
    return _("%(name)s — %(head)s. %(message)s") % {"name": name, "head": head, "message": message}


CONFIRMED = "yes"
# The roster's own notice says an activity is finished or cancelled; a message above it said
# the same fact twice ("only a published activity can be finished" over "it is finished").
SAID_BY_THE_ROSTER = (Activity.State.FINISHED, Activity.State.CANCELLED)


@never_cache
@permission_required(PERM_RUN)
@require_http_methods(["GET", "POST"])
def activity_finish(request: HttpRequest, pk: int) -> HttpResponse:
    """Two steps that need no JavaScript: GET says what finishing does (and, before the start,
    that it cannot be done yet); only the page's own form (confirm=yes) finishes. A bare POST
    (an old roster page) is sent to the question. An activity already finished or cancelled
    goes to its roster, whose notice says so: one message, not a second on top of it. So does
    an activity just finished here."""
    if request.method == "POST":
        if request.POST.get("confirm") != CONFIRMED:
            return redirect("volunteers:staff_activity_finish", pk=pk)
        activity = get_object_or_404(Activity, pk=pk)
        try:
            services.activity_finish(actor=request.user, activity=activity)
        except DomainError as exc:
            activity.refresh_from_db(fields=["state"])  # a colleague, or another tab, was quicker
            if activity.state not in SAID_BY_THE_ROSTER:
                messages.error(request, exc.message)
        # Finished: the roster's own notice (活动已结束，签到名单已关闭。) says so; a flash above
        # it said the same thing in nearly the same words.
        return redirect("volunteers:staff_activity_roster", pk=pk)
    activity = _activity(pk)
    if activity.state != Activity.State.PUBLISHED:
        if activity.state not in SAID_BY_THE_ROSTER:  # a draft
            messages.info(request, _("Only a published activity can be finished."))
        return redirect("volunteers:staff_activity_roster", pk=pk)
    registered = activity.signups.filter(status=Signup.Status.REGISTERED)
    now = timezone.now()
    checked_in = registered.filter(attendance=Signup.Attendance.ATTENDED).count()
    # Finished before its planned end, it ends now: the end services.activity_finish writes, by
    # the model's one rule (Activity.ends_if_finished), and the hours that end makes (Activity.hours).
    ends_at = activity.ends_if_finished(now)
    early = ends_at != activity.ends_at
    ran = Activity(starts_at=activity.starts_at, ends_at=ends_at).hours if early else None
    return render(
        request,
        "volunteers/staff/activity_finish.html",
        {
            "activity": activity,
            "not_started": now < activity.starts_at,
            "checked_in": checked_in,
            "unrecorded": registered.filter(attendance=Signup.Attendance.UNKNOWN).count(),
            "early": early,
            "now": now,
            "ran_hours": ran,
            "ran_plural": 1 if ran == 1 else 2,  # 1.5 hours: the plural unless exactly one
            # A per-hour rule paid the riders checked in by the planned length: kept, and said.
            "paid_by_the_hour": early and checked_in and activity.rule.per_hour,
            "confirm_value": CONFIRMED,
        },
    )


@permission_required(PERM_RUN)
@require_POST
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["reason"].strip():
        messages.error(request, _("Give a reason: everyone signed up is told it."))
        return redirect("volunteers:staff_activity_roster", pk=pk)
    try:
        services.activity_cancel(actor=request.user, activity=activity, reason=form.cleaned_data["reason"].strip())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The activity is cancelled; everyone signed up has been told."))
    return redirect("volunteers:staff_activity_roster", pk=pk)


# --- check-in at the event ----------------------------------------------------------------------


@permission_required(PERM_RUN)
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """A phone page at the event: scan the rider's QR (static/js/redeem.js, the merchant
    page's scanner) or type their phone number; the answer is one of CheckinResult. A rider
    without a place (never signed up, cancelled, waitlisted) is offered to staff as a walk-in."""
    activity = _activity(pk)  # with its registered count (a check-in does not change it)
    form = CheckinForm(request.POST or None)
    verdict = None
    kept = ""
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        phone = normalize_phone(code)
        try:
            if phone is not None:
                outcome = services.checkin(actor=request.user, activity=activity, phone=phone)
            else:
                outcome = services.checkin(actor=request.user, activity=activity, token=code)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            verdict = _verdict(outcome)
            if outcome.result in (CheckinResult.UNKNOWN_CODE, CheckinResult.UNKNOWN_PHONE):
                # Nobody found: most often a digit missed or mistyped. What was typed stays in the
                # box to be corrected, not typed again from the start (a found rider's is cleared
                # for the next one).
                kept = code
            if outcome.result in (CheckinResult.NOT_SIGNED_UP, CheckinResult.SIGNUP_CANCELLED, CheckinResult.WRONG_ACTIVITY):
                # Who came: the sign-up's rider (a scanned code, another activity's too: they came
                # to this one), else the phone's.
                rider = outcome.rider or (selectors.rider_with_phone(phone) if phone else None)
                verdict.update(_walk_in(activity, rider))
    return _checkin_page(request, activity, form, verdict, kept)


def _verdict(outcome) -> dict:
    rider = outcome.rider
    if rider is not None:
        attach_badges([rider])
    head, message = checkin_words(outcome)
    other = outcome.signup.activity if outcome.result == CheckinResult.WRONG_ACTIVITY else None
    return {"result": outcome.result, "head": head, "message": message, "rider": rider, "other": other}


def _walk_in(activity: Activity, rider: User | None) -> dict:
    """What the check-in page offers for a rider without a place: sign them up and check them
    in (services.checkin_walk_in decides again), over the capacity only when staff say so."""
    if rider is None or activity.state != Activity.State.PUBLISHED or not activity.checkin_is_open():
        return {}
    if not selectors.may_join_at_the_event(rider):
        return {"rider": rider, "walk_in_refused": _("This rider is not verified yet, so they cannot be signed up here.")}
    if activity.team_only and not selectors.is_team_member(rider):
        return {"rider": rider, "walk_in_refused": _("This activity is for team members only; this rider is not one.")}
    attach_badges([rider])
    left = selectors.places_left(activity)
    return {
        "rider": rider,
        "walk_in": {"rider": rider, "places_left": left, "full": left == 0, "points": selectors.attendance_points(activity)},
    }


def _checkin_page(
    request: HttpRequest, activity: Activity, form: CheckinForm, verdict: dict | None, kept: str = ""
) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "volunteers/staff/checkin.html",
        {
            "activity": activity,
            "form": form,
            "verdict": verdict,
            "kept": kept,
            "checked_in": selectors.checked_in_count(activity),
            "opens_at": None if activity.checkin_is_open(now) or activity.checkin_has_closed(now) else activity.checkin_opens_at,
            "closed_at": activity.checkin_closes_at if activity.checkin_has_closed(now) else None,
            "recording_days": services.RECORDING_WINDOW.days,
            # Nobody can be checked in any more (or, a draft, yet): the page says why instead of
            # drawing the form. A POST from a page opened before is still refused by the services.
            "closed": selectors.checkin_closed(activity, now),
        },
    )


@permission_required(PERM_RUN)
@require_http_methods(["GET", "POST"])
def walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign up and check in a rider who came without a place (the check-in page's offer), then
    back to the check-in page with what happened (POST/redirect/GET: a reload sends nothing
    again). Opened by its address, it is the check-in page."""
    if request.method == "GET":
        return redirect("volunteers:staff_checkin", pk=pk)
    activity = get_object_or_404(Activity, pk=pk)
    form = WalkInForm(request.POST)
    rider = User.objects.filter(pk=form.cleaned_data["rider"]).first() if form.is_valid() else None
    if rider is None:
        raise Http404
    try:
        outcome = services.checkin_walk_in(
            actor=request.user, activity=activity, rider=rider, over_capacity=form.cleaned_data["over_capacity"]
        )
    except DomainError as exc:  # full (without over_capacity), not a verified rider, check-in closed...
        messages.error(request, exc.message)
    else:
        who = {"name": rider.masked_name}
        if outcome.result == CheckinResult.OK:
            paid = paid_words(outcome.signup)
            messages.success(request, _("%(name)s is signed up at the event and checked in. %(paid)s") % {**who, "paid": paid})
        elif outcome.result == CheckinResult.ALREADY_CHECKED_IN:
            messages.info(request, _("%(name)s has already checked in; nothing was paid again.") % who)
        else:  # the activity was cancelled meanwhile
            messages.error(request, _said_at_the_door(outcome, rider.masked_name))
    return redirect("volunteers:staff_checkin", pk=pk)


# --- the team, micro-grid members, party members --------------------------------------------------


@permission_required(PERM_MANAGE)
@require_GET
def volunteers(request: HttpRequest) -> HttpResponse:
    return _volunteers_page(request, GridAppointForm())


def _volunteers_page(request: HttpRequest, appoint_form: GridAppointForm) -> HttpResponse:
    requests_ = list(selectors.team_requests())
    # With their profile, for the link to the record's page (a member may have none yet).
    members = list(selectors.team_members().select_related("rider__volunteer_profile"))
    grid = list(selectors.grid_members())
    party = list(selectors.party_declarations_to_confirm())
    attach_badges([row.rider for row in (*requests_, *members, *grid, *party)])
    return render(
        request,
        "volunteers/staff/volunteers.html",
        {"requests": requests_, "members": members, "grid": grid, "party": party, "appoint_form": appoint_form},
    )


@permission_required(PERM_MANAGE)
@require_POST
def team_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(TeamMembership.objects.select_related("rider"), pk=pk)
    form = TeamDecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or decline."))
        return redirect("volunteers:staff_volunteers")
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.team_decide(actor=request.user, membership=membership, accept=accept, note=form.cleaned_data["note"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        name = membership.rider.masked_name
        if accept:
            messages.success(request, _("%(name)s joined the team.") % {"name": name})
        else:
            messages.success(request, _("%(name)s's request was declined.") % {"name": name})
    return redirect("volunteers:staff_volunteers")


@permission_required(PERM_MANAGE)
@require_POST
def grid_appoint(request: HttpRequest) -> HttpResponse:
    form = GridAppointForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.grid_appoint(
                actor=request.user,
                rider=data["phone"],
                area=data["area"],
                appointed_on=data["appointed_on"],
                certificate_number=data["certificate_number"],
            )
        except ValidationError as exc:  # a day to come, a year typed wrong
            show_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(name)s is appointed micro-grid member.") % {"name": data["phone"].masked_name})
            return redirect("volunteers:staff_volunteers")
    return _volunteers_page(request, form)


@permission_required(PERM_MANAGE)
@require_POST
def grid_end(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(GridAppointment.objects.select_related("rider"), pk=pk)
    try:
        services.grid_end(actor=request.user, appointment=appointment, ended_on=local_today())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s's appointment has ended.") % {"name": appointment.rider.masked_name})
    return redirect("volunteers:staff_volunteers")


@permission_required(PERM_MANAGE)
@require_POST
def party_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    # A withdrawn declaration no longer exists: 404, as for one that never did.
    declaration = get_object_or_404(PartyDeclaration.objects.select_related("rider"), pk=pk)
    try:
        services.party_confirm(actor=request.user, declaration=declaration)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s's party membership is confirmed.") % {"name": declaration.rider.masked_name})
    return redirect("volunteers:staff_volunteers")


@permission_required(PERM_MANAGE)
@require_POST
def team_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(TeamMembership.objects.select_related("rider"), pk=pk)
    form = TeamRemoveForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["note"].strip():
        messages.error(request, _("Say why: the rider is told."))
        return redirect(reverse("volunteers:staff_volunteers") + "#team-members")
    try:
        removed = services.team_remove(actor=request.user, membership=membership, note=form.cleaned_data["note"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        name = membership.rider.masked_name
        message = _("%(name)s is no longer in the team; they have been told.") % {"name": name}
        if removed.given_up:
            n = len(removed.given_up)
            message += ngettext(
                " Their sign-up for %(n)s team-only activity still to come was cancelled; the waitlist moved up.",
                " Their sign-ups for %(n)s team-only activities still to come were cancelled; the waitlists moved up.",
                n,
            ) % {"n": n}
        messages.success(request, message)
    return redirect(reverse("volunteers:staff_volunteers") + "#team-members")


@permission_required(PERM_MANAGE)
@require_POST
def party_reject(request: HttpRequest, pk: int) -> HttpResponse:
    # A withdrawn declaration no longer exists: 404, as for one that never did.
    declaration = get_object_or_404(PartyDeclaration.objects.select_related("rider"), pk=pk)
    form = PartyRejectForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["reason"].strip():
        messages.error(request, _("Say why: the rider is told."))
        return redirect(reverse("volunteers:staff_volunteers") + "#party-members")
    try:
        services.party_reject(actor=request.user, declaration=declaration, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        name = declaration.rider.masked_name
        messages.success(request, _("%(name)s's declaration was rejected and deleted; they have been told.") % {"name": name})
    return redirect(reverse("volunteers:staff_volunteers") + "#party-members")
