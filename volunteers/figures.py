"""The volunteers app's part of the staff dashboard (friendlystreet.dashboard.registry):
activities, sign-ups, attendance and volunteer hours; neighbourhood reports with the median
times to acceptance and resolution; the chart of reports by state and category; the riders'
home community (which splits every rider figure by community); today's activities as a line
of today's work.

Definitions (in the period, Asia/Shanghai days):
- activities_held: activities that started in the period, by now, and were not cancelled
  (published or finished; held_activities(), the one rule of it): one starting later today is
  not held yet, whatever the period says;
- signups: their sign-ups not cancelled (registered or waitlisted); attendance: those
  marked attended; volunteer_hours: the attended sign-ups' activity lengths, summed;
- reports_received: submitted in the period; reports_accepted: accepted in the period (the
  dated update); reports_resolved: resolved in the period (`resolved_at`);
- median_hours_to_accept / _to_resolve: over those accepted / resolved in the period, from
  submission; the middle of the ordered durations, for the whole street or per community
  by the same windowed query (aggregates.median_hours_by);
- active riders: whoever checked in at an activity in the period.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from friendlystreet.dashboard.aggregates import grouped, hours, median_hours, median_hours_by
from friendlystreet.dashboard.periods import Period
from friendlystreet.dashboard.registry import (
    Chart,
    FigureSource,
    register_figure_source,
    register_rider_community,
)
from friendlystreet.days import local_today

from .models import Activity, RiderProfile, Signup
from .models_reports import Report, ReportCategory, ReportUpdate

PERM_RUN = "volunteers.run_activities"
HELD = (Activity.State.PUBLISHED, Activity.State.FINISHED)

KEYS = (
    "activities_held",
    "signups",
    "attendance",
    "volunteer_hours",
    "reports_received",
    "reports_accepted",
    "reports_resolved",
    "median_hours_to_accept",
    "median_hours_to_resolve",
)


def home_community(outer_ref: str):
    """The community id of the rider whose id is the outer query's `outer_ref`."""
    return Subquery(RiderProfile.objects.filter(rider_id=OuterRef(outer_ref)).values("home_community_id")[:1])


def _length():
    return ExpressionWrapper(F("activity__ends_at") - F("activity__starts_at"), output_field=DurationField())


def held_q(period: Period, now: datetime | None = None, prefix: str = "") -> Q:
    """An activity held in the period: not cancelled (nor a draft), and it started within the
    period and by `now` (an activity starting later today has not been held, and neither its
    sign-ups nor its hours count yet). `prefix` reaches the activity from another model
    ("activity__" from a sign-up)."""
    return Q(
        **{f"{prefix}state__in": HELD, f"{prefix}starts_at__lte": now or timezone.now()},
        **period.range(f"{prefix}starts_at"),
    )


def held_activities(period: Period, now: datetime | None = None):
    return Activity.objects.filter(held_q(period, now))


def _signups(period: Period):
    return Signup.objects.filter(held_q(period, prefix="activity__"))


def _signup_aggregates() -> dict:
    attended = Q(attendance=Signup.Attendance.ATTENDED)
    return {
        "signups": Count("pk", filter=~Q(status=Signup.Status.CANCELLED)),
        # Not "attendance": an alias may not shadow the field the filters read.
        "attended": Count("pk", filter=attended),
        "volunteer_seconds": Sum(_length(), filter=attended),
    }


def _accepted(period: Period):
    return ReportUpdate.objects.filter(status=Report.Status.ACCEPTED, **period.range("created_at"))


def _report_aggregates(period: Period) -> dict:
    return {
        "reports_received": Count("pk", filter=Q(**period.range("created_at"))),
        "reports_resolved": Count("pk", filter=Q(**period.range("resolved_at"))),
    }


def _resolved(period: Period):
    return Report.objects.filter(**period.range("resolved_at"))


def _reports(period: Period):
    return Report.objects.filter(Q(**period.range("created_at")) | Q(**period.range("resolved_at")))


def _to_accept():
    """From a report's submission to its acceptance (on the accepting update)."""
    return ExpressionWrapper(F("created_at") - F("report__created_at"), output_field=DurationField())


def _to_resolve():
    return ExpressionWrapper(F("resolved_at") - F("created_at"), output_field=DurationField())


def compute(period: Period, community_id: int | None = None) -> dict:
    activities = held_activities(period)
    signups = _signups(period)
    reports = _reports(period)
    accepted = _accepted(period)
    resolved = _resolved(period)
    if community_id is not None:
        activities = activities.filter(venue__community_id=community_id)
        signups = signups.filter(activity__venue__community_id=community_id)
        reports = reports.filter(community_id=community_id)
        accepted = accepted.filter(report__community_id=community_id)
        resolved = resolved.filter(community_id=community_id)
    values = {"activities_held": activities.count()}
    people = signups.aggregate(**_signup_aggregates())
    values.update(signups=people["signups"], attendance=people["attended"], volunteer_hours=hours(people["volunteer_seconds"]))
    values.update(reports.aggregate(**_report_aggregates(period)))
    values["reports_accepted"] = accepted.count()
    values["median_hours_to_accept"] = median_hours(accepted, _to_accept())
    values["median_hours_to_resolve"] = median_hours(resolved, _to_resolve())
    return values


