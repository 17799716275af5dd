"""Writes of the volunteers app: profiles, the team, micro-grid appointments, party
declarations, activities, sign-ups with their waitlist, and check-in.

Every function is one user action in one transaction, checks the actor's permission itself
(views check too), and audits what it changed. Concurrency:

* Sign-ups of one activity are serialised by locking the activity row (`select_for_update`):
  counting the registered places and writing the new sign-up happen under that lock, so 30
  riders racing for 10 places get exactly 10 places and a waitlist in arrival order.
* Attendance pays through `points.services.claim_create_from_source`, one claim per sign-up
  (`source_ref = "signup-<id>"`, unique), under the sign-up's row lock: a second scan, a tick
  after a scan or two staff at once pay once.

Lock order, the same everywhere: the rider's team membership (team_leave, team_remove, a sign-up
at a team-only activity) → activity row → sign-up rows → the rider's points account.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_UP, Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from friendlystreet.accounts.models import User
from friendlystreet.accounts.phones import normalize_phone
from friendlystreet.audit.services import audit_changes, audit_record, audit_snapshot
from friendlystreet.days import date_problem, local_today
from friendlystreet.lists import listed
from friendlystreet.names import in_reader_language, label_when_read
from friendlystreet.notifications.services import notifications_mark_read_about, notify
from points.models import Rule
from points.services import claim_create_from_source, claim_window_days
from points.verification import VERIFIED_DETAILS, verified_details_changed

from . import errors, selectors
from .errors import require
from .models import RECORDING_WINDOW, Activity, GridAppointment, PartyDeclaration, Signup, TeamMembership
from .selectors import PERM_JOIN, PERM_MANAGE, PERM_RUN

log = logging.getLogger(__name__)

CHECKIN_SALT = "volunteers.checkin"


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _where(activity: Activity) -> str:
    """Activity.where in the recipient's language: its venue's name (label_when_read, rendered
    by notify), else the place as staff wrote it."""
    return label_when_read(activity.venue) if activity.venue_id else activity.place


def _activity_context(activity: Activity) -> dict[str, Any]:
    # The title and the venue in the recipient's language (notify renders label_when_read in it).
    return {"title": label_when_read(activity), "when": _when(activity.starts_at), "place": _where(activity)}


def _activity_link(activity: Activity) -> str:
    return reverse("volunteers:activity_detail", args=[activity.pk])


# What a rider's notice of a place adds when the activity is today or tomorrow (_soon).
SOON = {0: gettext_lazy(" It is today: please be on time."), 1: gettext_lazy(" It is tomorrow: please be on time.")}


def _soon(activity: Activity, now: datetime) -> str:
    """What a notice giving a rider a place at `activity`, or its new time, adds ("%(soon)s"): that
    it is today or tomorrow, else nothing. The evening reminder (reminders_send) runs once a day, at
    18:00: a rider who signs up (signup_create), is moved up from the waitlist (_promote) or whose
    activity is moved (_tell_of_change) to today or tomorrow would otherwise hear of it after that
    run, or hours before it, and not that it is so soon. The notices that go by SMS as the
    reminder does (a place freed, a new time) are their reminder (`reminded_at` set by the
    caller): one message for one event, which no later run repeats. The sign-up confirmation,
    whose SMS the rider chooses, is not."""
    return SOON.get((local_today(activity.starts_at) - local_today(now)).days, "")


# --- the rider's profile ------------------------------------------------------------------------

PROFILE_FIELDS = ("display_name", "platform", "work_type")


def rider_profile_update(*, rider: User, display_name: str, platform: str, work_type: str, home_community) -> User:
    """The rider edits their own name, platform, work type and home community. A verified
    rider who changes what was verified waits for verification again (points.verification)."""
    require(rider, PERM_JOIN)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=rider.pk)
        profile = selectors.profile_of(user)
        before = {**audit_snapshot(user, PROFILE_FIELDS), "home_community": profile.home_community_id}
        verified = {name: getattr(user, name) for name in VERIFIED_DETAILS}
        user.display_name, user.platform, user.work_type = display_name, platform, work_type
        user.save(update_fields=list(PROFILE_FIELDS))
        verified_details_changed(rider=user, before=verified)
        profile.home_community = home_community
        profile.save(update_fields=["home_community"])
        after = {**audit_snapshot(user, PROFILE_FIELDS), "home_community": profile.home_community_id}
        changes = audit_changes(before, after)
        if changes:
            audit_record(actor=rider, action="volunteers.profile_updated", target=user, data=changes)
    return user


# --- the 帮帮龘 team ------------------------------------------------------------------------------


def team_request(*, rider: User, note: str = "") -> TeamMembership:
    require(rider, PERM_JOIN)
    with transaction.atomic():
        membership = TeamMembership.objects.select_for_update().filter(rider=rider).first()
        if membership is not None and membership.status in (TeamMembership.Status.MEMBER, TeamMembership.Status.REQUESTED):
            raise errors.AlreadyMember()
        if membership is None:
            try:
                with transaction.atomic():
                    membership = TeamMembership.objects.create(rider=rider, requested_at=timezone.now(), note=note)
            except IntegrityError:
                raise errors.AlreadyMember() from None  # a double tap: the first request stands
        else:
            membership.status = TeamMembership.Status.REQUESTED
            membership.requested_at = timezone.now()
            membership.joined_at = None
            membership.decided_by = None
            membership.note = note
            membership.save()
        audit_record(actor=rider, action="volunteers.team_requested", target=membership)
    return membership


def team_decide(*, actor: User, membership: TeamMembership, accept: bool, note: str = "") -> TeamMembership:
    require(actor, PERM_MANAGE)
    with transaction.atomic():
        locked = TeamMembership.objects.select_for_update().select_related("rider").get(pk=membership.pk)
        if locked.status != TeamMembership.Status.REQUESTED:
            raise errors.NotRequested()
        locked.status = TeamMembership.Status.MEMBER if accept else TeamMembership.Status.DECLINED
        locked.joined_at = timezone.now() if accept else None
        locked.decided_by = actor
        locked.note = note
        locked.save()
        audit_record(actor=actor, action="volunteers.team_" + ("accepted" if accept else "declined"), target=locked)
        link = reverse("profile")
        if accept:
            selectors.profile_of(locked.rider)  # the record code staff link to from the member list
            notify(locked.rider, "volunteers_team_accepted", {}, link=link)
        else:
            notify(locked.rider, "volunteers_team_declined", {"reason": note or "-"}, link=link)
    return locked


def team_remove(*, actor: User, membership: TeamMembership, note: str) -> TeamMembership:
    """Staff take a member off the team; the rider is told why (the note) and may ask again.
    Their record, hours and points stay: only the membership ends (status `left`, as when a
    rider leaves; the audit trail says who ended it)."""
    require(actor, PERM_MANAGE)
    note = note.strip()
    if not note:
        raise ValidationError({"note": [_("Say why: the rider is told.")]})
    with transaction.atomic():
        locked = TeamMembership.objects.select_for_update().select_related("rider").get(pk=membership.pk)
        if locked.status != TeamMembership.Status.MEMBER:
            raise errors.NotAMember()
        locked.status = TeamMembership.Status.LEFT
        locked.decided_by = actor
        locked.note = note
        locked.save(update_fields=["status", "decided_by", "note"])
        audit_record(actor=actor, action="volunteers.team_removed", target=locked, data={"note": note})
        given_up = signups_give_up(locked.rider, actor=actor, because=GIVEN_UP_TEAM_REMOVED, team_only=True)
        context = {"reason": note, "given_up": given_up_words(given_up)}
        notify(locked.rider, "volunteers_team_removed", context, link=reverse("profile"))
    locked.given_up = given_up
    return locked


def team_leave(*, rider: User) -> list[Activity]:
    """The rider leaves the team; their sign-ups for team-only activities still to come are
    given up (signups_give_up). Returns those activities, for the page to say."""
    require(rider, PERM_JOIN)
    with transaction.atomic():
        changed = TeamMembership.objects.filter(rider=rider, status=TeamMembership.Status.MEMBER).update(
            status=TeamMembership.Status.LEFT
        )
        if not changed:
            return []
        audit_record(actor=rider, action="volunteers.team_left", target=rider)
        return signups_give_up(rider, actor=rider, because=GIVEN_UP_TEAM_LEFT, team_only=True)


# Why a rider's places were given up for them (signups_give_up), on the audit trail ("because").
GIVEN_UP_TEAM_LEFT = "team_left"
GIVEN_UP_TEAM_REMOVED = "team_removed"
GIVEN_UP_ACCOUNT_DELETED = "account_deleted"


def signups_give_up(rider: User, *, actor: User | None, because: str, team_only: bool = False) -> list[Activity]:
    """End a rider's live commitments to activities when they may no longer come: they left the
    team or were taken off it (`team_only`: only its team-only activities), or their account is
    deleted (all). Each registered or waitlisted sign-up of a published activity that has not
    started is cancelled as signup_cancel does, under the activity's lock, and the waitlist moves
    up (the rider moved up is told). Past, started and attended sign-ups stay: they are history.
    In the caller's transaction; returns the activities given up, by start, each with
    `given_up_spot`: True where the rider was only waiting."""
    now = timezone.now()
    live = selectors.live_signups(rider, team_only=team_only, now=now)
    given_up = []
    # One activity at a time, by id: the lock order of every sign-up (activity → sign-up).
    for activity_id in sorted(set(live.values_list("activity_id", flat=True))):
        locked = Activity.objects.select_for_update().get(pk=activity_id)
        signup = Signup.objects.select_for_update().filter(activity=locked, rider=rider).first()
        still_live = (
            signup is not None
            and signup.status in selectors.SIGNED_UP
            and signup.attendance != Signup.Attendance.ATTENDED
            and selectors.cancel_is_open(locked)
            and (locked.team_only or not team_only)
        )
        if not still_live:
            continue  # changed since the list was read: checked in, started, no longer team-only
        before = signup.status
        signup.status = Signup.Status.CANCELLED
        signup.cancelled_at = now
        signup.save(update_fields=["status", "cancelled_at"])
        audit_record(
            actor=actor,
            action="volunteers.signup_cancelled",
            target=signup,
            data={"changes": {"status": [before, Signup.Status.CANCELLED.value]}, "because": because},
        )
        _fill_places(locked)
        locked.given_up_spot = before == Signup.Status.WAITLISTED  # a waitlist spot, not a place (given_up_words)
        given_up.append(locked)
    return sorted(given_up, key=lambda a: (a.starts_at, a.pk))


def _given_up_words(activities: tuple[tuple[str, str, str, bool], ...]) -> str:
    # A place goes to the next member waiting; a waitlist spot is only cancelled: said apart.
    # Each title in the language of whoever reads it, as the sentence around it.
    places = [(in_reader_language(title, title_en), when) for title, title_en, when, spot in activities if not spot]
    spots = [(in_reader_language(title, title_en), when) for title, title_en, when, spot in activities if spot]
    words = ""
    if places:
        words += ngettext(
            " Your place at this team-only activity still to come was given up to the next member waiting: %(activities)s.",
            " Your places at these team-only activities still to come were given up to the next members waiting: %(activities)s.",
            len(places),
        ) % {"activities": _named(places)}
    if spots:
        words += ngettext(
            " Your waitlist spot for this team-only activity still to come was cancelled: %(activities)s.",
            " Your waitlist spots for these team-only activities still to come were cancelled: %(activities)s.",
            len(spots),
        ) % {"activities": _named(spots)}
    return words


def _named(activities: list[tuple[str, str]]) -> str:
    return listed(_("“%(title)s” (%(when)s)") % {"title": title, "when": when} for title, when in activities)


_given_up_later = lazy(_given_up_words, str)


def given_up_words(activities: list[Activity]) -> str:
    """What a rider taken off the team (or leaving it) is told of the places and waitlist spots
    given up (signups_give_up): a sentence for each kind naming each activity and when, or
    nothing. Lazy: rendered in the language of whoever reads it (notify renders it in the rider's)."""
    return _given_up_later(tuple((a.title, a.title_en, _when(a.starts_at), a.given_up_spot) for a in activities))


# --- micro-grid members -------------------------------------------------------------------------


def grid_appoint(*, actor: User, rider: User, area: str, appointed_on: date, certificate_number: str) -> GridAppointment:
    """Appoint a rider as of `appointed_on`: a day that has come (the appointment counts, and its
    certificate shows, from the moment it is recorded), within the years date_problem allows."""
    require(actor, PERM_MANAGE)
    problem = date_problem(appointed_on)
    if problem is None and appointed_on > local_today():
        problem = _("Record an appointment once it is made: choose today or an earlier day.")
    if problem:
        raise ValidationError({"appointed_on": [problem]})
    with transaction.atomic():
        User.objects.select_for_update().get(pk=rider.pk)  # serialises two appointments of one rider
        if GridAppointment.objects.filter(rider=rider, ended_on__isnull=True).exists():
            raise errors.AlreadyAppointed()
        if GridAppointment.objects.filter(certificate_number=certificate_number).exists():
            raise errors.CertificateNumberTaken()
        try:
            with transaction.atomic():
                appointment = GridAppointment.objects.create(
                    rider=rider,
                    area=area,
                    appointed_on=appointed_on,
                    certificate_number=certificate_number,
                    appointed_by=actor,
                )
        except IntegrityError:
            raise errors.CertificateNumberTaken() from None
        audit_record(
            actor=actor,
            action="volunteers.grid_appointed",
            target=appointment,
            data={"rider": rider.pk, "area": area, "certificate_number": certificate_number},
        )
        notify(
            rider,
            "volunteers_grid_appointed",
            {"area": area, "number": certificate_number},
            link=reverse("volunteers:record"),
        )
    return appointment


def grid_end(*, actor: User, appointment: GridAppointment, ended_on: date | None = None) -> GridAppointment:
    require(actor, PERM_MANAGE)
    ended_on = ended_on or local_today()
    with transaction.atomic():
        locked = GridAppointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.ended_on is not None:
            return locked
        locked.ended_on = max(ended_on, locked.appointed_on)
        locked.save(update_fields=["ended_on"])
        audit_record(actor=actor, action="volunteers.grid_ended", target=locked, data={"ended_on": locked.ended_on.isoformat()})
    return locked


# --- party members ------------------------------------------------------------------------------


def party_declare(*, rider: User, organisation: str, consent: bool) -> PartyDeclaration:
    """Declare (or change) party membership with its own consent. A changed organisation
    needs confirming again. The audit trail names the action, never the organisation."""
    require(rider, PERM_JOIN)
    if not consent:
        raise errors.ConsentRequired()
    organisation = organisation.strip()
    with transaction.atomic():
        declaration = PartyDeclaration.objects.select_for_update().filter(rider=rider).first()
        now = timezone.now()
        if declaration is None:
            try:
                with transaction.atomic():
                    declaration = PartyDeclaration.objects.create(
                        rider=rider,
                        organisation=organisation,
                        consent_version=PartyDeclaration.CONSENT_VERSION,
                        consented_at=now,
                    )
            except IntegrityError:
                declaration = PartyDeclaration.objects.select_for_update().get(rider=rider)
        if declaration.organisation != organisation:
            declaration.organisation = organisation
            declaration.confirmed_at = None
            declaration.confirmed_by = None
        declaration.consent_version = PartyDeclaration.CONSENT_VERSION
        declaration.consented_at = now
        declaration.save()
        audit_record(actor=rider, action="volunteers.party_declared", target=rider)
    return declaration


def party_withdraw(*, rider: User) -> None:
    """Withdrawing consent deletes the declaration: the badge vanishes everywhere at once and
    no copy is kept (the audit entry says only that consent was withdrawn). No permission is
    asked: whoever gave consent may always take it back (PIPL art. 15)."""
    with transaction.atomic():
        deleted, _rows = PartyDeclaration.objects.filter(rider=rider).delete()
        if deleted:
            audit_record(actor=rider, action="volunteers.party_withdrawn", target=rider)


def party_confirm(*, actor: User, declaration: PartyDeclaration) -> PartyDeclaration:
    require(actor, PERM_MANAGE)
    with transaction.atomic():
        locked = PartyDeclaration.objects.select_for_update().filter(pk=declaration.pk).first()
        if locked is None:  # withdrawn meanwhile: nothing to confirm, nothing to show
            raise errors.NotRequested()
        if locked.confirmed_at is None:
            locked.confirmed_at = timezone.now()
            locked.confirmed_by = actor
            locked.save(update_fields=["confirmed_at", "confirmed_by"])
            audit_record(actor=actor, action="volunteers.party_confirmed", target=locked.rider)
    return locked


def party_reject(*, actor: User, declaration: PartyDeclaration, reason: str) -> None:
    """Staff do not confirm a declaration: it is deleted, as a withdrawn one is (the row
    exists only to be confirmed and shown; no copy is kept), and the rider is told why and
    may declare again. The audit entry names the action, never the organisation nor the
    reason (which may speak of it); the reason goes to the rider only."""
    require(actor, PERM_MANAGE)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why: the rider is told.")]})
    with transaction.atomic():
        locked = PartyDeclaration.objects.select_for_update().select_related("rider").filter(pk=declaration.pk).first()
        if locked is None:  # withdrawn meanwhile: nothing left to reject
            raise errors.NotRequested()
        if locked.confirmed_at is not None:  # confirmed meanwhile by someone else
            raise errors.NotRequested()
        rider = locked.rider
        locked.delete()
        audit_record(actor=actor, action="volunteers.party_rejected", target=rider)
        notify(rider, "volunteers_party_rejected", {"reason": reason}, link=reverse("volunteers:party_declare"))


# --- activities ---------------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "title",
    "title_en",
    "description",
    "category",
    "venue",
    "place",
    "lat",
    "lng",
    "starts_at",
    "ends_at",
    "capacity",
    "signup_deadline",
    "rule",
    "team_only",
    "state",
)
EDITABLE_STATES = (Activity.State.DRAFT, Activity.State.PUBLISHED)
# What staff may still open and save: a finished activity too, for what only describes it
# (kept_fields keeps the rest). A cancelled one never took place: nothing to correct.
CORRECTABLE_STATES = (*EDITABLE_STATES, Activity.State.FINISHED)
# The most places one activity offers: a street's event, not a stadium (a typo of 0s is refused).
CAPACITY_MAX = 1000
# The longest an activity may last (activity_check): a typo (08:00 → 20:00 the next day) would
# otherwise pay every rider 36 hours under a per-hour rule. Activities are patrols and visits of an
# hour or three (the demo's: 1.5–3 h); 12 h leaves a long day's event room.
ACTIVITY_HOURS_MAX = 12
ACTIVITY_LENGTH_MAX = timedelta(hours=ACTIVITY_HOURS_MAX)
ACTIVITY_DATES = ("starts_at", "ends_at", "signup_deadline")


