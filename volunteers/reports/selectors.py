"""Reads of neighbourhood reports: who may see which, "is this the same problem?", the triage
list, overdue, and the public map of resolved reports (never the reporter)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.models import User
from friendlystreet.days import local_day_bounds, local_today
from friendlystreet.names import in_reader_language
from friendlystreet.public_cache import PublicVersion
from friendlystreet.queues import next_in_queue
from points.models import Claim, Rule
from points.selectors import Award, expected_awards
from venues.models import Venue
from venues.selectors import bounding_box, distance_expression

from ..models import GridAppointment, MeToo, ReplyTemplate, Report, ReportCategory, ReportUpdate

PERM_SUBMIT = "volunteers.submit_report"
PERM_TRIAGE = "volunteers.triage_reports"
# Reply templates: Django's own model permissions, given to street admins (volunteers/setup.py).
PERM_ADD_TEMPLATE = "volunteers.add_replytemplate"
PERM_CHANGE_TEMPLATE = "volunteers.change_replytemplate"

NEARBY_METRES = 200
PUBLIC_DECIMALS = 3  # the public map rounds places to 0.001° (about 100 m)
PUBLIC_DAYS = 365  # the public map shows a year of resolved problems
# Bumped by every change of a report's state or place (services.report_transition, the
# anonymisation of a rider's reports).
RESOLVED_MAP = PublicVersion("reports")


def response_deadline(now: datetime | None = None) -> datetime:
    """Reports submitted before this moment and still unanswered are overdue."""
    return (now or timezone.now()) - timedelta(hours=settings.REPORT_RESPONSE_HOURS)


# Overdue: still 已提交, never answered, and past the response time (REPORT_RESPONSE_HOURS, what
# the reporter's page promises: "the street office aims to answer within 48 hours"). Answered is
# `responded_at`, the first thing staff told the reporter: a move (accepted, rejected, duplicate)
# or a progress update that keeps the state (services.report_post_update: "已转交社区，周三前答复"
# answers too). A report answered and not yet accepted stays new (已提交, a decision still to
# make) but is no longer overdue. overdue_q and is_overdue are this one rule, for a query and
# for a report in hand (no query: its detail page, the API's rows).


def overdue_q(now: datetime | None = None) -> Q:
    return Q(status=Report.Status.SUBMITTED, responded_at__isnull=True, created_at__lt=response_deadline(now))


def is_overdue(report: Report, now: datetime | None = None) -> bool:
    return report.status == Report.Status.SUBMITTED and report.responded_at is None and report.created_at < response_deadline(now)


def overdue_count(now: datetime | None = None) -> int:
    return Report.objects.filter(overdue_q(now)).count()


def new_count() -> int:
    """Reports still 已提交, answered or not: each waits for staff to accept or reject it (the
    dashboard's card opens ?status=submitted, the list of exactly these)."""
    return Report.objects.filter(status=Report.Status.SUBMITTED).count()


def grid_member_q(prefix: str = "reporter") -> Q:
    """The reporter holds a current micro-grid appointment."""
    return Q(Exists(GridAppointment.objects.filter(rider_id=OuterRef(f"{prefix}_id"), ended_on__isnull=True)))


GRID_RULE = Rule.REPORT_ACCEPTED_GRID  # a micro-grid member's accepted report (volunteers 0003)


def acceptance_rule(rider: User) -> Rule | None:
    """The rule an accepted report of `rider` pays by: a current micro-grid member's own rule
    while it is active, else the ordinary one; None when staff switched it off (acceptance goes
    on and pays nothing). The one choice for the payout (services._pay_acceptance), the report
    form's "受理后可得 N 积分" and How to earn's "the rule for you": one query."""
    ordinary = Rule.objects.filter(code=Rule.REPORT_ACCEPTED, active=True)
    grid = Rule.objects.filter(code=GRID_RULE, active=True).filter(
        Exists(GridAppointment.objects.filter(rider_id=rider.pk, ended_on__isnull=True))
    )
    rules = {rule.code: rule for rule in ordinary | grid}
    return rules.get(GRID_RULE) or rules.get(Rule.REPORT_ACCEPTED)


def acceptance_award(rider: User, rule: Rule) -> Award:
    """What accepting a report `rider` sends now would pay them by `rule` (acceptance_rule()):
    its points cut by its daily and monthly caps after what the rider has earned by it today and
    this month, by the points app's one cap computation (expected_awards(), as the claim list's
    "expected +N" and a compound tip's points say it); the payout applies the same caps to the
    report's day and month. An estimate: another report of theirs accepted first may use the cap.
    No query when the rule has no cap."""
    sent_now = Claim(rider_id=rider.pk, rule=rule, quantity=Decimal(1), occurred_at=timezone.now(), status=Claim.Status.PENDING)
    return expected_awards([sent_now])[None]


def with_counts(queryset: QuerySet[Report]) -> QuerySet[Report]:
    return queryset.annotate(me_too_count=Count("me_toos", distinct=True))


def visible_to(user: User) -> QuerySet[Report]:
    """Staff who triage see every report; a rider only their own."""
    queryset = with_counts(Report.objects.select_related("community", "duplicate_of", "venue"))
    if user.is_authenticated and user.has_perm(PERM_TRIAGE):
        return queryset.select_related("reporter", "assigned_to")
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(reporter=user)


def report_for(user: User, pk: int) -> Report | None:
    return visible_to(user).filter(pk=pk).first()


def known_to_rider_q(rider: User) -> Q:
    """The reports a rider may know of: their own, the open ones with a pin that "is this the
    same problem?" shows every rider (nearby_open: any category, any place they put the pin),
    and those they said "me too" on (their list, me_toos_of). No page or list shows them any
    other: someone else's closed report, or one placed by an address alone. Those are 404 to
    them by number, as report_detail answers (no hint that it exists)."""
    return (
        Q(reporter=rider)
        | Q(status__in=Report.OPEN, lat__isnull=False)
        | Q(Exists(MeToo.objects.filter(report=OuterRef("pk"), rider=rider)))
    )


def report_known_to_rider(rider: User, pk: int) -> Report | None:
    """The report numbered `pk` if the rider may know of it (known_to_rider_q), else None."""
    return Report.objects.filter(known_to_rider_q(rider), pk=pk).first()


def updates_of(report: Report, *, with_authors: bool = False) -> list[ReportUpdate]:
    """The report's updates, oldest first, each with `is_progress` (marked_progress)."""
    queryset = report.updates.all()
    if with_authors:
        queryset = queryset.select_related("author")
    return marked_progress(queryset)


def marked_progress(updates: Iterable[ReportUpdate]) -> list[ReportUpdate]:
    """A report's updates, oldest first, each with `is_progress`: a progress note staff posted
    without changing the state (services.report_post_update). TRANSITIONS never moves a report
    to the state it is in, so an update in the same state as the one before is such a note."""
    updates = list(updates)
    previous = None
    for update in updates:
        update.is_progress = previous is not None and update.status == previous
        previous = update.status
    return updates


def reports_of(rider: User) -> QuerySet[Report]:
    """The rider's reports, newest first, each with `latest_note`: the last thing the street
    office wrote to them ("" before any answer), which their list shows under the state."""
    latest_note = (
        ReportUpdate.objects.filter(report=OuterRef("pk")).exclude(note="").order_by("-created_at", "-id").values("note")[:1]
    )
    return (
        with_counts(Report.objects.filter(reporter=rider).select_related("community"))
        .annotate(latest_note=Coalesce(Subquery(latest_note), Value(""), output_field=TextField()))
        .order_by("-created_at", "-id")
    )


ME_TOO_SHOWN = 20  # the rider's "problems I also saw", newest first


def me_toos_of(rider: User) -> list[Report]:
    """The reports the rider said "me too" on, newest "me too" first, for their list of reports:
    each with `me_too_at` and `final_note`, what the street office wrote when it resolved or
    rejected it ("" before that). Never who reported it or their photos: the rider reads the
    state and the street office's last word, as the reporter does, and nothing of the reporter."""
    final_note = (
        ReportUpdate.objects.filter(report=OuterRef("pk"), status__in=(Report.Status.RESOLVED, Report.Status.REJECTED))
        .exclude(note="")
        .order_by("-created_at", "-id")
        .values("note")[:1]
    )
    mine = MeToo.objects.filter(report=OuterRef("pk"), rider=rider).values("created_at")[:1]
    return list(
        Report.objects.filter(me_toos__rider=rider)
        .select_related("community")
        .annotate(me_too_at=Subquery(mine), final_note=Coalesce(Subquery(final_note), Value(""), output_field=TextField()))
        .order_by("-me_too_at", "-id")[:ME_TOO_SHOWN]
    )


def venue_to_report(pk: int | None) -> Venue | None:
    """The venue a "wrong venue information" report is about (the form's `?venue=`): one on
    the map, else None (the form is then the plain one)."""
    if pk is None:
        return None
    return Venue.objects.select_related("community").filter(pk=pk, active=True).first()


def nearby_open(*, category: str, lat: float, lng: float, radius: float = NEARBY_METRES) -> QuerySet[Report]:
    """Open reports of this category within `radius` metres, nearest first, with `distance_m`
    and `me_too_count`: what the form shows before a rider files the same problem again."""
    return with_counts(
        Report.objects.filter(category=category, status__in=Report.OPEN, lat__isnull=False)
        .filter(bounding_box(lat, lng, radius))
        .annotate(distance_m=distance_expression(lat, lng))
        .filter(distance_m__lte=radius)
    ).order_by("distance_m", "id")


# The list's order: overdue first, then more me-toos, then the oldest (triage); "save and next" too.
TRIAGE_ORDER = ("-overdue", "-me_too_count", "created_at")


@dataclass(frozen=True)
class TriageFilters:
    status: str = ""
    category: str = ""
    community: int | None = None
    overdue: bool = False
    grid_only: bool = False
    assigned_to: int | None = None


def triage(filters: TriageFilters, *, now: datetime | None = None) -> QuerySet[Report]:
    """The staff list: open reports by default. Overdue ones first (unanswered past the response
    time, overdue_q: a blocked fire lane nobody answered must not wait below reports already in
    hand), then more me-toos rise, then the oldest first. Each row carries `overdue`."""
    queryset = with_counts(Report.objects.select_related("reporter", "community", "assigned_to", "venue"))
    queryset = queryset.annotate(reporter_is_grid=grid_member_q(), overdue=overdue_q(now))
    # Open reports unless a state is asked for.
    queryset = queryset.filter(status=filters.status) if filters.status else queryset.filter(status__in=Report.OPEN)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.community:
        queryset = queryset.filter(community_id=filters.community)
    if filters.overdue:
        queryset = queryset.filter(overdue_q(now))
    if filters.grid_only:
        queryset = queryset.filter(reporter_is_grid=True)
    if filters.assigned_to:
        queryset = queryset.filter(assigned_to_id=filters.assigned_to)
    return queryset.order_by(*TRIAGE_ORDER, "id")


@dataclass(frozen=True)
class TriagePlace:
    """Where a report stood in the list when staff answered it (an answer moves an overdue one
    down): "save and next" goes on from there."""

    pk: int
    overdue: bool
    me_too_count: int
    created_at: datetime


def triage_place(report: Report, now: datetime | None = None) -> TriagePlace:
    """The report's place in the list now; `report` as report_for() reads it (with its me-toos)."""
    return TriagePlace(report.pk, is_overdue(report, now), report.me_too_count, report.created_at)


def next_report_id(*, reviewer: User, after: TriagePlace, filters: TriageFilters, now: datetime | None = None) -> int | None:
    """The report staff open after answering the one at `after` ("save and next"): the next open
    one of the same filtered list, in its order, going round to the top, as the claims queue
    does. A report this reviewer answered today is not offered again: an answered report stays
    in an open list (accepted, in progress), and one that was overdue moves down below the one
    being answered, where "next" would meet it a second time."""
    now = now or timezone.now()
    start = local_day_bounds(now)[0]
    answered = ReportUpdate.objects.filter(report_id=OuterRef("pk"), author_id=reviewer.pk, created_at__gte=start)
    waiting = triage(filters, now=now).filter(status__in=Report.OPEN).exclude(Exists(answered))
    return next_in_queue(waiting, after=after, order=TRIAGE_ORDER)


def reply_templates(*, category: str, status: str = "") -> QuerySet[ReplyTemplate]:
    """Templates for this category (and for any), for this move (and for any)."""
    return (
        ReplyTemplate.objects.filter(active=True)
        .filter(Q(category=category) | Q(category=""))
        .filter(Q(status=status) | Q(status=""))
    )


def can_manage_templates(user: User) -> bool:
    return user.is_authenticated and user.has_perm(PERM_CHANGE_TEMPLATE)


def reply_templates_for_staff(*, category: str = "") -> list[tuple[str, str, list[ReplyTemplate]]]:
    """The staff list, inactive ones too, grouped as (category, its label, templates): the
    templates for every category first, then each category in its choices' order. With
    `category`, that category's group and the general one: what its reports are offered."""
    queryset = ReplyTemplate.objects.order_by("status", "title", "id")
    if category:
        queryset = queryset.filter(Q(category=category) | Q(category=""))
    by_category: dict[str, list[ReplyTemplate]] = {}
    for template in queryset:
        by_category.setdefault(template.category, []).append(template)
    order = [("", _("For every category")), *ReportCategory.choices]
    return [(code, label, by_category[code]) for code, label in order if code in by_category]


def triage_staff() -> QuerySet[User]:
    """Staff a report can be assigned to."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename="triage_reports", groups__permissions__content_type__app_label="volunteers")
            | Q(is_superuser=True)
        )
        .distinct()
        .order_by("username")
    )


def public_resolved() -> list[dict]:
    """The public page: reports resolved in the last PUBLIC_DAYS, as category, place rounded to
    about 100 m (on the map; the table names the community), and dates. A report placed by an
    address alone has no place here (lat and lng None): it is in the table, not on the map.
    Never the reporter, the description, the address or the photos. The same for everyone: kept
    in the public cache until a report changes state."""
    language = get_language()
    today = local_today()
    # The key names the rows' shape (since unpinned reports: places may be None), so that rows
    # cached in the shape before are never read as these.
    return RESOLVED_MAP.remember(("resolved-with-unpinned", language, today), lambda: _public_resolved(today), seconds=300)


def resolved_by_community(rows: list[dict]) -> list[tuple[int, str, int]]:
    """The communities with resolved problems among `rows` (public_resolved), as (id, name,
    how many), by name: the public page's choice of one community."""
    counts: dict[int, list] = {}
    for row in rows:
        if row.get("community_id"):
            counts.setdefault(row["community_id"], [row["community"], 0])[1] += 1
    return sorted(((pk, name, n) for pk, (name, n) in counts.items()), key=lambda c: (c[1], c[0]))


def _public_resolved(today) -> list[dict]:
    since = timezone.make_aware(datetime.combine(today - timedelta(days=PUBLIC_DAYS), datetime.min.time()))
    rows = (
        Report.objects.filter(status=Report.Status.RESOLVED, resolved_at__gte=since)
        .values_list(
            *("id", "category", "lat", "lng", "created_at", "resolved_at"),
            *("community_id", "community__name", "community__name_en"),
        )
        .order_by("-resolved_at", "-id")
    )
    labels = dict(Report._meta.get_field("category").choices)
    return [
        {
            "category": category,
            "category_name": str(labels.get(category, category)),
            "lat": round(lat, PUBLIC_DECIMALS) if lat is not None else None,
            "lng": round(lng, PUBLIC_DECIMALS) if lng is not None else None,
            "community_id": community_id,
            "community": in_reader_language(community or "", community_en),
            "reported_on": timezone.localdate(created),
            "resolved_on": timezone.localdate(resolved) if resolved else None,
        }
        for _pk, category, lat, lng, created, resolved, community_id, community, community_en in rows
    ]