def by_community(period: Period) -> dict:
    """One grouped query per table, and one per median (aggregates.median_hours_by: the same
    query as the whole street's median, partitioned by community)."""
    out = grouped(held_activities(period).values(cid=F("venue__community_id")).annotate(activities_held=Count("pk")).order_by())
    rows = _signups(period).values(cid=F("activity__venue__community_id")).annotate(**_signup_aggregates()).order_by()
    for community, values in grouped(rows).items():
        out.setdefault(community, {}).update(
            signups=values["signups"], attendance=values["attended"], volunteer_hours=hours(values["volunteer_seconds"])
        )
    for query in (
        _reports(period).values(cid=F("community_id")).annotate(**_report_aggregates(period)).order_by(),
        _accepted(period).values(cid=F("report__community_id")).annotate(reports_accepted=Count("pk")).order_by(),
    ):
        for community, values in grouped(query).items():
            out.setdefault(community, {}).update(values)
    for key, queryset, community, duration in (
        ("median_hours_to_accept", _accepted(period), F("report__community_id"), _to_accept()),
        ("median_hours_to_resolve", _resolved(period), F("community_id"), _to_resolve()),
    ):
        for community_id, median in median_hours_by(queryset, duration, community).items():
            out.setdefault(community_id, {})[key] = median
    return out


def active_riders(period: Period):
    return Signup.objects.filter(attendance=Signup.Attendance.ATTENDED, **period.range("checked_in_at")).values("rider_id")


def charts(period: Period, community_id: int | None = None) -> list[Chart]:
    """Reports received in the period by category, one series per state they are in now (not
    the period's acceptances and resolutions, which the figures count: the title says so)."""
    reports = Report.objects.filter(**period.range("created_at"))
    if community_id is not None:
        reports = reports.filter(community_id=community_id)
    counts = {
        (r["category"], r["status"]): r["n"] for r in reports.values("category", "status").annotate(n=Count("pk")).order_by()
    }
    categories = list(ReportCategory)
    return [
        Chart(
            code="reports_by_state_and_category",
            title=_("Reports received in the period, by category (state now)"),
            labels=[c.label for c in categories],
            series=[(status.label, [counts.get((c.value, status.value), 0) for c in categories]) for status in Report.Status],
            order=40,
        )
    ]


# --- today's activities, a line of today's work -------------------------------------------------


def of_today(activities=None):
    """Today's activities, held or still to come (the day's work; not held_activities()): the
    dashboard's card counts them and the staff list's ?when=today shows them."""
    day = local_today()
    period = Period(day, day)
    return (Activity.objects.all() if activities is None else activities).filter(state__in=HELD, **period.range("starts_at"))


def activities_today(user) -> int:
    return of_today().count()


def signups_today(user) -> str:
    n = Signup.objects.filter(activity__in=of_today(), status=Signup.Status.REGISTERED).count()
    return str(_("%(n)s signed up") % {"n": n})


def register() -> None:
    """Called from VolunteersConfig.ready(), after setup.register() (the report lines)."""
    from friendlystreet.notifications.digest import DigestSource, register_digest_source, update_digest_source

    register_figure_source(
        FigureSource(
            code="volunteers",
            keys=KEYS,
            compute=compute,
            by_community=by_community,
            active_riders=active_riders,
            charts=charts,
        )
    )
    register_rider_community(home_community)
    # The card opens the list of exactly what it counts: the reports still 已提交.
    update_digest_source(
        "volunteers.new_reports",
        url_name="volunteers:staff_report_list",
        url_query="?status=submitted",
        item_url_names=("volunteers:staff_report_detail",),  # the menu counts it now there too
        queue="reports_new",
        oldest=lambda user: (
            Report.objects.filter(status=Report.Status.SUBMITTED)
            .order_by("created_at", "id")
            .values_list("created_at", flat=True)
            .first()
        ),
    )
    update_digest_source(
        "volunteers.overdue_reports", url_name="volunteers:staff_report_list", url_query="?overdue=1", queue="reports_overdue"
    )
    register_digest_source(
        DigestSource(
            code="volunteers.activities_today",
            label=_("Activities today"),
            count=activities_today,
            perm=PERM_RUN,
            order=30,
            url_name="volunteers:staff_activity_list",
            url_query="?when=today",
            detail=signups_today,
            arrival=False,
        )
    )