# What the audit records of an activity: the fields staff set, and whether it was entered after it
# started (not set by staff but by the clock: the trail says so where the activity was created).
AUDITED_FIELDS = (*ACTIVITY_FIELDS, "recorded_after_start")


def _activity_snapshot(activity: Activity) -> dict[str, Any]:
    """The audited fields; the map pin's Decimals as strings (JSON cannot hold a Decimal)."""
    snapshot = audit_snapshot(activity, AUDITED_FIELDS)
    return {name: str(value) if isinstance(value, Decimal) else value for name, value in snapshot.items()}


def activity_check(activity: Activity, *, earlier: Activity | None = None) -> None:
    """The rules an activity's fields keep together, the staff form's and the API's alike:
    ValidationError({field: [message]}), which the form shows by its fields and the API
    answers as a 400 with `fields`. (The database constraints are the backstop.) `earlier`:
    the activity as it was before an edit (None: a new one)."""
    problems: dict[str, str] = {}
    now = timezone.now()
    if activity.capacity is None or not 1 <= activity.capacity <= CAPACITY_MAX:
        problems["capacity"] = _("Places must be between 1 and %(max)s.") % {"max": CAPACITY_MAX}
    if activity.lat is not None and not -90 <= activity.lat <= 90:
        problems["lat"] = _("This is not a place on Earth.")
    if activity.lng is not None and not -180 <= activity.lng <= 180:
        problems["lng"] = _("This is not a place on Earth.")
    for name in ACTIVITY_DATES:
        if getattr(activity, name) is None:  # only a started activity may leave its deadline out
            problems[name] = _("This field is required.")
        elif problem := date_problem(getattr(activity, name)):
            problems[name] = problem
    if problems.keys() & set(ACTIVITY_DATES):  # the times are compared once each is a date we plan with
        raise ValidationError(problems)
    # A new start, and a draft being published, are checked against the clock (editing the
    # description of one under way changes nothing here): a start still to come, or one that has
    # passed on an activity staff enter after the fact (recorded_after_start), no longer ago than
    # RECORDING_WINDOW. An activity announced ahead never moves into the past.
    planned = (
        earlier is None
        or not same_minute(earlier.starts_at, activity.starts_at)
        or (earlier.state == Activity.State.DRAFT and activity.state == Activity.State.PUBLISHED)
    )
    if planned and activity.starts_at <= now:
        if not may_start_in_the_past(earlier):
            problems["starts_at"] = _("This start time has passed: choose a time still to come.")
        elif activity.starts_at < now - RECORDING_WINDOW:
            problems["starts_at"] = too_long_ago(activity, now)
    # An ended activity's times corrected (kept_fields leaves them open on one entered after it
    # started, until a rider is paid by them): it took place, so its corrected times have passed too.
    ended = earlier is not None and earlier.state == Activity.State.PUBLISHED and selectors.is_over(earlier, now)
    if ended and _times_changed(earlier, activity):
        for name in ("starts_at", "ends_at"):
            if getattr(activity, name) > now:
                problems.setdefault(name, _("This activity has ended: a corrected time must have passed too, no later than now."))
    if activity.ends_at <= activity.starts_at:
        problems.setdefault("ends_at", _("The activity must end after it starts."))
    # Checked when its length is new (a new activity, or new times): one stored longer before this
    # rule may still have its title or place corrected. A start refused already is put right first.
    elif (
        "starts_at" not in problems
        and (earlier is None or _times_changed(earlier, activity))
        and activity.ends_at - activity.starts_at > ACTIVITY_LENGTH_MAX
    ):
        problems.setdefault(
            "ends_at",
            _(
                "An activity lasts at most %(max)s hours, and this one would last %(hours)s hours: check the"
                " start and end dates and times."
            )
            % {"max": ACTIVITY_HOURS_MAX, "hours": _hours_up(activity)},
        )
    if activity.signup_deadline > activity.starts_at:
        problems["signup_deadline"] = _("The sign-up deadline must be no later than the start.")
    # Announced (new, or a draft published) with its sign-up already closed, nobody could join it.
    # A published activity's deadline may still be moved back to close sign-up early.
    # One entered after it started was never open for sign-up: its riders are signed up at check-in.
    announced = activity.state == Activity.State.PUBLISHED and (earlier is None or earlier.state == Activity.State.DRAFT)
    late = recorded_after_start(activity, earlier, now)
    if announced and not late and "starts_at" not in problems and activity.signup_deadline <= now:
        problems["signup_deadline"] = _(
            "This sign-up deadline has passed, so no rider could sign up: choose a time still to come."
        )
    if activity.venue_id is None and not (activity.place or "").strip():
        problems["place"] = _("Choose a venue or write where the activity takes place.")
    if (activity.lat is None) != (activity.lng is None):
        problems["lat"] = _("Give both latitude and longitude, or neither.")
    chosen = earlier is None or earlier.rule_id != activity.rule_id
    if chosen and Rule.objects.filter(pk=activity.rule_id, code__in=selectors.OTHER_PAYOUTS).exists():
        problems["rule"] = _(
            "This rule pays for something else (an accepted report, an approved tip): choose a rule for activities."
        )
    if problems:
        raise ValidationError(problems)


