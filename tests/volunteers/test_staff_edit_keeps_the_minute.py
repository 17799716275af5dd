"""Staff correct a typo in the title of an activity made through the API, whose times have
seconds (09:00:45). The edit form shows and sends whole minutes (09:00): saving it changes only
the title. Before, the deadline lost its seconds and the audit trail read "sign-up deadline
changed" from 09:00 to 09:00. A time moved by one minute is still a change that riders are told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from tests.volunteers.factories import ActivityFactory
from tests.volunteers.test_event_review_moved import FMT, edit_form
from volunteers import services

pytestmark = pytest.mark.django_db

AUDIT = "/staff/audit/"


@pytest.fixture
def with_seconds(db):
    nine = timezone.localtime().replace(hour=9, minute=0, second=45, microsecond=123456) + timedelta(days=3)
    return ActivityFactory(
        title="春熙路文明劝道",
        starts_at=nine,
        ends_at=nine + timedelta(hours=2, seconds=7),
        signup_deadline=nine - timedelta(hours=12, seconds=30),
    )


def test_saving_a_typo_fix_changes_only_the_title_in_the_audit_trail(client_for, reviewer, street_admin, rider, with_seconds):
    services.signup_create(rider=rider, activity=with_seconds)
    stored = {name: getattr(with_seconds, name) for name in services.ACTIVITY_DATES}

    response = client_for(reviewer).post(
        f"/staff/activities/{with_seconds.pk}/edit/", edit_form(with_seconds, title="春熙路文明劝导")
    )

    assert response.status_code == 302
    with_seconds.refresh_from_db()
    assert with_seconds.title == "春熙路文明劝导"
    assert {name: getattr(with_seconds, name) for name in services.ACTIVITY_DATES} == stored
    entry = AuditEntry.objects.get(action="volunteers.activity_updated", target_id=str(with_seconds.pk))
    assert list(entry.data) == ["title"]
    (row,) = client_for(street_admin).get(AUDIT, {"action": "volunteers.activity_updated"}).context["rows"]
    assert [c.label for c in row["changes"]] == ["名称"]
    assert not Notification.objects.filter(recipient=rider, kind="volunteers_activity_changed").exists()


def test_saving_the_form_unchanged_records_nothing(client_for, reviewer, with_seconds):
    response = client_for(reviewer).post(f"/staff/activities/{with_seconds.pk}/edit/", edit_form(with_seconds))

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="volunteers.activity_updated").exists()


def test_a_deadline_moved_by_one_minute_is_saved_and_audited(client_for, reviewer, with_seconds):
    later = timezone.localtime(with_seconds.signup_deadline) + timedelta(minutes=1)

    client_for(reviewer).post(
        f"/staff/activities/{with_seconds.pk}/edit/", edit_form(with_seconds, signup_deadline=later.strftime(FMT))
    )

    with_seconds.refresh_from_db()
    assert with_seconds.signup_deadline == later.replace(second=0, microsecond=0)
    entry = AuditEntry.objects.get(action="volunteers.activity_updated", target_id=str(with_seconds.pk))
    assert list(entry.data) == ["signup_deadline"]


def test_a_start_moved_by_one_minute_is_told_to_the_riders(client_for, reviewer, rider, with_seconds):
    """09:00:45 → 09:01 is 15 seconds apart, but riders read 09:00 and now 09:01."""
    services.signup_create(rider=rider, activity=with_seconds)
    start = timezone.localtime(with_seconds.starts_at) + timedelta(minutes=1)

    response = client_for(reviewer).post(
        f"/staff/activities/{with_seconds.pk}/edit/", edit_form(with_seconds, starts_at=start.strftime(FMT)), follow=True
    )

    assert "已保存。已通知 1 位报名的骑手新的时间或地点。" in response.content.decode()
    (notice,) = Notification.objects.filter(recipient=rider, kind="volunteers_activity_changed")
    assert start.strftime("%H:%M") in notice.body
