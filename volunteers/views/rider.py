"""Pages of riders and the public: activities with sign-up and the check-in QR, the rider's
volunteer profile (team, party declaration, own details), the printable volunteer record and
its public verification page. Thin: the services decide, the selectors read, these render."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import BLANK_CHOICE_DASH, Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from friendlystreet.accounts.access import rider_required
from friendlystreet.accounts.badges import attach_badges
from friendlystreet.accounts.models import WorkType
from friendlystreet.api.errors import DomainError
from friendlystreet.days import local_today
from friendlystreet.inputs import CheckedForm, FlagField
from friendlystreet.lists import listed
from friendlystreet.names import ReaderNameChoiceField
from points.rewards import qr
from venues.models import Community
from venues.navigation import links_for

from .. import selectors, services
from ..models import Activity, PartyDeclaration, Signup
from ..selectors import PERM_JOIN, PERM_RUN

# --- activities ---------------------------------------------------------------------------------


def _is_rider(user) -> bool:
    return user.is_authenticated and user.has_perm(PERM_JOIN)


def _visible_activity(request: HttpRequest, pk: int) -> Activity:
    """An activity anyone may open: published, finished or cancelled; drafts only for staff
    who run activities (404 for everyone else: no hint that a draft exists)."""
    try:
        activity = selectors.activity_with_places(pk)
    except Activity.DoesNotExist:
        raise Http404 from None
    if activity.state == Activity.State.DRAFT and not request.user.has_perm(PERM_RUN):
        raise Http404
    return activity


class ActivityListForm(forms.Form):
    """The list's one filter, `?mine=`, read as the API reads it (read_flag): `0` is no; text it
    cannot read is dropped, as every page drops a filter it cannot read."""

    mine = FlagField()


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    """Upcoming published activities, soonest first. `?mine=1`: the rider's own sign-ups in two
    parts, what is still to come (soonest first) and what is over (latest first, with whether
    they checked in), so a finished activity never reads like an open one."""
    user = request.user
    form = ActivityListForm(request.GET)
    mine = form.is_valid() and form.cleaned_data["mine"]
    if mine and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    activities = list(selectors.activities_of(user) if mine else selectors.upcoming_activities())
    signups: dict[int, tuple[str, str]] = {}
    if _is_rider(user) and activities:
        rows = Signup.objects.filter(rider=user, activity__in=activities, status__in=selectors.SIGNED_UP).values_list(
            "activity_id", "status", "attendance"
        )
        signups = {activity_id: (status, attendance) for activity_id, status, attendance in rows}
    for activity in activities:
        activity.places_left = selectors.places_left(activity)
        activity.points_offer = selectors.attendance_offer(activity)  # the rule came with the list
        activity.my_status, activity.my_attendance = signups.get(activity.pk, ("", ""))
    context = {"activities": activities, "mine": mine, "is_rider": _is_rider(user)}
    if mine:
        upcoming: list[Activity] = []  # activities_of gives them soonest first
        over: list[Activity] = []
        for activity in activities:
            (over if activity.is_over else upcoming).append(activity)
        context["upcoming"] = upcoming
        context["finished"] = sorted(over, key=lambda a: (a.starts_at, a.pk), reverse=True)
    return render(request, "volunteers/activity_list.html", context)


@never_cache  # after signing up, "Back" must show the new status
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _visible_activity(request, pk)
    user = request.user
    is_rider = _is_rider(user)
    signup = selectors.signup_of(user, activity) if is_rider else None
    position = selectors.waitlist_position(signup) if signup else None
    # Another activity at the same time matters only for one that will still take place.
    now = timezone.now()
    # Finished, cancelled or past its end (as My activities sorts it): what was, not places,
    # points on offer, the way there or other activities at the same time.
    over = selectors.is_over(activity, now)
    overlaps = selectors.overlapping_activities(user, activity) if is_rider and not over else []
    # A team-only activity tells a rider outside the team how to join instead of offering a
    # button that can only be refused.
    outside_team = is_rider and activity.team_only and signup is None and not selectors.is_team_member(user)
    attended = signup is not None and signup.attendance == Signup.Attendance.ATTENDED
    open_ = activity.state == Activity.State.PUBLISHED and now <= activity.signup_deadline
    checkin_qr = _checkin_qr(signup, activity, now)
    context = {
        "activity": activity,
        "places_left": selectors.places_left(activity),
        "points_offer": selectors.attendance_offer(activity),
        "is_rider": is_rider,
        "signup": signup,
        "position": position,
        "overlaps": overlaps,
        "open": open_,
        # Past the deadline a rider still gives their place back until the start, to the waitlist.
        "cancel_open": signup is not None and selectors.cancel_is_open(activity, now),
        "over": over,
        # The rider's card: their sign-up and what they can do, or the sign-in for a visitor.
        "show_mine": (
            (is_rider and activity.state != Activity.State.CANCELLED and (not over or signup is not None))
            or (not user.is_authenticated and open_)
        ),
        # What checking in paid (a cap may have lowered it; None: the rule was off).
        "paid": selectors.attendance_paid([signup]).get(signup.pk) if attended else None,
        "outside_team": outside_team,
        "map_links": None if over else _map_links(activity),
        "checkin_qr": checkin_qr,
        # On the day the rider at the door needs the code first, not after the description.
        "qr_first": checkin_qr is not None
        and (activity.checkin_is_open(now) or local_today(now) == local_today(activity.starts_at)),
        "cancel_reason": selectors.cancel_reason(activity),
    }
    return render(request, "volunteers/activity_detail.html", context)


def _map_links(activity: Activity) -> dict[str, str] | None:
    """One-tap map links to the activity's pin, else to its venue's."""
    if activity.lat is not None and activity.lng is not None:
        return links_for(lat=float(activity.lat), lng=float(activity.lng), name=activity.where or activity.label())
    if activity.venue_id:
        venue = activity.venue
        return links_for(lat=venue.lat, lng=venue.lng, name=venue.name, address=venue.address)
    return None


def _checkin_qr(signup: Signup | None, activity: Activity, now):
    if signup is None or signup.status != Signup.Status.REGISTERED or activity.state != Activity.State.PUBLISHED:
        return None
    if activity.checkin_has_closed(now):  # staff can no longer check anyone in with it
        return None
    if signup.attendance == Signup.Attendance.ATTENDED:  # checked in: nothing more to show
        return None
    return qr.svg_inline(services.checkin_token(signup), title=_("My check-in code"))


@require_POST
@rider_required(PERM_JOIN)
def activity_signup(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _visible_activity(request, pk)
    try:
        result = services.signup_create(rider=request.user, activity=activity)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if result.position is None:
            messages.success(request, _("You are signed up. Show your check-in code at the activity."))
        else:
            messages.success(
                request, _("The activity is full: you are number %(position)s on the waitlist.") % {"position": result.position}
            )
        if result.overlaps:
            titles = listed(a.label() for a in result.overlaps)
            warning = _("Note: this overlaps with %(titles)s, which you also signed up for.") % {"titles": titles}
            messages.warning(request, warning)
    return redirect("volunteers:activity_detail", pk=activity.pk)


@require_POST
@rider_required(PERM_JOIN)
def activity_cancel_signup(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _visible_activity(request, pk)
    try:
        services.signup_cancel(rider=request.user, activity=activity)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect("volunteers:activity_detail", pk=activity.pk)


def ics_escape(text: str) -> str:
    """TEXT value escaping of RFC 5545 §3.3.11: backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74  # continuation lines start with a space
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@require_GET
def activity_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The activity as an iCalendar file (one VEVENT), for the phone's calendar."""
    activity = _visible_activity(request, pk)
    url = request.build_absolute_uri(reverse("volunteers:activity_detail", args=[activity.pk]))
    location = activity.where
    if activity.venue_id and activity.venue.address:
        location = f"{activity.where}, {activity.venue.address}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Friendly Street//Volunteer activities//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:activity-{activity.pk}@{request.get_host().split(':')[0]}",
        f"DTSTAMP:{_ics_time(activity.updated_at)}",
        f"DTSTART:{_ics_time(activity.starts_at)}",
        f"DTEND:{_ics_time(activity.ends_at)}",
        f"SUMMARY:{ics_escape(activity.label())}",
        f"LOCATION:{ics_escape(location)}",
        f"DESCRIPTION:{ics_escape(activity.description)}",
        f"URL:{url}",
    ]
    if activity.state == Activity.State.CANCELLED:
        lines.append("STATUS:CANCELLED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    body = "\r\n".join(ics_fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activity-{activity.pk}.ics"'
    return response


# --- the rider's volunteer profile --------------------------------------------------------------


class ProfileForm(CheckedForm, forms.Form):
    # The name is required here: the street office checks it against the rider's platform
    # profile (the privacy notice collects it for that) and the volunteer record prints it;
    # without it the site falls back to the masked phone number ("您好，138****0003").
    display_name = forms.CharField(
        label=pgettext_lazy("person", "Name"),
        max_length=50,
        help_text=gettext_lazy(
            "Your real name: the street office checks it against your platform profile, and your volunteer record shows it."
        ),
        error_messages={"required": gettext_lazy("Enter your name.")},
    )
    # Required as at sign-up: the street office verifies the platform and the work type too.
    platform = forms.CharField(
        label=gettext_lazy("Platform"),
        max_length=50,
        help_text=gettext_lazy("e.g. Meituan, Ele.me, SF Express, Didi"),
        error_messages={"required": gettext_lazy("Enter the platform you work for.")},
    )
    work_type = forms.ChoiceField(
        label=gettext_lazy("Work type"),
        choices=[*BLANK_CHOICE_DASH, *WorkType.choices],
        error_messages={"required": gettext_lazy("Choose your work type.")},
    )
    home_community = ReaderNameChoiceField(label=gettext_lazy("Home community"), queryset=Community.objects.all(), required=False)

    def clean_display_name(self) -> str:
        return self.cleaned_data["display_name"].strip()

    def clean_platform(self) -> str:
        platform = self.cleaned_data["platform"].strip()
        if not platform:
            raise forms.ValidationError(self.fields["platform"].error_messages["required"], code="required")
        return platform


@never_cache
@require_http_methods(["GET", "POST"])
@rider_required(PERM_JOIN)
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile = selectors.profile_of(user)
    # A verified rider is told before saving that a new name, platform or work type is checked
    # again (the rule: points.verification.verified_details_changed, run by the service).
    verified = user.is_verified
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            saved = services.rider_profile_update(
                rider=user,
                display_name=data["display_name"],
                platform=data["platform"],
                work_type=data["work_type"],
                home_community=data["home_community"],
            )
            if verified and not saved.is_verified:
                messages.warning(
                    request,
                    _("Your profile is saved. You changed details the street office checked, so it will verify you again."),
                )
            else:
                messages.success(request, _("Your profile is saved."))
            return redirect("profile")
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,
                "platform": user.platform,
                "work_type": user.work_type,
                "home_community": profile.home_community_id,
            }
        )
    return render(request, "volunteers/profile_edit.html", {"form": form, "verified": verified})