def _hours_up(activity: Activity) -> Decimal:
    """The activity's length in hours to one decimal, rounded up: 12 h 01 min reads 12.1, not the 12
    a refusal of more than 12 hours could not say (Activity.hours rounds half up)."""
    hours = (Decimal((activity.ends_at - activity.starts_at).total_seconds()) / Decimal(3600)).quantize(
        Decimal("0.1"), rounding=ROUND_UP
    )
    return hours.quantize(Decimal("1")) if hours == hours.to_integral_value() else hours


def may_start_in_the_past(earlier: Activity | None) -> bool:
    """Whether an activity may be given a start that has passed (within RECORDING_WINDOW): a new
    one or a draft, which staff enter after the fact (forgotten beforehand, or set up on the day)
    to record who came, or one entered so, whose time is corrected. One announced to riders ahead
    keeps a start still to come: they would be told of a time already gone."""
    return earlier is None or earlier.state == Activity.State.DRAFT or earlier.recorded_after_start


def recorded_after_start(activity: Activity, earlier: Activity | None, now: datetime) -> bool:
    """Whether `activity` (as it is being saved; `earlier` as it was) is entered after it started:
    sign-up is closed to riders (its deadline is no later than the start), nobody is reminded of
    it, and its attendance may be recorded until RECORDING_WINDOW after the start
    (Activity.checkin_closes_at)."""
    return activity.starts_at <= now and may_start_in_the_past(earlier)


