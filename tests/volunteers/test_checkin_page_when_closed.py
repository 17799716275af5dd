"""The staff check-in page of an activity nobody can be checked in at any more (finished,
cancelled, or two hours past its end) still drew the phone box, 签到 and the scanner, as if it
were open: a phone typed in was refused only after the fact. It now says why check-in is closed
and links to the activity's page and its roster, in Chinese and English. A page opened before
it closed still sends its check-in, which the services refuse: nobody is checked in or paid
(a cancelled activity's answer names the rider typed in, as it did)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from points.models import Claim
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from volunteers import services
from volunteers.models import Activity, Signup

pytestmark = pytest.mark.django_db

FORM = ('id="lookup-form"', 'id="code-input"', 'id="scan-start"', "js/redeem.js")


def finished(reviewer) -> Activity:
    activity = started(ActivityFactory())
    return services.activity_finish(actor=reviewer, activity=activity)


def cancelled(reviewer) -> Activity:
    return services.activity_cancel(actor=reviewer, activity=ActivityFactory(), reason="暴雨")


def closed_two_hours_after_the_end(reviewer) -> Activity:
    activity = ActivityFactory()
    return started(activity, ago=timedelta(hours=2, minutes=1) + (activity.ends_at - activity.starts_at))


CLOSED = {
    "finished": (finished, "签到已关闭：活动已结束，签到名单不能再更改。"),
    "cancelled": (cancelled, "签到已关闭：活动已取消，不会为任何人签到。"),
    "past its end": (closed_two_hours_after_the_end, "（活动结束 2 小时后）。请结束活动，关闭签到名单。"),
}


@pytest.fixture(params=list(CLOSED))
def closed(request, reviewer, rider):
    """An activity the rider had a place at (not checked in), whose check-in has closed."""
    make, said = CLOSED[request.param]
    activity = make(reviewer)
    signup = SignupFactory(activity=activity, rider=rider)
    return activity, signup, said


def test_the_page_says_why_instead_of_the_form(client_for, reviewer, closed):
    activity, _signup, said = closed

    page = client_for(reviewer).get(f"/staff/activities/{activity.pk}/checkin/").content.decode()

    assert said in page
    assert f'href="/activities/{activity.pk}/"' in page and f'href="/staff/activities/{activity.pk}/"' in page
    assert 'data-testid="checkin-closed-links"' in page
    for control in FORM:
        assert control not in page, control


def test_a_check_in_sent_from_a_page_opened_before_is_refused(client_for, reviewer, rider, closed):
    activity, signup, said = closed
    staff = client_for(reviewer)

    for sent in ({"code": rider.phone}, {"code": services.checkin_token(signup)}):
        page = staff.post(f"/staff/activities/{activity.pk}/checkin/", sent).content.decode()
        assert said in page and 'id="code-input"' not in page
        # A cancelled activity's answer to the rider typed in says so (该活动已取消，不能签到。); the
        # others refuse before any answer: the statement says why.
        if activity.state == Activity.State.CANCELLED:
            assert 'data-result="cancelled"' in page
        else:
            assert 'data-testid="verdict"' not in page
    walk_in = RiderFactory()
    staff.post(f"/staff/activities/{activity.pk}/walk-in/", {"rider": walk_in.pk, "over_capacity": "1"})

    assert Signup.objects.get(pk=signup.pk).attendance == Signup.Attendance.UNKNOWN
    assert not Signup.objects.filter(rider=walk_in).exists()
    assert not Claim.objects.exists()


def test_in_english(client_for, reviewer):
    activity = finished(reviewer)
    staff = client_for(reviewer)
    staff.cookies["django_language"] = "en"

    page = staff.get(f"/staff/activities/{activity.pk}/checkin/").content.decode()

    assert "Check-in is closed: this activity is finished, so its roster can no longer change." in page
    assert "The activity's page" in page and "The roster" in page


def test_while_it_is_open_the_form_is_there(client_for, reviewer):
    activity = ActivityFactory()  # starts in half an hour: check-in opened half an hour ago

    page = client_for(reviewer).get(f"/staff/activities/{activity.pk}/checkin/").content.decode()

    assert 'data-testid="checkin-closed"' not in page
    for control in FORM:
        assert control in page, control
