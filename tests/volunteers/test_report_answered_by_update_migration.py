"""Reports a staff member answered with a progress update before an update counted as the answer
(7cb6a33) had no 答复时间 and stayed 超时未答复 on an existing deployment. volunteers 0012 gives
them the time of the first update staff posted; a report nobody answered stays overdue, and one
answered by a move keeps the time it was answered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.migrations import migrate_forward, state_before
from volunteers.models import Report
from volunteers.reports import selectors

BEFORE, AFTER = ("volunteers", "0011_activity_category_civic_practice"), ("volunteers", "0012_report_answered_by_an_update")


@pytest.mark.django_db(transaction=True)
def test_reports_answered_by_an_update_before_are_no_longer_overdue():
    old = state_before(BEFORE, now=("accounts",))
    User = old.get_model("accounts", "User")
    OldReport = old.get_model("volunteers", "Report")
    OldUpdate = old.get_model("volunteers", "ReportUpdate")
    rider, staff = User.objects.create(username="rider"), User.objects.create(username="staff")
    monday = timezone.now() - timedelta(days=3)

    def report(description: str, *updates: tuple[str, object, str, int], responded_at=None):
        """A report sent on Monday, and its updates (state, author, note, hours after)."""
        made = OldReport.objects.create(
            reporter=rider, category="traffic_parking", description=description, address="跃进路口", status=updates[-1][0]
        )
        OldReport.objects.filter(pk=made.pk).update(created_at=monday, responded_at=responded_at)
        for status, author, note, hours in updates:
            update = OldUpdate.objects.create(report=made, status=status, author=author, note=note)
            OldUpdate.objects.filter(pk=update.pk).update(created_at=monday + timedelta(hours=hours))
        return made.pk

    answered_by_update = report(
        "跃进路路口没有红绿灯，放学时经常抢道",
        ("submitted", rider, "", 0),
        ("submitted", staff, "已转交跃进社区和交警中队，周三前答复。", 2),
        ("submitted", staff, "交警中队周三到场查看。", 30),
    )
    nobody_answered = report("成龙大道二段井盖松了，电动车压过去会翘起来", ("submitted", rider, "", 0))
    accepted = report(
        "驿都大道共享单车堵住盲道",
        ("submitted", rider, "", 0),
        ("accepted", staff, "已受理。", 5),
        responded_at=monday + timedelta(hours=5),
    )
    assert set(Report.objects.filter(selectors.overdue_q()).values_list("pk", flat=True)) == {answered_by_update, nobody_answered}

    migrate_forward(AFTER)

    answered_at = dict(Report.objects.values_list("pk", "responded_at"))
    assert answered_at == {
        answered_by_update: monday + timedelta(hours=2),  # the first update, not the later one
        nobody_answered: None,
        accepted: monday + timedelta(hours=5),
    }
    assert list(Report.objects.filter(selectors.overdue_q()).values_list("pk", flat=True)) == [nobody_answered]
