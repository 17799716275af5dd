"""Factories of the volunteer stories: activities and sign-ups."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import factory
from django.utils import timezone

from points.models import Category, Claim, Rule
from volunteers.models import Activity, ActivityCategory, Signup


def attendance_rule() -> Rule:
    """The system rule attendance pays by (seeded by points' data migration: 10 points per
    attendance; made again as the migration does when a transactional test, such as a browser
    story, flushed the database before)."""
    category, _ = Category.objects.get_or_create(code="activity_participation", defaults={"name": "活动参与", "order": 30})
    rule, _ = Rule.objects.get_or_create(
        code=Rule.ACTIVITY_ATTENDANCE,
        defaults={"category": category, "name": "参加志愿活动", "points": 10, "rider_claimable": False},
    )
    return rule


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"街道清洁{n}")
    description = "一起把街道打扫干净"
    category = ActivityCategory.CLEANUP
    place = "锦江区成龙路街道"
    # About to start: sign-ups still open (until 10 minutes before) and check-in already open
    # (an hour before), the moment most stories need; a story about another time sets its own.
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=30))
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + timedelta(hours=2))
    signup_deadline = factory.LazyAttribute(lambda a: a.starts_at - timedelta(minutes=10))
    capacity = 10
    rule = factory.LazyFunction(attendance_rule)
    state = Activity.State.PUBLISHED


class SignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signup

    activity = factory.SubFactory(ActivityFactory)
    rider = None  # always given
    status = Signup.Status.REGISTERED
    queued_at = factory.LazyFunction(timezone.now)


def started(activity: Activity, *, ago: timedelta = timedelta(minutes=5)) -> Activity:
    """Time passes: the activity began `ago` (same length, sign-ups closed before the start),
    the moment staff may finish it. Sign-ups made before stay as they are."""
    length = activity.ends_at - activity.starts_at
    activity.starts_at = timezone.now() - ago
    activity.ends_at = activity.starts_at + length
    activity.signup_deadline = activity.starts_at - timedelta(minutes=10)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=activity.starts_at, ends_at=activity.ends_at, signup_deadline=activity.signup_deadline
    )
    return activity


@contextmanager
def under_way(activity: Activity) -> Iterator[Activity]:
    """A past activity, while it was on: staff record attendance only then (check-in is open
    from an hour before the start until two hours after the end, no-shows once it has begun).
    Inside, the activity began five minutes ago; after, it is back at its own dates, and so are
    the attendance claims paid meanwhile, as if recorded at the time."""
    dates = {"starts_at": activity.starts_at, "ends_at": activity.ends_at, "signup_deadline": activity.signup_deadline}
    started(activity)
    try:
        yield activity
    finally:
        Activity.objects.filter(pk=activity.pk).update(**dates)
        for name, value in dates.items():
            setattr(activity, name, value)
        refs = [signup.claim_ref for signup in activity.signups.all()]
        Claim.objects.filter(source=Claim.Source.ACTIVITY, source_ref__in=refs).update(occurred_at=dates["starts_at"])
