"""A reviewer refuses a rider with a reason longer than 200 characters, sent by hand (a script,
an old page without the box's maxlength): the rider stays unverified and the reviewer reads
what is wrong, the reason's length (原因请控制在 200 字以内。, services.rider_verify's own
check), not "请选择认证通过或驳回。", which they had chosen. A reason of 200 characters is taken."""

from __future__ import annotations

import pytest

from friendlystreet.notifications.models import Notification
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return RiderFactory(verification="unverified")


def decide(rider) -> str:
    return f"/staff/riders/{rider.pk}/decide/"


def test_an_over_long_reason_is_refused_for_its_length(client_for, reviewer, applicant):
    response = client_for(reviewer).post(decide(applicant), {"decision": "reject", "reason": "截图看不清" * 41}, follow=True)

    # Said once, beside the reason box (not also at the top of the page).
    assert [str(m) for m in response.context["messages"]] == []
    assert response.content.decode().count("原因请控制在 200 字以内。") == 1
    applicant.refresh_from_db()
    assert (applicant.verification, applicant.verification_note) == ("unverified", "")
    assert not Notification.objects.filter(recipient=applicant).exists()


def test_a_reason_of_200_characters_refuses_the_rider(client_for, reviewer, applicant):
    reason = "截图看不清工号请重传" * 20
    assert len(reason) == 200

    client_for(reviewer).post(decide(applicant), {"decision": "reject", "reason": reason})

    applicant.refresh_from_db()
    assert (applicant.verification, applicant.verification_note) == ("rejected", reason)


def test_no_decision_still_asks_for_one(client_for, reviewer, applicant):
    response = client_for(reviewer).post(decide(applicant), {"reason": "截图看不清"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["请选择认证通过或驳回。"]
    applicant.refresh_from_db()
    assert applicant.verification == "unverified"