def too_long_ago(activity: Activity, now: datetime) -> str:
    """Why an activity that started more than RECORDING_WINDOW ago cannot be entered, and what to
    do instead: riders who came claim their points themselves, within the claim window."""
    days = claim_window_days()
    window = {"days": RECORDING_WINDOW.days, "claim_days": days}
    if activity.starts_at < now - timedelta(days=days):
        return (
            _(
                "This start is more than %(days)s days ago: an activity can be entered afterwards only within"
                " %(days)s days of its start, and points can be claimed only within %(claim_days)s days of what"
                " happened, so this activity can no longer earn points."
            )
            % window
        )
    return (
        _(
            "This start is more than %(days)s days ago: an activity can be entered afterwards only within %(days)s"
            " days of its start. Riders who came can still ask for their points with a claim of their own"
            " (within %(claim_days)s days of the activity), which a reviewer checks."
        )
        % window
    )


def _deadline_of_the_past(activity: Activity, earlier: Activity | None, now: datetime) -> None:
    """An activity entered after it started was never open for sign-up: a sign-up deadline left
    out is its start (the form's and the API's may be blank then)."""
    if activity.signup_deadline is None and activity.starts_at is not None and recorded_after_start(activity, earlier, now):
        activity.signup_deadline = activity.starts_at


def activity_create(*, actor: User, **fields: Any) -> Activity:
    """A new draft or published activity. One that has started, or ended, no longer ago than
    RECORDING_WINDOW may be entered after the fact (recorded_after_start): riders cannot sign up
    for it, and staff check in those who came."""
    require(actor, PERM_RUN)
    state = fields.get("state", Activity.State.DRAFT)
    if state not in EDITABLE_STATES:
        raise errors.WrongState(_("A new activity is a draft or published."))
    activity = Activity(created_by=actor, **{k: v for k, v in fields.items() if k in ACTIVITY_FIELDS})
    now = timezone.now()
    _deadline_of_the_past(activity, None, now)
    activity_check(activity)
    activity.recorded_after_start = recorded_after_start(activity, None, now)
    with transaction.atomic():
        activity.save()
        audit_record(
            actor=actor,
            action="volunteers.activity_created",
            target=activity,
            data=audit_changes({}, _activity_snapshot(activity)),
        )
    return activity


def activity_update(*, actor: User, activity: Activity, **fields: Any) -> Activity:
    """Edit a draft or published activity, or what describes a finished one (kept_fields). More
    places move the waitlist up; a draft cannot come back from published (riders have signed up). A published activity moved to
    another time or place tells everyone signed up (the waitlist too), who would otherwise
    come at the old one; the activity returned says how many were told (`told`). What a
    published activity keeps (kept_fields: its time, places, venue and who may take part once it
    has ended, but for the times of one entered after it started that nobody has been paid by yet;
    its earning rule, start and end once a rider has been paid by them) is refused, saying why. Its title,
    description, meeting point and map pin may still be corrected after the end (riders still read
    them among their past activities), audited as any edit and told to nobody: nobody is coming."""
    require(actor, PERM_RUN)
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.state not in CORRECTABLE_STATES:
            raise errors.WrongState(_("A cancelled activity cannot be edited."))
        new_state = fields.get("state", locked.state)
        finished = locked.state == Activity.State.FINISHED  # stays finished: kept_fields says why
        if not finished and (
            new_state not in EDITABLE_STATES or (locked.state == Activity.State.PUBLISHED and new_state == Activity.State.DRAFT)
        ):
            raise errors.WrongState(_("Finish or cancel an activity with their own buttons; a published one stays published."))
        before = _activity_snapshot(locked)
        earlier = copy.copy(locked)
        for name, value in fields.items():
            if name in ACTIVITY_FIELDS:
                setattr(locked, name, value)
        now = timezone.now()
        _deadline_of_the_past(locked, earlier, now)
        if locked.signup_deadline is None:
            raise ValidationError({"signup_deadline": [_("This field is required.")]})
        for name in ACTIVITY_DATES:
            # A moment sent back in the minute it was is the one it was (same_minute): else a form
            # saved for a typo trimmed a stored deadline's seconds, and the audit said it changed.
            if same_minute(getattr(earlier, name), getattr(locked, name)):
                setattr(locked, name, getattr(earlier, name))
        kept = kept_fields(earlier)  # under the activity's lock: no check-in slips in (attendance_record)
        for name, why in kept.items():
            if KEPT_CHANGED[name](earlier, locked):
                raise errors.WrongState(why)
            # Kept exactly as stored (a meeting point sent back with other spaces is the same one).
            attname = Activity._meta.get_field(name).attname
            setattr(locked, attname, getattr(earlier, attname))
        if "signup_deadline" in kept and locked.signup_deadline > locked.starts_at:
            # The start of an ended activity entered after it started, corrected to an earlier time:
            # sign-up was never open (activity_check), so its deadline, kept, follows the start.
            locked.signup_deadline = locked.starts_at
        activity_check(locked, earlier=earlier)
        locked.recorded_after_start = recorded_after_start(locked, earlier, now)
        # Places are never taken away from riders who hold one: refused, not a silent overbooking.
        registered = locked.signups.filter(status=Signup.Status.REGISTERED).count()
        # Walk-ins signed up over the capacity at the event hold their places: an edit that leaves
        # the places as they were (a title corrected afterwards) takes nothing from anyone.
        if locked.capacity < registered and locked.capacity != earlier.capacity:
            raise ValidationError(
                {
                    "capacity": ngettext(
                        "%(n)s rider has signed up already, so there cannot be fewer than %(n)s place.",
                        "%(n)s riders have signed up already, so there cannot be fewer than %(n)s places.",
                        registered,
                    )
                    % {"n": registered}
                }
            )
        locked.save()
        changes = audit_changes(before, _activity_snapshot(locked))
        if changes:
            audit_record(actor=actor, action="volunteers.activity_updated", target=locked, data=changes)
        _fill_places(locked)
        # A meeting point corrected after the end is no news to anyone: nobody is coming to it.
        moved = earlier.state == Activity.State.PUBLISHED and not selectors.is_over(earlier, now) and _moved(earlier, locked)
        locked.told = _tell_of_change(locked, earlier) if moved else 0
    return locked


