"""A report's staff page after the activities review: 已办结 says what was done (#6), a closed
report is not assigned any more (#16), the pin opens in 高德 and 百度 as on the riders' pages
(#20), and the age reads as a person says it (#17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from volunteers.models import Report, ReportUpdate
from volunteers.reports import errors, services

pytestmark = pytest.mark.django_db

S = Report.Status


def a_report(reporter, status=S.SUBMITTED, **fields) -> Report:
    values = {"category": "safety_hazard", "description": "井盖破损", "address": "成龙大道二段"}
    report = Report.objects.create(reporter=reporter, status=status, **(values | fields))
    ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=reporter)
    return report


def page(client, report: Report) -> str:
    return client.get(reverse("volunteers:staff_report_detail", args=[report.pk])).content.decode()


def move(client, report: Report, status: str, note: str = ""):
    return client.post(reverse("volunteers:staff_report_transition", args=[report.pk]), {"status": status, "note": note})


# --- #6: 已办结 says what was done -----------------------------------------------------------------


def test_resolving_without_saying_what_was_done_is_refused(client_for, reviewer, rider):
    report = a_report(rider, S.IN_PROGRESS)

    staff = client_for(reviewer)
    response = move(staff, report, "resolved", " ")
    assert response.status_code == 302  # to the report's page: a reload there sends nothing again
    response = staff.get(response["Location"])

    assert response.status_code == 200
    assert "请写明做了什么：上报人会看到。" in response.content.decode()
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS and report.resolved_at is None
    assert not Notification.objects.filter(recipient=rider).exists()


def test_the_reporter_reads_what_was_done(client_for, reviewer, rider):
    report = a_report(rider, S.IN_PROGRESS)

    move(client_for(reviewer), report, "resolved", "已更换井盖。")

    report.refresh_from_db()
    assert report.status == S.RESOLVED
    notice = Notification.objects.get(recipient=rider, kind="volunteers_report_updated")
    assert (notice.title, notice.body) == (f"您上报的第{report.pk}号线索：已办结", "已更换井盖。")
    assert "已更换井盖。" in client_for(rider).get(reverse("volunteers:report_detail", args=[report.pk])).content.decode()


def test_the_api_asks_for_what_was_done_too(api_for, reviewer, rider):
    report = a_report(rider, S.ACCEPTED)

    response = api_for(reviewer).post(f"/api/v1/reports/{report.pk}/transition/", {"status": "resolved"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["note"]


def test_in_progress_may_still_go_without_a_note(client_for, reviewer, rider):
    report = a_report(rider, S.ACCEPTED)

    assert move(client_for(reviewer), report, "in_progress").status_code == 302

    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS


def test_the_help_text_says_which_answers_need_a_note(client_for, reviewer, rider):
    html = page(client_for(reviewer), a_report(rider, S.ACCEPTED))

    assert "不予受理（写明原因）、已办结（写明做了什么）和只发布进展时必须填写" in html


# --- #16: a closed report is not assigned ----------------------------------------------------------


@pytest.mark.parametrize("state", [S.RESOLVED, S.REJECTED, S.DUPLICATE])
def test_a_closed_report_offers_no_assignment_and_refuses_one(client_for, reviewer, street_admin, rider, other_rider, state):
    fields = {"duplicate_of": a_report(other_rider)} if state == S.DUPLICATE else {}
    report = a_report(rider, state, assigned_to=reviewer, **fields)
    staff = client_for(reviewer)

    html = page(staff, report)
    assert 'id="assign-form"' not in html
    assert "审核员" in html  # who had it is still said

    response = staff.post(reverse("volunteers:staff_report_assign", args=[report.pk]), {"assigned_to": street_admin.pk})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["这条线索已经结束处理。"]
    with pytest.raises(errors.ReportClosed):
        services.report_assign(actor=reviewer, report=report, assignee=None)
    report.refresh_from_db()
    assert report.assigned_to_id == reviewer.pk


def test_an_open_report_is_still_assigned(client_for, reviewer, street_admin, rider):
    report = a_report(rider, S.ACCEPTED)
    staff = client_for(reviewer)
    assert 'id="assign-form"' in page(staff, report)

    staff.post(reverse("volunteers:staff_report_assign", args=[report.pk]), {"assigned_to": street_admin.pk})

    report.refresh_from_db()
    assert report.assigned_to_id == street_admin.pk


# --- #20: the pin in the maps riders use -----------------------------------------------------------


def test_the_pin_opens_in_amap_and_baidu_not_openstreetmap(client_for, reviewer, rider):
    report = a_report(rider, lat=30.6085, lng=104.1255)

    html = page(client_for(reviewer), report)

    assert 'data-testid="nav-amap" href="https://uri.amap.com/marker?position=104.125500,30.608500' in html
    assert 'data-testid="nav-baidu" href="https://api.map.baidu.com/marker?location=30.608500,104.125500' in html
    assert "openstreetmap.org/?mlat" not in html
    assert "30.60850, 104.12550" in html  # the coordinates are still there to read


def test_a_report_without_a_pin_offers_no_map_links(client_for, reviewer, rider):
    html = page(client_for(reviewer), a_report(rider))

    assert 'data-testid="nav-amap"' not in html


# --- #17: the age as a person says it ------------------------------------------------------------


def test_a_new_report_was_sent_just_now_and_an_older_one_hours_ago_without_commas(client_for, reviewer, rider):
    staff = client_for(reviewer)
    new = a_report(rider)
    older = a_report(rider)
    Report.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(hours=20, minutes=11))

    assert 'data-testid="submitted-ago">（刚刚）<' in page(staff, new)
    html = page(staff, older)
    assert 'data-testid="submitted-ago">（20 小时前）<' in html
    assert "0 分钟" not in html and "小时，" not in html


def test_a_report_nobody_else_saw_has_no_0_beside_me_too(client_for, reviewer, rider):
    html = page(client_for(reviewer), a_report(rider))

    assert 'data-testid="me-too-count"' not in html
    assert "还没有其他人表示也看到了。" in html


def test_the_triage_list_counts_me_toos_only_where_there_are_some(client_for, reviewer, rider, other_rider):
    from volunteers.models import MeToo

    quiet = a_report(rider, description="路灯不亮")
    busy = a_report(rider, description="井盖松动")
    MeToo.objects.create(report=busy, rider=other_rider)

    html = client_for(reviewer).get(reverse("volunteers:staff_report_list")).content.decode()

    def row(report: Report) -> str:  # from the report's link to the next report's
        return html.split(f'/staff/reports/{report.pk}/"', 1)[1].split("/staff/reports/", 1)[0]

    assert 'data-testid="me-too-count"' in row(busy)
    assert 'data-testid="me-too-count"' not in row(quiet)
    assert "0 人也看到了" not in html
