"""Reads of the volunteers app: activities with their places, a rider's sign-ups, badges,
and the volunteer record (computed from attendance and the points claims, never stored)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts import roles
from friendlystreet.accounts.badges import Badge
from friendlystreet.accounts.badges import attach_badges as attach_badges
from friendlystreet.accounts.models import User
from friendlystreet.audit.models import AuditEntry
from points.models import Claim, Rule
from points.payouts_to_come import Payout, PayoutsToCome
from points.selectors import points_for

from .models import (
    CHECKIN_CLOSES_AFTER,
    RECORDING_WINDOW,
    Activity,
    GridAppointment,
    PartyDeclaration,
    RiderProfile,
    Signup,
    TeamMembership,
)

# The rules other apps pay by (an accepted report, an approved compound tip): an activity paying by
# one would read as 治理线索被采纳 on the riders' passbooks. Attendance's own rule and the rules
# staff made are what activities pay by.
OTHER_PAYOUTS = tuple(code for code in Rule.SYSTEM_CODES if code != Rule.ACTIVITY_ATTENDANCE)


def activity_rules(*, current: int | None = None) -> QuerySet[Rule]:
    """The rules an activity may pay by (the staff form's and the API's choice): active, not
    another app's payout; and the activity's own `current` rule even if switched off since."""
    return Rule.objects.filter((Q(active=True) & ~Q(code__in=OTHER_PAYOUTS)) | Q(pk=current))


PERM_JOIN = "volunteers.join_activities"
PERM_RUN = "volunteers.run_activities"
PERM_MANAGE = "volunteers.manage_volunteers"

SIGNED_UP = (Signup.Status.REGISTERED, Signup.Status.WAITLISTED)

PARTY = Badge("party_member", _("Party member"))
GRID = Badge("grid_member", _("Micro-grid member"))
TEAM = Badge("team_member", _("Volunteer team"))


def profile_of(rider: User) -> RiderProfile:
    profile, _created = RiderProfile.objects.get_or_create(rider=rider)
    return profile


def is_team_member(rider: User) -> bool:
    return TeamMembership.objects.filter(rider=rider, status=TeamMembership.Status.MEMBER).exists()


# --- activities ---------------------------------------------------------------------------------


def with_places(queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    """Annotate `registered_count` and `waitlist_length` (one query with the list)."""
    return queryset.annotate(
        registered_count=Count("signups", filter=Q(signups__status=Signup.Status.REGISTERED)),
        waitlist_length=Count("signups", filter=Q(signups__status=Signup.Status.WAITLISTED)),
    )


def places_left(activity: Activity) -> int:
    return max(0, activity.capacity - activity.registered_count)


def over_capacity(activity: Activity) -> int:
    """How many riders hold a place beyond the capacity: walk-ins staff signed up over it at
    the event (services.checkin_walk_in); the capacity cannot be set below the sign-ups."""
    return max(0, activity.registered_count - activity.capacity)


# The states in which staff have closed an activity, whatever the clock says.
CLOSED_STATES = (Activity.State.FINISHED, Activity.State.CANCELLED)


def still_to_come(now: datetime | None = None) -> Q:
    """What "not over yet" means for an activity: not closed or cancelled by staff and not past
    its end (one under way still counts)."""
    return Q(ends_at__gt=now or timezone.now()) & ~Q(state__in=CLOSED_STATES)


def is_over(activity: Activity, now: datetime | None = None) -> bool:
    """still_to_come's rule, negated, for one activity in hand (its two parts: CLOSED_STATES and
    the end): a published one staff have not finished yet is over for riders all the same."""
    return activity.state in CLOSED_STATES or activity.ends_at <= (now or timezone.now())


def cancel_is_open(activity: Activity, now: datetime | None = None) -> bool:
    """Whether a rider may still give their sign-up back: a published activity until it starts,
    past the sign-up deadline too, so that the place goes to the next rider waiting instead of
    staying empty. The page shows the button by it and services.signup_cancel refuses by it."""
    return activity.state == Activity.State.PUBLISHED and (now or timezone.now()) < activity.starts_at


def live_signups(rider: User, *, team_only: bool = False, now: datetime | None = None) -> QuerySet[Signup]:
    """The rider's places and waitlist spots still to use: registered or waitlisted at a
    published activity that has not started, not checked in. What leaving the team (its
    team-only activities) or deleting the account gives up (services.signups_give_up)."""
    live = Signup.objects.filter(
        rider=rider,
        status__in=SIGNED_UP,
        activity__state=Activity.State.PUBLISHED,
        activity__starts_at__gt=now or timezone.now(),
    ).exclude(attendance=Signup.Attendance.ATTENDED)
    return live.filter(activity__team_only=True) if team_only else live


def checkin_closed(activity: Activity, now: datetime | None = None) -> bool:
    """Whether nobody can be checked in at the activity any more (or, a draft, yet): the check-in
    page then says why instead of its form, and staff pages link the roster instead of it.
    Still to open counts as open (the page says when)."""
    return activity.state != Activity.State.PUBLISHED or activity.checkin_has_closed(now)


CANCELLED_ACTION = "volunteers.activity_cancelled"


def cancel_reason(activity: Activity) -> str:
    """The reason staff gave for cancelling the activity ("" if none, or not cancelled). It is
    kept where services.activity_cancel writes it, on the cancellation's audit entry (the
    activity has no field for it): one place, no copy. One query, for a cancelled activity only."""
    if activity.state != Activity.State.CANCELLED:
        return ""
    data = (
        AuditEntry.objects.filter(action=CANCELLED_ACTION, target_type=Activity._meta.label_lower, target_id=str(activity.pk))
        .order_by("-id")
        .values_list("data", flat=True)
        .first()
    )
    return (data or {}).get("reason", "")


def upcoming_activities(*, now: datetime | None = None) -> QuerySet[Activity]:
    """Published activities that have not ended, soonest first (what riders browse), with
    their rule (the points each card names)."""
    return with_places(
        Activity.objects.filter(still_to_come(now), state=Activity.State.PUBLISHED).select_related("venue", "rule")
    ).order_by("starts_at", "id")


def activities_of(rider: User, *, now: datetime | None = None) -> QuerySet[Activity]:
    """Activities the rider is registered or waitlisted for, soonest first, each with `is_over`
    (see still_to_come)."""
    return with_places(
        Activity.objects.filter(Exists(Signup.objects.filter(activity=OuterRef("pk"), rider=rider, status__in=SIGNED_UP)))
        .annotate(is_over=ExpressionWrapper(~still_to_come(now), output_field=BooleanField()))
        .select_related("venue", "rule")
    ).order_by("starts_at", "id")


def staff_activities(*, state: str = "", now: datetime | None = None) -> QuerySet[Activity]:
    """Staff's list of activities (the page and the API's ?state=): those still to come first,
    soonest first, so the next one leads; then the others (over, finished or cancelled), latest
    first. Latest first throughout put next week's activity above tomorrow's, and tomorrow's
    third on the list."""
    queryset = Activity.objects.select_related("venue", "rule")
    if state:
        queryset = queryset.filter(state=state)
    to_come = still_to_come(now)
    return with_places(queryset).order_by(
        Case(When(to_come, then=Value(0)), default=Value(1)),
        Case(When(to_come, then=F("starts_at"))).asc(),  # null for the others: the next key orders them
        F("starts_at").desc(),
        "id",
    )


def activities_paying_by(rule_id: int, *, now: datetime | None = None) -> QuerySet[Activity]:
    """The activities that may still pay their attendance by the rule, soonest first, with their
    places: drafts (they pay once published) and published ones whose check-in has not closed
    (services.attendance_record pays until two hours after the end). What switching the rule off
    stops: the rules page lists them first (payouts_by_rule), and their riders are told
    (services.rule_switched_off)."""
    now = now or timezone.now()
    # Activity.checkin_closes_at: two hours after the end, or RECORDING_WINDOW after the start of
    # one entered after it started.
    open_yet = Q(ends_at__gt=now - CHECKIN_CLOSES_AFTER) | Q(recorded_after_start=True, starts_at__gt=now - RECORDING_WINDOW)
    return with_places(
        Activity.objects.filter(open_yet, rule_id=rule_id, state__in=(Activity.State.DRAFT, Activity.State.PUBLISHED))
    ).order_by("starts_at", "id")


def payouts_by_rule(rule: Rule) -> PayoutsToCome | None:
    """points.payouts_to_come's finder: the activities still paying by `rule`, each with its date
    and roster, and what switching the rule off does to their riders' points (one query)."""
    activities = list(activities_paying_by(rule.pk))
    if not activities:
        return None
    payouts = [
        Payout(
            title=activity.label(),
            when=activity.starts_at,
            url=reverse("volunteers:staff_activity_roster", args=[activity.pk]),
            detail=ngettext("%(state)s, %(n)s rider signed up", "%(state)s, %(n)s riders signed up", activity.registered_count)
            % {"state": activity.get_state_display(), "n": activity.registered_count},
        )
        for activity in activities
    ]
    stopped = ngettext(
        "%(n)s activity not over yet pays its attendance by this rule. Switched off, riders who check in at it "
        "get no points for it, not even if the rule is switched on again later (riders already checked in keep "
        "theirs); the riders signed up are told.",
        "%(n)s activities not over yet pay their attendance by this rule. Switched off, riders who check in at "
        "them get no points for it, not even if the rule is switched on again later (riders already checked in "
        "keep theirs); the riders signed up are told.",
        len(payouts),
    ) % {"n": len(payouts)}
    return PayoutsToCome(payouts=payouts, stopped=stopped)