def ended_not_moved() -> str:
    """Why an ended activity keeps its time and places (kept_fields), and what may still be corrected."""
    return _(
        "This activity has ended, so its time and places can no longer be changed: riders' sign-ups,"
        " check-in and points depend on them. Its title, description, place and map pin can still be"
        " corrected."
    )


def times_paid(checked_in: int) -> str:
    """Why an activity keeps its start and end once a rider has checked in (kept_fields)."""
    return ngettext(
        "%(n)s rider has checked in and been paid by this time (the points are dated by the start; a rule"
        " paid by the hour pays by the length), so it can no longer be changed: everyone who came is paid"
        " by the same time.",
        "%(n)s riders have checked in and been paid by this time (the points are dated by the start; a rule"
        " paid by the hour pays by the length), so it can no longer be changed: everyone who came is paid"
        " by the same time.",
        checked_in,
    ) % {"n": checked_in}


def _changed(attribute: str) -> Callable[[Activity, Activity], bool]:
    return lambda earlier, later: getattr(later, attribute) != getattr(earlier, attribute)


def same_minute(earlier: datetime, later: datetime) -> bool:
    """Whether two moments of an activity read the same to staff and riders: by the minute, as the
    edit form shows and sends them and notices write them, while a stored one may have seconds (made
    through the API, the demo's). The one rule of what an edit changed in a date: the audit, the
    notice of a move, the check of a moved start and what an ended activity keeps all follow it."""
    return earlier.replace(second=0, microsecond=0) == later.replace(second=0, microsecond=0)


def _changed_by_the_minute(attribute: str) -> Callable[[Activity, Activity], bool]:
    return lambda earlier, later: not same_minute(getattr(earlier, attribute), getattr(later, attribute))


# Whether each field kept_fields() may keep was changed, (earlier, later), as riders would see it.
KEPT_CHANGED: dict[str, Callable[[Activity, Activity], bool]] = {
    "starts_at": _changed_by_the_minute("starts_at"),
    "ends_at": _changed_by_the_minute("ends_at"),
    "venue": _changed("venue_id"),
    "place": lambda earlier, later: (earlier.place or "").strip() != (later.place or "").strip(),
    "capacity": _changed("capacity"),
    "signup_deadline": _changed_by_the_minute("signup_deadline"),
    "team_only": _changed("team_only"),
    "rule": _changed("rule_id"),
    "category": _changed("category"),
    "state": _changed("state"),
}
# Where and when riders signed up come: a change before the end is told to them (activity_update).
MOVED_FIELDS = ("starts_at", "ends_at", "venue", "place")
# What riders' sign-ups, check-in and points depend on: after the end it is kept (kept_fields).
ENDED_KEPT = ("starts_at", "ends_at", "capacity")


def kept_fields(activity: Activity) -> dict[str, str]:
    """What a published activity keeps as it is, with why: activity_update's refusal, the edit
    form's read-only fields and their help text.

    The time and places, once the activity has ended (not finished yet): riders signed up, were
    checked in and paid by them (a later end would reopen check-in, a new length change what a
    per-hour rule pays, more places give the waitlist places in it); it is finished instead. But the
    start and end of one entered after it started (recorded_after_start), typed afterwards and read
    by no rider ahead, may be corrected until a rider has checked in (check-in pays, not finishing:
    attendance_record; its claim is dated by the start, a per-hour rule pays by the length) or it is
    finished: a typo would otherwise pay every rider who came the wrong hours. One announced ahead
    keeps them: riders signed up and came by them, its start never moves into the past
    (may_start_in_the_past) and a later end would reopen its check-in. The
    venue too: the activity's attendance counts in its community (figures, exports). The sign-up
    deadline: it is no later than the start (activity_check), so after the end a new one would
    neither close nor open anything. What only describes it stays open, so that a typo of an
    activity entered after the fact (recorded_after_start) can be put right: the title, the
    description, the meeting point (place) and its map pin (nobody is told: activity_update).
    Who could take part (team members only or not), also once it has ended: it decided who signed up
    and who was admitted at the door; changed afterwards, the activity would say it was open to
    riders it turned away, or team-only with outsiders on its roster. The earning rule, once anyone
    has checked in, before the end as after it: it pays at check-in (attendance_record), not at
    finish, so a new rule would pay the riders still to be marked by another one than those already
    paid, while the roster named a rule nobody was paid by. Until someone has checked in nobody has
    been paid, so a rule picked by mistake may still be corrected (every rider who came is then paid
    by the corrected rule). Its start and end likewise, once anyone has checked in, whenever: the
    claim is dated by the start and a per-hour rule pays the length at check-in, so a time moved
    afterwards would pay the riders still to come other hours than those already paid (times_paid).
    A finished activity keeps all that, whenever it was finished, and its
    category, rule and state too: only its title, description, place and pin may be corrected (a
    typo found after finishing), audited and told to nobody as after the end."""
    if activity.state not in (Activity.State.PUBLISHED, Activity.State.FINISHED):
        return {}
    kept = {}
    finished = activity.state == Activity.State.FINISHED
    checked_in = selectors.checked_in_count(activity)
    if finished or selectors.is_over(activity):
        kept.update(dict.fromkeys(ENDED_KEPT, ended_not_moved()))
        if not finished and activity.recorded_after_start:
            # Its times were typed afterwards, from memory, and read by no rider ahead: until a rider
            # is paid by them (check-in pays, dated by the start, a per-hour rule by the length) they
            # may still be corrected (activity_check: within RECORDING_WINDOW, not after now).
            kept["capacity"] = _(
                "This activity has ended, so its places can no longer be changed: riders who came are signed"
                " up at check-in, over the places if need be."
            )
            if checked_in:
                kept["starts_at"] = kept["ends_at"] = times_paid(checked_in)
            else:
                del kept["starts_at"], kept["ends_at"]
        kept["venue"] = _(
            "This activity has ended, so its venue can no longer be changed: its attendance is counted in"
            " the venue's community. The place and map pin can still be corrected."
        )
        kept["signup_deadline"] = _(
            "This activity has ended, so its sign-up deadline can no longer be changed: sign-up closed before it began."
        )
        kept["team_only"] = _(
            "This activity has ended, so whether it is for team members only can no longer be changed:"
            " it decided who could sign up and who was admitted."
        )
    if checked_in:
        # Paid by its times (attendance_record: the claim dated by the start, a per-hour rule paying
        # the length at that moment): kept, before the start (check-in opens an hour ahead), while
        # it is under way and after it, announced or entered after it started alike, so that every
        # rider who came is paid the same hours. After the end, one announced ahead says why it
        # keeps them already (ended_not_moved).
        kept.setdefault("starts_at", times_paid(checked_in))
        kept.setdefault("ends_at", times_paid(checked_in))
        kept["rule"] = ngettext(
            "%(n)s rider has checked in and been paid by this rule, so it can no longer be changed:"
            " everyone who came is paid by the same rule.",
            "%(n)s riders have checked in and been paid by this rule, so it can no longer be changed:"
            " everyone who came is paid by the same rule.",
            checked_in,
        ) % {"n": checked_in}
    if finished:
        # Its roster is closed (activity_finish): what it was, who came and what they were paid
        # stay as they were; only what describes it may still be corrected, as after the end.
        why = _(
            "This activity is finished, so its category, rule and state can no longer be changed: its"
            " roster is closed. Its title, description, place and map pin can still be corrected."
        )
        for name in ("category", "rule", "state"):
            kept.setdefault(name, why)
    return kept


def _times_changed(earlier: Activity, later: Activity) -> bool:
    return any(KEPT_CHANGED[name](earlier, later) for name in ("starts_at", "ends_at"))