@require_POST
@rider_required(PERM_JOIN)
def team_request(request: HttpRequest) -> HttpResponse:
    try:
        services.team_request(rider=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request to join the 帮帮龘 volunteer team is sent. The street office will answer it."))
    return redirect("profile")


# Leaving the team and withdrawing the party declaration take two steps, without JavaScript:
# GET asks "are you sure?" with what follows; only that page's form (confirm=yes) acts. A POST
# without it (a page from before this step, a second tap) is sent to the question instead.
CONFIRMED = "yes"


def _confirm_page(request: HttpRequest, **context) -> HttpResponse:
    return render(request, "volunteers/profile_confirm.html", {"confirm_value": CONFIRMED, **context})


@never_cache
@require_http_methods(["GET", "POST"])
@rider_required(PERM_JOIN)
def team_leave(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("confirm") != CONFIRMED:
            return redirect("volunteers:team_leave")
        given_up = services.team_leave(rider=request.user)
        messages.success(request, _("You have left the volunteer team.") + str(services.given_up_words(given_up)))
        return redirect("profile")
    if not selectors.is_team_member(request.user):
        return redirect("profile")  # nothing to leave
    # Places and waitlist spots apart: a place goes to the next member waiting, a spot is only
    # cancelled (as the deletion page counts them, volunteers.privacy.deletion_losses).
    held = selectors.live_signups(request.user, team_only=True).aggregate(
        places=Count("pk", filter=Q(status=Signup.Status.REGISTERED)),
        spots=Count("pk", filter=Q(status=Signup.Status.WAITLISTED)),
    )
    given_up = []
    if held["places"]:
        given_up.append(
            ngettext(
                "Your place at %(n)s team-only activity still to come is given up; it goes to the next member waiting.",
                "Your places at %(n)s team-only activities still to come are given up; they go to the next members waiting.",
                held["places"],
            )
            % {"n": held["places"]}
        )
    if held["spots"]:
        given_up.append(
            ngettext(
                "Your waitlist spot at %(n)s team-only activity still to come is cancelled.",
                "Your waitlist spots at %(n)s team-only activities still to come are cancelled.",
                held["spots"],
            )
            % {"n": held["spots"]}
        )
    return _confirm_page(
        request,
        title=_("Leave the 帮帮龘 volunteer team?"),
        consequences=[
            _("The volunteer team badge disappears from your pages."),
            _("You can no longer sign up for activities for team members only."),
            *given_up,
            _("Your volunteer record, hours and points stay as they are."),
            _("To come back you ask to join again, and the street office decides."),
        ],
        action=reverse("volunteers:team_leave"),
        button=_("Leave the team"),
        testid="team-leave-confirm",
    )


class PartyForm(CheckedForm, forms.Form):
    organisation = forms.CharField(
        label=gettext_lazy("Party organisation"),
        max_length=100,
        help_text=gettext_lazy("The party branch you belong to, for example 成龙路街道某社区党支部."),
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that my party membership is shown: a “Party member” badge on my own pages, and next to my name"
            " in staff lists and activity rosters, seen by street-office staff, once staff have confirmed it."
            " I can withdraw this consent at any time: the badge then disappears everywhere and no copy is kept."
        ),
        required=False,
    )

    def clean_consent(self):
        if not self.cleaned_data.get("consent"):
            raise forms.ValidationError(_("Tick the consent to show your party membership, or leave the declaration."))
        return True


@never_cache
@require_http_methods(["GET", "POST"])
@rider_required(PERM_JOIN)
def party_declare(request: HttpRequest) -> HttpResponse:
    declaration = PartyDeclaration.objects.filter(rider=request.user).first()
    if request.method == "POST":
        form = PartyForm(request.POST)
        if form.is_valid():
            try:
                services.party_declare(
                    rider=request.user, organisation=form.cleaned_data["organisation"], consent=form.cleaned_data["consent"]
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your declaration is saved. The badge shows once the street office confirms it."))
                return redirect("profile")
    else:
        form = PartyForm(initial={"organisation": declaration.organisation if declaration else ""})
    return render(request, "volunteers/party_declare.html", {"form": form, "declaration": declaration})


@never_cache
@require_http_methods(["GET", "POST"])
@rider_required(PERM_JOIN)
def party_withdraw(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("confirm") != CONFIRMED:
            return redirect("volunteers:party_withdraw")
        services.party_withdraw(rider=request.user)
        messages.success(request, _("Your consent is withdrawn: the party badge is removed everywhere and nothing is kept."))
        return redirect("profile")
    if not PartyDeclaration.objects.filter(rider=request.user).exists():
        return redirect("profile")  # nothing to withdraw
    return _confirm_page(
        request,
        title=_("Withdraw your party declaration?"),
        consequences=[
            _("The “Party member” badge disappears at once from your pages, staff lists and activity rosters."),
            _("Your declaration is deleted: no copy is kept."),
            _("To show it again you declare again, and the street office confirms it again."),
        ],
        action=reverse("volunteers:party_withdraw"),
        button=_("Withdraw consent and remove"),
        testid="party-withdraw-confirm",
    )


# --- the volunteer record -----------------------------------------------------------------------


def _record_context(request: HttpRequest, record: selectors.VolunteerRecord) -> dict:
    verify_url = request.build_absolute_uri(reverse("volunteers:verify", args=[record.code]))
    attach_badges([record.rider])
    return {
        "record": record,
        "verify_url": verify_url,
        "verify_qr": qr.svg_inline(verify_url, title=_("Verify this record")),
        "today": local_today(),
    }


@never_cache
@require_GET
@rider_required(PERM_JOIN)
def record(request: HttpRequest) -> HttpResponse:
    """The rider's printable one-page volunteer record. The street office issues it (its
    name, the certificate's title, the code and the public check) to verified riders with
    service to certify (selectors.record_is_issued); before that the rider sees their record
    as it stands, with a note saying why there is no certificate yet."""
    volunteer_record = selectors.volunteer_record(request.user)
    if not selectors.record_is_issued(volunteer_record):
        attach_badges([volunteer_record.rider])  # the rider's own badges, as on the issued record
        return render(request, "volunteers/record.html", {"record": volunteer_record, "issued": False})
    return render(request, "volunteers/record.html", {**_record_context(request, volunteer_record), "issued": True})


@never_cache
@require_GET
@rider_required(PERM_JOIN)
def grid_certificate(request: HttpRequest) -> HttpResponse:
    """The honour certificate of a current micro-grid member (404 for anyone else)."""
    volunteer_record = selectors.volunteer_record(request.user)
    if volunteer_record.grid is None:
        raise Http404
    return render(request, "volunteers/grid_certificate.html", _record_context(request, volunteer_record))


RECORD_CODE = re.compile(r"[A-Za-z0-9]{1,12}")  # anything else is no code: 404 without a query


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public check of a volunteer record: the same facts, the name masked; 404 on a wrong code."""
    volunteer_record = selectors.record_by_code(code) if RECORD_CODE.fullmatch(code) else None
    if volunteer_record is None:
        raise Http404
    response = render(request, "volunteers/verify.html", {"record": volunteer_record, "today": local_today()})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
