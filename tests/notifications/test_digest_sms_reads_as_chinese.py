"""The reviewer's 08:30 text message listed the queues with an English semicolon and space
between them: 待处理事项：待审核的积分申请：2; 新上报的线索：1。 Chinese text separates them with
a full-width semicolon (待审核的积分申请：2；新上报的线索：1); English keeps "; "."""

from __future__ import annotations

import pytest

from friendlystreet.notifications.services import digest_send
from friendlystreet.sms.models import OutboxMessage
from tests.points.factories import ClaimFactory
from volunteers.models import Report, ReportUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_work(rider):
    ClaimFactory(rider=rider)
    ClaimFactory(rider=rider)
    report = Report.objects.create(
        reporter=rider, category="safety_hazard", description="成龙大道井盖破损，电动车经过会颠起来", address="成龙大道二段"
    )
    ReportUpdate.objects.create(report=report, status=Report.Status.SUBMITTED, author=rider)


def test_the_morning_sms_separates_the_queues_the_chinese_way(waiting_work, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        digest_send()

    text = OutboxMessage.objects.get(phone=reviewer.phone).text
    assert "待审核的积分申请：2；新上报的线索：1" in text, text
    assert "; " not in text


def test_in_english_the_queues_are_separated_by_a_semicolon(waiting_work, reviewer, django_capture_on_commit_callbacks):
    reviewer.language = "en"
    reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        digest_send()

    text = OutboxMessage.objects.get(phone=reviewer.phone).text
    assert "Pending claims: 2; New neighbourhood reports: 1" in text, text