def attendance_quantity(activity: Activity, rule: Rule) -> Decimal:
    """What attending counts as under its rule: the activity's hours for a per-hour rule, else once."""
    return Decimal(activity.hours) if rule.per_hour else Decimal(1)


def attendance_points(activity: Activity) -> int:
    """The points attending pays by the activity's rule as it is now (0 when the rule is off);
    what staff are told before they record it. A cap of the rule may still lower it."""
    rule = activity.rule
    if not rule.active:
        return 0
    return points_for(rule, attendance_quantity(activity, rule))


@dataclass(frozen=True)
class PointsOffer:
    """What attending an activity pays, as riders and staff are told it before they take part."""

    points: int  # for this activity (a cap of the rule may still lower it)
    per_hour: int | None = None  # the rule's points an hour, for a per-hour rule

    @property
    def text(self) -> str:
        if self.per_hour is not None:
            return gettext("%(rate)s points an hour, about %(points)s points this time") % {
                "rate": self.per_hour,
                "points": self.points,
            }
        return gettext("Attending earns %(points)s points") % {"points": self.points}

    def __str__(self) -> str:
        return self.text


def attendance_offer(activity: Activity) -> PointsOffer | None:
    """What attending pays (attendance_points), with the hourly rate of a per-hour rule; None
    when it pays nothing (the rule is switched off), so pages promise nothing."""
    points = attendance_points(activity)
    if not points:
        return None
    rule = activity.rule
    return PointsOffer(points=points, per_hour=rule.points if rule.per_hour else None)


