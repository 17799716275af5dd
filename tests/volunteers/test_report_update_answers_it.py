"""A staff member answers a new report with an update and no change of state ("不变更状态，只发布
进展": 已转交跃进社区和交警中队，周三前答复). The reporter read it and was told, so the report is
answered: on Wednesday it is not 超时未答复 on the list, on its page, on the dashboard's card or
to the reporter, and its page shows 答复时间 as an accepted report's does. It is still new (已提交,
to accept or reject): the new reports' card, the menu badge and the list it opens agree.
Staff review (staffmorning), finding 3."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from tests.dashboard.helpers import badge
from volunteers.models import Report, ReportUpdate
from volunteers.reports import selectors
from volunteers.reports.services import report_post_update, report_transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("forty_eight_hours")]

S = Report.Status
LIST = "/staff/reports/"
UPDATE = "已转交跃进社区和交警中队，周三前答复。"


@pytest.fixture
def forty_eight_hours():
    with override_settings(REPORT_RESPONSE_HOURS=48):
        yield


def a_new_report(rider, description: str) -> Report:
    """A report as the rider's form leaves it: 已提交, its first update the submission."""
    report = Report.objects.create(reporter=rider, category="traffic_parking", description=description, address="跃进路口")
    ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=rider)
    return report


def two_days_pass(*reports: Report) -> None:
    """Monday morning becomes Wednesday: everything written on these reports 49 hours earlier."""
    for report in reports:
        Report.objects.filter(pk=report.pk).update(
            created_at=F("created_at") - timedelta(hours=49), responded_at=F("responded_at") - timedelta(hours=49)
        )
        ReportUpdate.objects.filter(report=report).update(created_at=F("created_at") - timedelta(hours=49))


def card(html: str, code: str) -> tuple[str, int]:
    """A card of the dashboard's today's work: where it leads, its number."""
    found = re.search(rf'data-queue="{re.escape(code)}">\s*<a href="([^"]+)">\s*<span[^>]*>(\d+)<', html)
    assert found, f"no card {code}"
    return found.group(1).replace("&amp;", "&"), int(found.group(2))


def post_update(staff, report: Report, note: str = UPDATE):
    """The report's page: 答复 → 不变更状态，只发布进展, a note, 保存答复."""
    return staff.post(f"{LIST}{report.pk}/transition/", {"status": "keep", "note": note}, follow=True)


def test_a_report_answered_with_an_update_is_not_overdue_two_days_later(staff, rider):
    answered = a_new_report(rider, "跃进路路口没有红绿灯，放学时经常抢道")
    nobody_answered = a_new_report(rider, "成龙大道二段井盖松了，电动车压过去会翘起来")

    page = post_update(staff, answered).content.decode()
    assert UPDATE in page
    assert re.search(r'data-testid="report-state" data-state="submitted">已提交<', page)  # the state is unchanged
    two_days_pass(answered, nobody_answered)

    # The list: only the report nobody answered is flagged, first, and is all "overdue only" shows.
    listed = staff.get(LIST).content.decode()
    assert f'data-report-id="{nobody_answered.pk}" data-overdue="1"' in listed
    assert f'data-report-id="{answered.pk}">' in listed
    assert [r.pk for r in staff.get(LIST, {"overdue": "1"}).context["rows"]] == [nobody_answered.pk]
    # Its page: no 超时 flag, and when it was answered, as for an accepted report.
    detail = staff.get(f"{LIST}{answered.pk}/").content.decode()
    assert 'data-testid="overdue"' not in detail
    answered.refresh_from_db()
    answered_at = timezone.localtime(answered.responded_at)
    assert f"<dt>答复时间</dt><dd>{answered_at:%Y-%m-%d %H:%M}</dd>" in detail
    assert answered_at < timezone.localtime(answered.created_at) + timedelta(hours=48)
    assert 'data-testid="overdue"' in staff.get(f"{LIST}{nobody_answered.pk}/").content.decode()


def test_the_dashboard_counts_it_answered_and_still_new_as_the_menu_and_the_lists_do(staff, rider):
    answered = a_new_report(rider, "跃进路路口没有红绿灯，放学时经常抢道")
    nobody_answered = a_new_report(rider, "成龙大道二段井盖松了，电动车压过去会翘起来")
    post_update(staff, answered)
    two_days_pass(answered, nobody_answered)

    dashboard = staff.get("/staff/").content.decode()

    overdue_link, overdue = card(dashboard, "volunteers.overdue_reports")
    assert overdue == 1  # 超时未答复的线索: the one nobody answered
    assert len(staff.get(overdue_link).context["rows"]) == 1
    # Still new: both wait for staff to accept or reject them, and the card, the badge and the list say 2.
    new_link, new = card(dashboard, "volunteers.new_reports")
    assert new == 2 == badge(dashboard, LIST)
    assert len(staff.get(new_link).context["rows"]) == 2
    assert (selectors.overdue_count(), selectors.new_count()) == (1, 2)


def test_the_reporter_is_not_told_their_answered_report_waits_too_long(staff, rider, client_for):
    report = a_new_report(rider, "跃进路路口没有红绿灯，放学时经常抢道")
    post_update(staff, report)
    two_days_pass(report)

    html = client_for(rider).get(f"/reports/{report.pk}/").content.decode()

    assert UPDATE in html
    assert 'id="report-overdue"' not in html
    assert "街道争取在 48 小时内答复" not in html  # answered: no promise still to keep


def test_the_first_answer_is_the_answer_time_and_later_ones_keep_it(reviewer, rider):
    report = a_new_report(rider, "跃进路路口没有红绿灯，放学时经常抢道")
    report_post_update(actor=reviewer, report=report, note=UPDATE)
    report.refresh_from_db()
    first = report.responded_at
    assert first is not None

    report_post_update(actor=reviewer, report=report, note="交警中队周三到场查看。")
    report_transition(actor=reviewer, report=report, status=S.ACCEPTED, note="已受理。")
    report.refresh_from_db()

    assert (report.status, report.responded_at) == (S.ACCEPTED, first)


def test_the_list_and_the_report_in_hand_read_the_same_rule(reviewer, rider):
    answered = a_new_report(rider, "跃进路路口没有红绿灯，放学时经常抢道")
    report_post_update(actor=reviewer, report=answered, note=UPDATE)
    waiting = a_new_report(rider, "成龙大道二段井盖松了，电动车压过去会翘起来")
    two_days_pass(answered, waiting)

    flagged = set(Report.objects.filter(selectors.overdue_q()).values_list("pk", flat=True))
    in_hand = {r.pk for r in Report.objects.all() if selectors.is_overdue(r)}

    assert flagged == in_hand == {waiting.pk}
