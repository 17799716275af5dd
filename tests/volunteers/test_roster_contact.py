"""An organiser contacts a rider on the roster: the phone is masked (周* 138****0009), and staff
allowed to see personal data open the full name and phone after choosing why, through the
privacy app's reveal (friendlystreet.privacy.access.personal_data_reveal), which leaves an
entry on the audit trail. Staff without that permission (reviewers) are never offered it."""

from __future__ import annotations

import re

import pytest

from friendlystreet.audit.models import AuditEntry
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory
from volunteers import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhou(activity):
    rider = RiderFactory(display_name="周小跑", phone="+8613800000009")
    services.signup_create(rider=rider, activity=activity)
    return rider


def roster(activity) -> str:
    return f"/staff/activities/{activity.pk}/"


def test_a_street_admin_picks_a_reason_and_sees_the_riders_phone_and_it_is_logged(client_for, street_admin, activity, zhou):
    staff = client_for(street_admin)
    html = staff.get(roster(activity)).content.decode()
    assert "13800000009" not in html and "周小跑" not in html  # masked until asked
    start = html.index('data-testid="reveal"')
    form = re.search(r'<form method="post" action="([^"]+)"', html[start:]).group(1)
    assert form == f"/staff/riders/{zhou.pk}/personal-data/"
    assert 'name="reason"' in html[start:] and "查看原因" in html[start:]

    page = staff.post(form, {"reason": "rider_request"}).content.decode()

    assert "138\u00a00000\u00a00009" in page and "周小跑" in page
    [entry] = AuditEntry.objects.filter(action="accounts.personal_data_viewed")
    assert entry.actor == street_admin and entry.target_id == str(zhou.pk)
    assert entry.data["purpose"] == "rider_request"


def test_a_reviewer_running_the_activity_is_not_offered_the_reveal(client_for, reviewer, activity, zhou):
    staff = client_for(reviewer)
    html = staff.get(roster(activity)).content.decode()

    assert 'data-testid="reveal"' not in html
    assert "/personal-data/" not in html
    assert staff.post(f"/staff/riders/{zhou.pk}/personal-data/", {"reason": "rider_request"}).status_code == 403
    assert not AuditEntry.objects.filter(action="accounts.personal_data_viewed").exists()


def test_waitlisted_riders_can_be_contacted_too(client_for, street_admin, other_rider):
    full = ActivityFactory(capacity=1)
    services.signup_create(rider=RiderFactory(), activity=full)
    services.signup_create(rider=other_rider, activity=full)

    html = client_for(street_admin).get(roster(full)).content.decode()

    waitlist = html[html.index('id="roster-waitlist"') :]
    assert f"/staff/riders/{other_rider.pk}/personal-data/" in waitlist