def checked_in_count(activity: Activity) -> int:
    """How many riders have checked in (and been paid): an activity with any cannot be cancelled."""
    return activity.signups.filter(attendance=Signup.Attendance.ATTENDED).count()


def attendance_paid(signups: list[Signup]) -> dict[int, int]:
    """What each checked-in sign-up was paid, by its id: its attendance claim's points (a cap of
    the rule may have lowered them, to 0 too). A sign-up not in it was paid nothing: the rule was
    switched off when it checked in (services._pay_attendance)."""
    refs = {signup.claim_ref: signup.pk for signup in signups}
    paid = Claim.objects.filter(
        source=Claim.Source.ACTIVITY, status=Claim.Status.APPROVED, source_ref__in=list(refs)
    ).values_list("source_ref", "points")
    return {refs[ref]: points or 0 for ref, points in paid}


def counted_attendance(prefix: str = "", now: datetime | None = None) -> Q:
    """The attendance (of Signup; `prefix` from another model, "rider__signups__") a volunteer
    record counts: checked in, at an activity that was not cancelled (one cancelled before
    services.activity_cancel refused that may still hold check-ins) and has ended (its end has
    passed, or staff finished it). Check-in opens an hour before the start, so a rider checked in
    is not yet a rider who served: the record (the rider's page, the public check, the API) does
    not certify hours still to come."""
    now = now or timezone.now()
    ended = Q(**{f"{prefix}activity__ends_at__lte": now}) | Q(**{f"{prefix}activity__state": Activity.State.FINISHED})
    return checked_in(prefix) & ended