def _moved(earlier: Activity, later: Activity) -> bool:
    """Whether riders signed up would come at the wrong time or place (KEPT_CHANGED: the times by
    the minute, the venue, the meeting point)."""
    return any(KEPT_CHANGED[name](earlier, later) for name in MOVED_FIELDS)


def _tell_of_change(activity: Activity, earlier: Activity) -> int:
    """Tell everyone signed up the activity's new time and place; a start moved to another day
    is reminded of again the day before (reminders_send). Moved to today or tomorrow, the notice
    says so to those with a place and is their reminder (_soon); the waitlist has no place to be on
    time for. Under the activity's lock."""
    now = timezone.now()
    signed_up = activity.signups.filter(status__in=selectors.SIGNED_UP).select_related("rider")
    if local_today(earlier.starts_at) != local_today(activity.starts_at):
        signed_up.filter(reminded_at__isnull=False).update(reminded_at=None)
    soon = _soon(activity, now)
    if soon:
        signed_up.filter(status=Signup.Status.REGISTERED).update(reminded_at=now)
    place = format_lazy("{} · {}", _where(activity), activity.place) if activity.venue_id and activity.place else _where(activity)
    context = {**_activity_context(activity), "place": place}
    told = 0
    for signup in signed_up:
        registered = signup.status == Signup.Status.REGISTERED
        notify(
            signup.rider,
            "volunteers_activity_changed",
            {**context, "soon": soon if registered else ""},
            link=_activity_link(activity),
        )
        told += 1
    return told


def activity_finish(*, actor: User, activity: Activity) -> Activity:
    """Close the roster: no more check-ins or ticks. Registered riders not checked in stay
    unrecorded (no points); staff mark no-shows before finishing if they want them counted.

    Finished before its planned end, it ended then: its end becomes the moment it was finished,
    so the volunteer record (the rider's page, the printed record, the public check, the API), the
    figures and the exports count the hours it ran (Activity.hours, start to end), not hours it
    did not run; the audit entry keeps the planned end. Points a per-hour rule paid at check-in
    (by the planned length: attendance_record) stay as paid: the ledger is append-only, and a
    correction is a street admin's balance adjustment with a reason, which the rider is told of
    (points.services.balance_adjust), never a silent reversal. The finish page says both."""
    require(actor, PERM_RUN)
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.state != Activity.State.PUBLISHED:
            raise errors.WrongState(_("Only a published activity can be finished."))
        # Finishing cannot be undone and closes check-in: an activity that has not begun is
        # either still to come (leave it) or will not happen (cancel it: riders are told).
        now = timezone.now()
        if now < locked.starts_at:
            raise errors.NotStartedYet()
        planned = audit_snapshot(locked, ("ends_at",))
        updated = ["state", "updated_at"]
        ends_at = locked.ends_if_finished(now)
        if ends_at != locked.ends_at:  # finished early: it ended now
            locked.ends_at = ends_at
            updated.append("ends_at")
        locked.state = Activity.State.FINISHED
        locked.save(update_fields=updated)
        audit_record(
            actor=actor,
            action="volunteers.activity_finished",
            target=locked,
            data=audit_changes(planned, audit_snapshot(locked, ("ends_at",))),
        )
    return locked


def activity_cancel(*, actor: User, activity: Activity, reason: str = "") -> Activity:
    """Cancel the activity and tell everyone signed up (registered and waitlisted). Once a
    rider has checked in (and been paid) it took place: it is finished, never cancelled, so
    the points paid and the volunteer records stay true. Nor once a published activity has
    ended: riders who came (not checked in yet) or stayed away would be told it did not take
    place; it is finished, and riders not marked attended earn nothing. A draft (nobody signed
    up, and it cannot be finished) may be cancelled at any time."""
    require(actor, PERM_RUN)
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.state not in EDITABLE_STATES:
            raise errors.WrongState(_("Only a draft or published activity can be cancelled."))
        if locked.state == Activity.State.PUBLISHED and selectors.is_over(locked):
            raise errors.WrongState(
                _(
                    "This activity has ended, so it can no longer be cancelled: riders would be told"
                    " that an activity they came to, or missed, did not take place. Finish it instead;"
                    " riders not marked attended earn no points."
                )
            )
        # Under the activity's lock: attendance_record takes it too, so no check-in slips in between.
        checked_in = selectors.checked_in_count(locked)
        if checked_in:
            raise errors.HasCheckins(
                ngettext(
                    "%(n)s rider has checked in, so this activity took place and cannot be cancelled."
                    " Finish it instead (possible once it has started).",
                    "%(n)s riders have checked in, so this activity took place and cannot be cancelled."
                    " Finish it instead (possible once it has started).",
                    checked_in,
                )
                % {"n": checked_in}
            )
        locked.state = Activity.State.CANCELLED
        locked.save(update_fields=["state", "updated_at"])
        audit_record(actor=actor, action=selectors.CANCELLED_ACTION, target=locked, data={"reason": reason})
        context = {**_activity_context(locked), "reason": reason or "-"}
        signed_up = locked.signups.filter(status__in=selectors.SIGNED_UP).select_related("rider")
        for signup in signed_up:
            notify(signup.rider, "volunteers_activity_cancelled", context, link=_activity_link(locked))
    return locked


# --- sign-up and the waitlist -------------------------------------------------------------------


@dataclass
class SignupResult:
    signup: Signup
    position: int | None  # on the waitlist, 1-based; None when registered
    overlaps: list[Activity] = field(default_factory=list)  # other activities of the rider at that time


def signup_create(*, rider: User, activity: Activity) -> SignupResult:
    """Sign up: a place if one is left, else the end of the waitlist. Refusals:
    not_verified, not_published, deadline_passed, team_only, already_signed_up."""
    require(rider, PERM_JOIN)
    if not rider.is_verified:
        raise errors.NotVerified()
    with transaction.atomic():
        member = None
        if activity.team_only:
            # The rider's membership is locked before the activity, as team_leave and team_remove
            # take them (membership, then each activity: signups_give_up): a sign-up at the moment
            # the rider leaves or is taken off either waits and is refused, or is made first and
            # given up with the others. Read unlocked, it could land after their list was read.
            member = _member_locked(rider)
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        _check_open(locked)
        if locked.team_only and not (selectors.is_team_member(rider) if member is None else member):
            raise errors.TeamOnly()
        signup = Signup.objects.select_for_update().filter(activity=locked, rider=rider).first()
        if signup is not None and signup.status != Signup.Status.CANCELLED:
            raise errors.AlreadySignedUp()
        registered = locked.signups.filter(status=Signup.Status.REGISTERED).count()
        status = Signup.Status.REGISTERED if registered < locked.capacity else Signup.Status.WAITLISTED
        if signup is None:
            signup = Signup(activity=locked, rider=rider)
        now = timezone.now()
        # A place today or tomorrow: the confirmation says so (_soon). It is not the reminder: its
        # SMS is the rider's choice (off by default) while the reminder's is on, so a rider who
        # signs up the day before, before the evening run, still gets the reminder by SMS.
        soon = _soon(locked, now) if status == Signup.Status.REGISTERED else ""
        signup.status = status
        signup.queued_at = now
        signup.attendance = Signup.Attendance.UNKNOWN
        signup.reminded_at = None
        signup.save()
        position = selectors.waitlist_position(signup)
        audit_record(actor=rider, action="volunteers.signed_up", target=signup, data={"status": status})
        context = _activity_context(locked)
        if position is None:
            notify(rider, "volunteers_signup_registered", {**context, "soon": soon}, link=_activity_link(locked))
        else:
            notify(rider, "volunteers_signup_waitlisted", {**context, "position": position}, link=_activity_link(locked))
    return SignupResult(signup=signup, position=position, overlaps=selectors.overlapping_activities(rider, locked))


def _member_locked(rider: User) -> bool:
    """Whether the rider is in the team, their membership row locked until the transaction ends
    (waiting for a leaving or removal under way to commit, then reading what it wrote)."""
    return TeamMembership.objects.select_for_update().filter(rider=rider, status=TeamMembership.Status.MEMBER).exists()


