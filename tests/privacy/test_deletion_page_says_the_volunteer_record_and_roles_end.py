"""A rider about to delete their account is told that their 志愿服务记录证明 and its verification
link stop working (the record gets a new code and they can no longer sign in to print it), with
what it certifies and a link to print it first. The sentence about the team membership and the
micro-grid appointment ending is for a rider who has them, worded for what they have; a rider
who just left the team no longer reads it. The page reads the sign-ups once and the membership
with the appointment once, as before the record was named (two queries)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from friendlystreet.privacy import services
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import privacy
from volunteers.models import GridAppointment, Signup, TeamMembership

pytestmark = pytest.mark.django_db

DELETE_PAGE = reverse("privacy:delete")
RECORD = reverse("volunteers:record")


def attended(rider, title: str, *, hours: float, days_ago: int) -> None:
    starts = timezone.now() - timedelta(days=days_ago)
    activity = ActivityFactory(title=title, starts_at=starts, ends_at=starts + timedelta(hours=hours))
    SignupFactory(rider=rider, activity=activity, attendance=Signup.Attendance.ATTENDED)


def member(rider, status: str) -> None:
    TeamMembership.objects.create(rider=rider, status=status, requested_at=timezone.now())


def appoint(rider, street_admin, number: str) -> None:
    GridAppointment.objects.create(
        rider=rider,
        area="跃进社区第三网格",
        appointed_on=timezone.localdate(),
        certificate_number=number,
        appointed_by=street_admin,
    )


def page(client_for, rider, language: str) -> str:
    return client_for(rider).get(DELETE_PAGE, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.fixture
def volunteer(rider):
    """Two activities attended, 4 hours in all; a place at one still to come."""
    attended(rider, "成龙路街道清洁", hours=2, days_ago=20)
    attended(rider, "看望静康社区独居老人", hours=2, days_ago=5)
    SignupFactory(rider=rider, activity=ActivityFactory(title="跃进路口文明劝导"))
    return rider


@pytest.mark.parametrize(
    "language, sentence",
    [
        (
            "en",
            "Your volunteer service record (2 activities, 4 hours) and its verification link stop working when your"
            f' account is deleted: <a href="{RECORD}">print or save it first</a>.',
        ),
        ("zh-hans", f'您的志愿服务记录证明（2 次活动、4 小时）及其核验链接将失效，<a href="{RECORD}">请先打印或保存</a>。'),
    ],
)
def test_the_record_and_its_verification_link_are_said_to_stop_working(volunteer, client_for, language, sentence):
    assert sentence in page(client_for, volunteer, language)


def test_one_activity_and_an_hour_and_a_half_read_in_the_singular_and_plural(rider, client_for):
    attended(rider, "成龙路街道清洁", hours=1.5, days_ago=3)

    assert "(1 activity, 1.5 hours)" in page(client_for, rider, "en")


def test_an_unverified_rider_is_told_their_record_can_no_longer_be_opened(rider, client_for):
    attended(rider, "成龙路街道清洁", hours=1, days_ago=3)
    rider.verification = Verification.UNVERIFIED
    rider.save(update_fields=["verification"])

    text = page(client_for, rider, "en")

    assert "Your volunteer record (1 activity, 1 hour) can no longer be opened" in text
    assert "verification link" not in text


def test_a_rider_who_attended_nothing_reads_no_record_and_no_roles(rider, client_for):
    text = page(client_for, rider, "zh-hans")

    assert "志愿服务记录" not in text
    assert "队员身份" not in text and "微网格员" not in text


def test_a_team_member_with_a_grid_appointment_reads_both_end(volunteer, client_for, street_admin):
    member(volunteer, TeamMembership.Status.MEMBER)
    appoint(volunteer, street_admin, "WG-001")

    assert "您的“帮帮龘”志愿队队员身份和微网格员任职也随之结束。" in page(client_for, volunteer, "zh-hans")
    assert "Your membership of the 帮帮龘 volunteer team and your micro-grid appointment end." in page(
        client_for, volunteer, "en"
    )


def test_a_rider_who_left_the_team_reads_only_what_they_still_hold(volunteer, client_for, street_admin):
    member(volunteer, TeamMembership.Status.LEFT)
    appoint(volunteer, street_admin, "WG-002")

    text = page(client_for, volunteer, "zh-hans")

    assert "您的微网格员任职也随之结束。" in text
    assert "队员身份" not in text


def test_the_losses_take_the_same_queries_as_before(volunteer):
    member(volunteer, TeamMembership.Status.MEMBER)

    with CaptureQueriesContext(connection) as queries:
        losses = privacy.deletion_losses(volunteer)

    assert len(queries) == 2
    assert losses[0] == "1 个尚未开始的活动名额"
    assert len(services.deletion_losses(volunteer)[1]) == 2  # the record, the membership