def checked_in(prefix: str = "") -> Q:
    """Checked in at an activity not cancelled: counted_attendance once the activity has ended
    (is_over, for one in hand), before that what the record page says is still to count."""
    return Q(**{f"{prefix}attendance": Signup.Attendance.ATTENDED}) & ~Q(**{f"{prefix}activity__state": Activity.State.CANCELLED})


def rider_with_phone(phone: str) -> User | None:
    """The active rider of this (normalised) phone number, if any."""
    return User.objects.filter(phone=phone, groups__name=roles.RIDER, is_active=True).first() if phone else None


def may_join_at_the_event(rider: User | None) -> bool:
    """A rider staff may sign up on the spot (services.checkin_walk_in): an active, verified
    rider who may join activities."""
    return bool(rider and rider.is_active and rider.is_verified and rider.has_perm(PERM_JOIN))


def activity_with_places(pk: int) -> Activity:
    return with_places(Activity.objects.select_related("venue", "rule")).get(pk=pk)


def signup_of(rider: User, activity: Activity) -> Signup | None:
    if not rider.is_authenticated:
        return None
    return Signup.objects.filter(activity=activity, rider=rider).exclude(status=Signup.Status.CANCELLED).first()


def waitlist_position(signup: Signup) -> int | None:
    """1-based place on the waitlist, or None if the sign-up is not waitlisted."""
    if signup.status != Signup.Status.WAITLISTED:
        return None
    ahead = Signup.objects.filter(activity_id=signup.activity_id, status=Signup.Status.WAITLISTED).filter(
        Q(queued_at__lt=signup.queued_at) | Q(queued_at=signup.queued_at, id__lt=signup.pk)
    )
    return ahead.count() + 1


def overlapping_activities(rider: User, activity: Activity) -> list[Activity]:
    """Other activities the rider signed up for that overlap this one in time (a warning)."""
    return list(
        Activity.objects.filter(
            signups__rider=rider,
            signups__status__in=SIGNED_UP,
            starts_at__lt=activity.ends_at,
            ends_at__gt=activity.starts_at,
        )
        .exclude(pk=activity.pk)
        .exclude(state=Activity.State.CANCELLED)
        .distinct()
    )


def roster(activity: Activity) -> list[Signup]:
    """Everyone signed up, registered first then the waitlist in order, with badges."""
    signups = list(
        activity.signups.filter(status__in=SIGNED_UP)
        .select_related("rider")
        .order_by("status", "queued_at", "id")  # "registered" < "waitlisted"
    )
    attach_badges([s.rider for s in signups])
    return signups


# --- badges -------------------------------------------------------------------------------------


def badges_by_user(user_ids: list[int]) -> dict[int, list[Badge]]:
    """The volunteer badges of these users in three queries: the team, a current micro-grid
    appointment, and the party badge — only while its consent stands and staff confirmed it
    (a withdrawn declaration no longer exists, so nothing can show it)."""
    ids = list({pk for pk in user_ids if pk})
    found: dict[int, list[Badge]] = {pk: [] for pk in ids}
    if not ids:
        return found
    team = set(
        TeamMembership.objects.filter(rider_id__in=ids, status=TeamMembership.Status.MEMBER).values_list("rider_id", flat=True)
    )
    grid = set(GridAppointment.objects.filter(rider_id__in=ids, ended_on__isnull=True).values_list("rider_id", flat=True))
    party = set(PartyDeclaration.objects.filter(rider_id__in=ids, confirmed_at__isnull=False).values_list("rider_id", flat=True))
    for pk in ids:
        if pk in party:
            found[pk].append(PARTY)
        if pk in grid:
            found[pk].append(GRID)
        if pk in team:
            found[pk].append(TEAM)
    return found


# --- the volunteer record -----------------------------------------------------------------------


@dataclass
class VolunteerRecord:
    rider: User
    code: str
    attended: list[Activity] = field(default_factory=list)
    hours: Decimal = Decimal("0")
    points: int = 0
    team_joined_at: datetime | None = None
    grid: GridAppointment | None = None
    grid_history: list[GridAppointment] = field(default_factory=list)
    # Checked in at an activity not yet ended: not on the record, which counts it once it has.
    pending: list[Activity] = field(default_factory=list)

    @property
    def has_service(self) -> bool:
        """Something to certify: an activity attended, or a current micro-grid appointment
        (which its honour certificate, checked by the same code, attests). A record of nothing
        is not issued: no certificate, no code that confirms it."""
        return bool(self.attended) or self.grid is not None