# What a rider is told of their own sign-up at an activity: the place, the waitlist, the place
# from the waitlist, the reminder, and the activity's changes while signed up.
SIGNUP_NOTICES = (
    "volunteers_signup_registered",
    "volunteers_signup_waitlisted",
    "volunteers_waitlist_promoted",
    "volunteers_activity_reminder",
    "volunteers_activity_changed",
    "volunteers_activity_points_stopped",
)


def signup_cancel(*, rider: User, activity: Activity) -> Signup:
    """The rider cancels until the activity starts, after the sign-up deadline too: a freed place
    goes to the first on the waitlist, who is told, as the design's waitlist promises. The cut-off
    was the deadline only because this reused _check_open (b738850); a rider who could not give
    their place back kept it empty while others waited. No permission is asked, as for
    party_withdraw: it touches only the actor's own sign-up, and a rider whose role was taken
    away must still be able to give their place back."""
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        signup = Signup.objects.select_for_update().filter(activity=locked, rider=rider).first()
        if signup is None or signup.status == Signup.Status.CANCELLED:
            raise errors.NotSignedUp()
        _check_cancellable(locked)
        if signup.attendance == Signup.Attendance.ATTENDED:
            # Check-in opens an hour before the start, sign-up may stay open until it: a rider who
            # came and was paid stays on the roster.
            raise errors.WrongState(_("You have checked in at this activity: your sign-up can no longer be cancelled."))
        signup.status = Signup.Status.CANCELLED
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["status", "cancelled_at"])
        audit_record(actor=rider, action="volunteers.signup_cancelled", target=signup)
        # Its notices no longer hold (报名成功 … 到场后请出示签到码 for a place given back): read, so
        # the inbox and the home page stop calling them new. The rider is not told again: the page
        # that cancelled says so. A new sign-up sends a new notice.
        notifications_mark_read_about(user=rider, link=_activity_link(locked), of_kinds=SIGNUP_NOTICES)
        _fill_places(locked)
    return signup


