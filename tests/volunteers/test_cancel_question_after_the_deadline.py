"""The question before giving a place back says what the rider cannot undo. After the sign-up
deadline (cancelling stays open until the start) a registered rider is told that sign-up is
closed and they cannot sign up again, a waitlisted one that they cannot rejoin the waitlist;
before, the registered rider got only "Cancel your sign-up?" and the waitlisted one was told
they would join again at the end of the waitlist, which they no longer could. Before the
deadline the questions are as they were."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory
from volunteers import services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

AFTER = {
    ("registered", "zh-hans"): "报名已截止，取消后不能再报名。确定取消吗？",
    ("registered", "en"): "Sign-up has closed: if you cancel, you cannot sign up again. Cancel your sign-up?",
    ("waitlisted", "zh-hans"): "报名已截止，退出后不能再加入候补。确定退出吗？",
    ("waitlisted", "en"): "Sign-up has closed: if you leave the waitlist, you cannot join it again. Leave the waitlist?",
}
BEFORE = {
    ("registered", "zh-hans"): "确定取消报名吗？您的名额将让给候补的骑手，再次报名需排在他们之后。",
    ("waitlisted", "zh-hans"): "确定退出候补吗？再次加入时将排在最后。",
}


@pytest.fixture
def full_activity(rider, other_rider):
    """One place, held by `rider`; `other_rider` on the waitlist, a third rider after them."""
    activity = ActivityFactory(capacity=1, starts_at=timezone.now() + timedelta(hours=3))
    services.signup_create(rider=rider, activity=activity)
    services.signup_create(rider=other_rider, activity=activity)
    services.signup_create(rider=RiderFactory(), activity=activity)
    return activity


def question(client, activity, lang: str) -> str:
    page = client.get(f"/activities/{activity.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    found = re.search(rf'action="/activities/{activity.pk}/cancel-signup/" data-confirm="([^"]*)"', page)
    assert found, "no cancel button"
    return html.unescape(found.group(1))


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("who", ["registered", "waitlisted"])
def test_after_the_deadline_the_question_says_there_is_no_coming_back(client_for, rider, other_rider, full_activity, who, lang):
    Activity.objects.filter(pk=full_activity.pk).update(signup_deadline=timezone.now() - timedelta(minutes=5))
    client = client_for(rider if who == "registered" else other_rider)

    assert question(client, full_activity, lang) == AFTER[(who, lang)]


@pytest.mark.parametrize("who", ["registered", "waitlisted"])
def test_before_the_deadline_the_question_is_as_before(client_for, rider, other_rider, full_activity, who):
    client = client_for(rider if who == "registered" else other_rider)

    assert question(client, full_activity, "zh-hans") == BEFORE[(who, "zh-hans")]
