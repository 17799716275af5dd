"""A reviewer triaging a report first ticks 重复 and types a number (a typo: there is no such
report), then thinks again and answers 已受理 instead. The number's field is hidden once another
answer is chosen, but it still went with the form: the page came back with 没有编号为 #999 的线索
under that hidden field, nothing saved and nothing visible to say why. The number counts only
for a duplicate; a duplicate with a wrong number is still refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from friendlystreet.notifications.models import Notification
from volunteers.models import Report, ReportUpdate

pytestmark = pytest.mark.django_db

S = Report.Status


def a_new_report(reporter) -> Report:
    report = Report.objects.create(
        reporter=reporter,
        category="traffic_parking",
        description="跃进路路口没有红绿灯，放学时骑手和私家车经常抢道",
        address="跃进路",
    )
    ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=reporter)
    return report


def answer(client, report: Report, **data):
    return client.post(reverse("volunteers:staff_report_transition", args=[report.pk]), data)


def test_a_number_left_in_the_hidden_duplicate_field_does_not_stop_an_acceptance(client_for, reviewer, rider):
    report = a_new_report(rider)
    staff = client_for(reviewer)

    response = answer(staff, report, status="accepted", duplicate_of="999", note="")

    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.status == S.ACCEPTED
    assert report.duplicate_of_id is None
    assert Notification.objects.filter(recipient=rider).exists()
    page = staff.get(response["Location"]).content.decode()
    assert f"线索 #{report.pk} 已改为“已受理”，已通知上报人。" in page


def test_nor_an_update_that_keeps_the_state(client_for, reviewer, rider):
    report = a_new_report(rider)

    response = answer(client_for(reviewer), report, status="keep", duplicate_of="0", note="已转交交警中队，本周内答复。")

    assert response.status_code == 302
    assert report.updates.filter(note="已转交交警中队，本周内答复。").exists()


def test_a_duplicate_of_a_report_that_does_not_exist_is_still_refused(client_for, reviewer, rider):
    report = a_new_report(rider)

    staff = client_for(reviewer)
    response = answer(staff, report, status="duplicate", duplicate_of="999", note="")
    response = staff.get(response["Location"])  # the report's page, not the URL it was sent to

    assert response.status_code == 200
    assert "没有编号为 #999 的线索。" in response.content.decode()
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and report.updates.count() == 1
