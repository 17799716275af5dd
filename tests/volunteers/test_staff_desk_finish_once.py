"""Staff open 结束活动 of an activity that is already finished (a second tab, a colleague was
quicker, the browser's history): they land on its roster, which says 活动已结束，签到名单已关闭。
once. They used to read 只有已发布的活动才能结束。 above it as well, two messages for one fact,
the first sounding like a mistake of theirs. Pressing 结束活动 on a page opened before the
activity was finished reads the same one message, and nothing is finished twice. A cancelled
activity's roster says it is cancelled, once."""

from __future__ import annotations

import pytest

from friendlystreet.audit.models import AuditEntry
from tests.volunteers.factories import started
from volunteers import services
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

CLOSED = "活动已结束，签到名单已关闭。"


def roster(activity) -> str:
    return f"/staff/activities/{activity.pk}/"


def finish_page(activity) -> str:
    return f"/staff/activities/{activity.pk}/finish/"


def said(response) -> list[str]:
    """The messages flashed on the page."""
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def finished(street_admin, activity):
    return services.activity_finish(actor=street_admin, activity=started(activity))


def test_the_finish_page_of_a_finished_activity_says_it_once(staff, finished):
    response = staff.get(finish_page(finished), follow=True)

    assert response.redirect_chain == [(roster(finished), 302)]
    assert said(response) == []
    assert response.content.decode().count(CLOSED) == 1


def test_finishing_again_from_a_page_opened_before_says_it_once_and_finishes_nothing(staff, finished):
    response = staff.post(finish_page(finished), {"confirm": "yes"}, follow=True)

    assert said(response) == []
    assert response.content.decode().count(CLOSED) == 1
    finished.refresh_from_db()
    assert finished.state == Activity.State.FINISHED
    assert AuditEntry.objects.filter(action="volunteers.activity_finished").count() == 1


def test_the_finish_page_of_a_cancelled_activity_says_it_is_cancelled_once(staff, street_admin, activity):
    services.activity_cancel(actor=street_admin, activity=activity, reason="暴雨预警")

    response = staff.get(finish_page(activity), follow=True)

    assert said(response) == []
    html = response.content.decode()
    assert 'data-testid="roster-cancelled"' in html and "暴雨预警" in html