def _check_cancellable(activity: Activity) -> None:
    """Why a sign-up can no longer be given back, said as it is: a rider cancels from a page
    opened before staff cancelled or finished the activity or before it started, and "not open
    for sign-up" read as if their cancelling were a new sign-up. Same codes as _check_open: once
    started it is deadline_passed, the deadline of cancelling being the start (selectors.cancel_is_open)."""
    if activity.state == Activity.State.CANCELLED:
        raise errors.NotPublished(
            _("The street office has cancelled this activity: your sign-up no longer holds a place, nothing more to do.")
        )
    if activity.state == Activity.State.FINISHED:
        raise errors.NotPublished(_("This activity is over: your sign-up can no longer be cancelled."))
    if activity.state != Activity.State.PUBLISHED:
        raise errors.NotPublished()
    if not selectors.cancel_is_open(activity):
        raise errors.DeadlinePassed(
            _("This activity started at %(start)s, so your sign-up can no longer be cancelled.")
            % {"start": timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M")}
        )


def _check_open(activity: Activity) -> None:
    if activity.state != Activity.State.PUBLISHED:
        raise errors.NotPublished()
    if timezone.now() > activity.signup_deadline:
        raise errors.DeadlinePassed()


def _fill_places(activity: Activity) -> list[Signup]:
    """Move the waitlist up into free places, first come first served, and tell each
    promoted rider. Runs under the activity's lock. Passed over (left waiting): a rider whose
    account is deleted or closed, and at a team-only activity a rider no longer in the team (who
    could not sign up now: signup_create); signups_give_up cancels theirs, this covers the rest."""
    if activity.state != Activity.State.PUBLISHED:
        return []
    free = activity.capacity - activity.signups.filter(status=Signup.Status.REGISTERED).count()
    if free <= 0:
        return []
    waiting = activity.signups.filter(status=Signup.Status.WAITLISTED, rider__is_active=True)
    if activity.team_only:
        waiting = waiting.filter(rider__team_membership__status=TeamMembership.Status.MEMBER)
    promoted = list(
        # of=("self",): lock the sign-up rows only, not the joined riders and memberships.
        waiting.select_for_update(of=("self",)).select_related("rider").order_by("queued_at", "id")[:free]
    )
    for signup in promoted:
        _promote(signup, activity)
    return promoted


def _promote(signup: Signup, activity: Activity) -> None:
    """A waitlisted rider gets a place and is told; today or tomorrow, the notice says so and is
    their reminder (_soon). Under the activity's and the sign-up's locks."""
    now = timezone.now()
    soon = _soon(activity, now)
    signup.status = Signup.Status.REGISTERED
    if soon:
        signup.reminded_at = now
    signup.save(update_fields=["status", "reminded_at"])
    audit_record(actor=None, action="volunteers.waitlist_promoted", target=signup)
    context = {**_activity_context(activity), "soon": soon}
    notify(signup.rider, "volunteers_waitlist_promoted", context, link=_activity_link(activity))


# --- check-in and attendance --------------------------------------------------------------------


def checkin_token(signup: Signup) -> str:
    """The sign-up's personal check-in code: its id, signed with the site's secret key, so it
    cannot be guessed or made up for another sign-up."""
    return signing.Signer(salt=CHECKIN_SALT).sign(str(signup.pk))


def _signup_from_token(token: str) -> Signup | None:
    try:
        pk = signing.Signer(salt=CHECKIN_SALT).unsign(token.strip())
    except signing.BadSignature:
        return None
    return Signup.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


class CheckinResult:
    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_SIGNED_UP = "not_signed_up"  # a rider of the site without a place (or on the waitlist)
    SIGNUP_CANCELLED = "signup_cancelled"  # the rider cancelled their own sign-up
    UNKNOWN_CODE = "unknown_code"  # neither a check-in code of this site nor a mobile number
    UNKNOWN_PHONE = "unknown_phone"  # a mobile number no rider of the site has
    WRONG_ACTIVITY = "wrong_activity"
    CANCELLED = "cancelled"  # the activity is cancelled
    ALL = (OK, ALREADY_CHECKED_IN, NOT_SIGNED_UP, SIGNUP_CANCELLED, UNKNOWN_CODE, UNKNOWN_PHONE, WRONG_ACTIVITY, CANCELLED)


@dataclass
class Checkin:
    result: str
    signup: Signup | None = None

    @property
    def rider(self) -> User | None:
        return self.signup.rider if self.signup is not None else None


def checkin(*, actor: User, activity: Activity, token: str = "", phone: str = "") -> Checkin:
    """Staff scan a rider's check-in QR (or type their phone number) at the activity."""
    require(actor, PERM_RUN)
    if activity.state == Activity.State.CANCELLED:
        return Checkin(CheckinResult.CANCELLED)
    if token:
        found = _signup_from_token(token)
        if found is None:  # a misread or made-up code
            return Checkin(CheckinResult.UNKNOWN_CODE)
        if found.activity_id != activity.pk:
            # A rider signed up for several activities shows the code of another one: the signed
            # code names the rider as surely as their phone number does, so their sign-up here
            # (if any) is the one checked in. Only a rider without one hears "another activity".
            here = Signup.objects.filter(activity=activity, rider_id=found.rider_id).first()
            if here is None:
                return Checkin(CheckinResult.WRONG_ACTIVITY, found)
            found = here
    else:
        number = normalize_phone(phone)
        if number is None:
            return Checkin(CheckinResult.UNKNOWN_CODE)
        found = Signup.objects.filter(activity=activity, rider__phone=number).first()
        if found is None:
            known = selectors.rider_with_phone(number) is not None
            return Checkin(CheckinResult.NOT_SIGNED_UP if known else CheckinResult.UNKNOWN_PHONE)
    return attendance_record(actor=actor, signup=found, attended=True)


def _check_checkin_window(activity: Activity) -> None:
    """Check-in (and so paying for attendance) is open from an hour before the start until two
    hours after the end, or RECORDING_WINDOW after the start of one entered after it started
    (Activity.checkin_is_open): a refusal that says which side of it we are."""
    now = timezone.now()
    if activity.checkin_is_open(now):
        return
    if activity.checkin_has_closed(now):
        closed = timezone.localtime(activity.checkin_closes_at).strftime("%Y-%m-%d %H:%M")
        if activity.checkin_closes_by_the_start:  # entered after it started
            raise errors.CheckinClosed(
                _("Check-in closed at %(time)s, %(days)s days after the activity started.")
                % {"time": closed, "days": RECORDING_WINDOW.days}
            )
        raise errors.CheckinClosed(_("Check-in closed at %(time)s, two hours after the activity ended.") % {"time": closed})
    opens = timezone.localtime(activity.checkin_opens_at).strftime("%Y-%m-%d %H:%M")
    raise errors.CheckinNotOpen(_("Check-in opens at %(time)s, an hour before the activity starts.") % {"time": opens})


def checkin_walk_in(*, actor: User, activity: Activity, rider: User, over_capacity: bool = False) -> Checkin:
    """A verified rider comes to the activity without a place (never signed up, cancelled, or
    on the waitlist): staff sign them up and check them in, in one step, paid as everyone who
    attends (attendance_record). Into a free place, or over the capacity when staff say so
    (`over_capacity`); the sign-up deadline does not apply at the event. A rider with a place
    is simply checked in."""
    require(actor, PERM_RUN)
    if not selectors.may_join_at_the_event(rider):
        raise errors.NotARider()
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.state == Activity.State.FINISHED:
            raise errors.RosterClosed()
        if locked.state != Activity.State.PUBLISHED:
            raise errors.NotPublished()
        _check_checkin_window(locked)
        if locked.team_only and not selectors.is_team_member(rider):
            raise errors.TeamOnly()
        signup = Signup.objects.select_for_update().filter(activity=locked, rider=rider).first()
        if signup is None or signup.status != Signup.Status.REGISTERED:
            registered = locked.signups.filter(status=Signup.Status.REGISTERED).count()
            if registered >= locked.capacity and not over_capacity:
                raise errors.ActivityFull()
            before = signup.status if signup is not None else ""
            if signup is None:
                signup = Signup(activity=locked, rider=rider, queued_at=timezone.now())
            elif before == Signup.Status.CANCELLED:
                signup.queued_at = timezone.now()
            signup.status = Signup.Status.REGISTERED
            signup.attendance = Signup.Attendance.UNKNOWN
            signup.save()
            audit_record(
                actor=actor,
                action="volunteers.walk_in_signed_up",
                target=signup,
                # The sign-up's state as a change (the trail names both states: 候补 → 已报名) and
                # whether it went over the capacity (a detail label in setup.py).
                data={
                    "changes": {"status": [before or None, Signup.Status.REGISTERED.value]},
                    "over_capacity": registered >= locked.capacity,
                },
            )
        return attendance_record(actor=actor, signup=signup, attended=True)


def attendance_record(*, actor: User, signup: Signup, attended: bool) -> Checkin:
    """Record that a registered rider came (pays the activity's rule once, while check-in is
    open) or did not (pays nothing; once the activity has started, until it is finished: nobody
    is a no-show before anyone could come). A scan, a tick and two staff at once all end in one
    claim; a check-in after a no-show mark still counts."""
    require(actor, PERM_RUN)
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
        if activity.state == Activity.State.FINISHED:
            raise errors.RosterClosed()
        if activity.state == Activity.State.CANCELLED:
            return Checkin(CheckinResult.CANCELLED)
        if activity.state != Activity.State.PUBLISHED:
            raise errors.NotPublished()
        if attended:
            _check_checkin_window(activity)
        elif timezone.now() < activity.starts_at:
            raise errors.NotStartedYet(
                _("The activity has not started yet: a rider can be marked as not come once it has begun.")
            )
        locked = Signup.objects.select_for_update().select_related("rider", "activity").get(pk=signup.pk)
        if locked.status == Signup.Status.CANCELLED:
            return Checkin(CheckinResult.SIGNUP_CANCELLED, locked)
        if locked.status != Signup.Status.REGISTERED:
            return Checkin(CheckinResult.NOT_SIGNED_UP, locked)
        if not attended:
            if locked.attendance == Signup.Attendance.ATTENDED:
                raise errors.WrongState(_("This rider has checked in and has been paid; a check-in cannot be undone."))
            locked.attendance = Signup.Attendance.NO_SHOW
            locked.save(update_fields=["attendance"])
            audit_record(actor=actor, action="volunteers.no_show", target=locked)
            return Checkin(CheckinResult.OK, locked)
        if locked.attendance == Signup.Attendance.ATTENDED:
            return Checkin(CheckinResult.ALREADY_CHECKED_IN, locked)
        if activity.team_only and not selectors.is_team_member(locked.rider):
            # Taken off the team (or left it) while holding a place: refused as a walk-in is
            # (checkin_walk_in), by QR, phone or the roster's tick alike, and not paid.
            raise errors.TeamOnly()
        locked.attendance = Signup.Attendance.ATTENDED
        locked.checked_in_at = timezone.now()
        locked.checked_in_by = actor
        locked.save(update_fields=["attendance", "checked_in_at", "checked_in_by"])
        audit_record(actor=actor, action="volunteers.checked_in", target=locked)
        _pay_attendance(locked, actor=actor)
    return Checkin(CheckinResult.OK, locked)


def _pay_attendance(signup: Signup, *, actor: User) -> None:
    activity = signup.activity
    rule = Rule.objects.get(pk=activity.rule_id)
    if not rule.active:
        # As with compound tips: staff switching a rule off must not block check-in.
        log.info("rule %s is not active: attendance of sign-up %s pays no points", rule.pk, signup.pk)
        return
    claim_create_from_source(
        rider=signup.rider,
        rule=rule,
        source="activity",
        source_ref=signup.claim_ref,
        occurred_at=activity.starts_at,
        quantity=selectors.attendance_quantity(activity, rule),
        description=activity.title,
        approve=True,
        actor=actor,
    )


def rule_switched_off(*, rule: Rule, actor: User) -> int:
    """points.payouts_to_come's subscriber, in rule_save()'s transaction once a street admin has
    switched `rule` off (after confirming what it stops): riders signed up for an activity that
    pays by it were promised its points when they signed up, and check-in now pays none
    (_pay_attendance), so each of them not yet checked in is told. The activities go on. Returns
    how many were told."""
    told = 0
    for activity in selectors.activities_paying_by(rule.pk).filter(state=Activity.State.PUBLISHED):
        waiting = activity.signups.filter(status__in=selectors.SIGNED_UP).exclude(attendance=Signup.Attendance.ATTENDED)
        for signup in waiting.select_related("rider"):
            notify(signup.rider, "volunteers_activity_points_stopped", _activity_context(activity), link=_activity_link(activity))
            told += 1
    return told


# --- reminders ----------------------------------------------------------------------------------


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind registered riders of activities that start tomorrow (Asia/Shanghai), once per
    sign-up: a compare-and-set on `reminded_at` makes a second run send nothing. A rider moved up
    from the waitlist, or whose activity was moved, the day before or on the day, was reminded by
    that notice (_soon)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    due = Signup.objects.filter(
        status=Signup.Status.REGISTERED,
        reminded_at__isnull=True,
        activity__state=Activity.State.PUBLISHED,
        activity__starts_at__gte=start,
        activity__starts_at__lt=start + timedelta(days=1),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            if not Signup.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another run took it
            signup = Signup.objects.select_related("rider", "activity", "activity__venue").get(pk=pk)
            notify(
                signup.rider,
                "volunteers_activity_reminder",
                _activity_context(signup.activity),
                link=_activity_link(signup.activity),
            )
            sent += 1
    return sent
