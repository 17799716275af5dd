"""Volunteering at scale, for the staff dashboard's figures (issue 17): 2,000 activities at the
bench venues over a year with 40,000 sign-ups, and 20,000 neighbourhood reports over a year,
most accepted and resolved (with the dated updates the medians read). 1/20 on the small seed.

No scenario of its own: the dashboard (bench/apps/dashboard.py) reads these tables.
"""

from __future__ import annotations

import random
from datetime import timedelta

from bench.apps.points import _copy
from bench.scenarios import Context

ORDER = 40
DESCRIPTION = "2,000 activities with 40,000 sign-ups and 20,000 neighbourhood reports over a year, most accepted and resolved"
ACTIVITIES = 2_000
SIGNUPS_PER_ACTIVITY = 20
REPORTS = 20_000


def _columns(model, given: dict) -> tuple[list[str], list]:
    """Every concrete column but the id, in order: `given` where named, else the field's default."""
    columns, values = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(f.column)
        values.append(given[f.attname] if f.attname in given else f.get_default())
    return columns, values


def _rows(model, dicts: list[dict]) -> tuple[list[str], list[tuple]]:
    columns = _columns(model, dicts[0])[0]
    return columns, [tuple(_columns(model, d)[1]) for d in dicts]


def seed(ctx: Context) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from points.models import Rule
    from venues.models import Community, Venue
    from volunteers.models import Activity, ActivityCategory, Signup
    from volunteers.models_reports import Report, ReportCategory, ReportUpdate

    rng = random.Random(17)
    now = timezone.now()
    riders = list(get_user_model().objects.filter(username__startswith="bench").values_list("pk", flat=True))
    venues = list(Venue.objects.filter(community__isnull=False).values_list("pk", flat=True))
    communities = list(Community.objects.values_list("pk", flat=True))
    rule = Rule.objects.filter(active=True).order_by("id").first()
    reviewer = get_user_model().objects.get(username="reviewer").pk

    activities = []
    for n in range(ctx.scaled(ACTIVITIES)):
        starts = now - timedelta(days=rng.uniform(0, 365))
        activities.append(
            {
                "title": f"压测活动 {n}",
                "category": rng.choice(ActivityCategory.values),
                "venue_id": rng.choice(venues),
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=rng.choice([1, 2, 2.5, 3])),
                "capacity": SIGNUPS_PER_ACTIVITY,
                "signup_deadline": starts - timedelta(hours=12),
                "rule_id": rule.pk,
                "state": Activity.State.FINISHED if starts < now else Activity.State.PUBLISHED,
                "created_by_id": reviewer,
                "created_at": starts - timedelta(days=7),
                "updated_at": starts,
            }
        )
    with transaction.atomic(), connection.cursor() as cursor:
        columns, rows = _rows(Activity, activities)
        _copy(cursor, Activity._meta.db_table, columns, rows)
    held = list(Activity.objects.filter(title__startswith="压测活动").values_list("pk", "starts_at"))
    signups = []
    for activity_id, starts in held:
        for rider in rng.sample(riders, SIGNUPS_PER_ACTIVITY):
            came = rng.random()
            attended = came < 0.7
            signups.append(
                {
                    "activity_id": activity_id,
                    "rider_id": rider,
                    "status": Signup.Status.CANCELLED if came > 0.95 else Signup.Status.REGISTERED,
                    "queued_at": starts - timedelta(days=2),
                    "attendance": Signup.Attendance.ATTENDED if attended else "",
                    "checked_in_at": starts + timedelta(minutes=5) if attended else None,
                    "checked_in_by_id": reviewer if attended else None,
                }
            )
    with transaction.atomic(), connection.cursor() as cursor:
        columns, rows = _rows(Signup, signups)
        _copy(cursor, Signup._meta.db_table, columns, rows)

    reports = []
    for n in range(ctx.scaled(REPORTS)):
        created = now - timedelta(days=rng.uniform(0, 365))
        accepted = created + timedelta(hours=rng.expovariate(1 / 12)) if rng.random() < 0.85 else None
        resolved = accepted + timedelta(hours=rng.expovariate(1 / 60)) if accepted and rng.random() < 0.8 else None
        accepted = accepted if accepted is None or accepted < now else None
        resolved = resolved if resolved is not None and resolved < now else None
        status = Report.Status.RESOLVED if resolved else Report.Status.ACCEPTED if accepted else Report.Status.SUBMITTED
        reports.append(
            {
                "reporter_id": rng.choice(riders),
                "category": rng.choice(ReportCategory.values),
                "description": f"压测线索 {n}",
                "address": "成龙大道",
                "community_id": rng.choice(communities) if rng.random() < 0.95 else None,
                "status": status,
                "responded_at": accepted,
                "resolved_at": resolved,
                "created_at": created,
                "updated_at": resolved or accepted or created,
            }
        )
    with transaction.atomic(), connection.cursor() as cursor:
        columns, rows = _rows(Report, reports)
        _copy(cursor, Report._meta.db_table, columns, rows)
        ids = Report.objects.filter(description__startswith="压测线索").values_list("pk", "responded_at", "resolved_at")
        updates = []
        for report_id, accepted, resolved in ids:
            for status, when in ((Report.Status.ACCEPTED, accepted), (Report.Status.RESOLVED, resolved)):
                if when is not None:
                    updates.append({"report_id": report_id, "status": status, "author_id": reviewer, "created_at": when})
        columns, rows = _rows(ReportUpdate, updates)
        _copy(cursor, ReportUpdate._meta.db_table, columns, rows)