def record_is_issued(record: VolunteerRecord) -> bool:
    """The street office issues the record (its title, the code and the public check) to a
    verified rider with service to certify; the rider's page and the public check both ask here."""
    return record.rider.is_verified and record.has_service


def volunteer_record(rider: User) -> VolunteerRecord:
    """Activities attended and ended (with dates and hours), total hours, points earned by attending
    them, team membership and micro-grid appointments: all computed from the sign-ups, the
    claims and the appointments on each call. Only counted_attendance() counts, and only the
    points of that attendance."""
    profile = profile_of(rider)
    # One query for the check-ins, split by counted_attendance's rule for ones in hand (the
    # cancelled left out by both): the ended count, the others are pending.
    now = timezone.now()
    checked = list(
        Signup.objects.filter(checked_in(), rider=rider)
        .select_related("activity__venue")
        .order_by("activity__starts_at", "activity_id")
    )
    signups = [signup for signup in checked if is_over(signup.activity, now)]
    attended = [signup.activity for signup in signups]
    points = (
        Claim.objects.filter(
            rider=rider,
            source=Claim.Source.ACTIVITY,
            status=Claim.Status.APPROVED,
            source_ref__in=[signup.claim_ref for signup in signups],
        ).aggregate(total=Sum("points"))["total"]
        or 0
    )
    membership = TeamMembership.objects.filter(rider=rider, status=TeamMembership.Status.MEMBER).first()
    appointments = list(GridAppointment.objects.filter(rider=rider))
    return VolunteerRecord(
        rider=rider,
        code=profile.record_code,
        attended=attended,
        hours=sum((a.hours for a in attended), Decimal("0")),
        points=points,
        team_joined_at=membership.joined_at if membership else None,
        grid=next((a for a in appointments if a.current), None),
        grid_history=appointments,
        pending=[signup.activity for signup in checked if not is_over(signup.activity, now)],
    )


def record_by_code(code: str) -> VolunteerRecord | None:
    """The record a public check confirms: only an issued record of an active rider (an
    unverified rider's code, or the code of a record with nothing in it, confirms nothing)."""
    profile = RiderProfile.objects.select_related("rider").filter(record_code=code.strip().upper()).first()
    if profile is None or not profile.rider.is_active or not profile.rider.is_verified:
        return None
    found = volunteer_record(profile.rider)
    return found if record_is_issued(found) else None


# --- staff lists --------------------------------------------------------------------------------


def team_requests() -> QuerySet[TeamMembership]:
    return (
        TeamMembership.objects.filter(status=TeamMembership.Status.REQUESTED)
        .select_related("rider")
        .order_by("requested_at", "id")
    )


def team_members() -> QuerySet[TeamMembership]:
    return (
        TeamMembership.objects.filter(status=TeamMembership.Status.MEMBER)
        .select_related("rider", "rider__volunteer_profile")
        .annotate(attended=Count("rider__signups", filter=counted_attendance("rider__signups__")))
        .order_by("joined_at", "id")
    )


def grid_members() -> QuerySet[GridAppointment]:
    return GridAppointment.objects.filter(ended_on__isnull=True).select_related("rider").order_by("appointed_on", "id")


def party_declarations_to_confirm() -> QuerySet[PartyDeclaration]:
    """Declarations staff have not confirmed yet (all of them consented: a row exists only with consent)."""
    return PartyDeclaration.objects.filter(confirmed_at__isnull=True).select_related("rider").order_by("consented_at", "id")


# --- the profile page's panel -------------------------------------------------------------------


def profile_panel(request) -> dict | None:
    """The volunteer side of /profile/ (friendlystreet.pages.panels): badges, the team,
    the micro-grid appointment and the party declaration, for riders only."""
    user = request.user
    if not user.has_perm(PERM_JOIN):
        return None
    attach_badges([user])
    return {
        "profile": profile_of(user),
        "badges": user.badges,
        "membership": TeamMembership.objects.filter(rider=user).first(),
        "grid": GridAppointment.objects.filter(rider=user, ended_on__isnull=True).first(),
        "declaration": PartyDeclaration.objects.filter(rider=user).first(),
    }
