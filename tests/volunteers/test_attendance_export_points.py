"""The attendance ledger (活动与签到台账) listed who came but not what they were paid, which a
street office reconciles against the points it issued; and the roster of an activity did not
lead to it. The ledger now has 获得积分 (from the ledger's claims, by the selector the roster's
已发放 reads: a cap may lower it, a rule switched off pays 0; empty for a rider who did not check
in), read in one query per chunk of rows, not one per row; and the roster links to the exports
page with the activities ledger and the activity's day filled in."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from friendlystreet.days import local_today
from friendlystreet.ledgers.models import Export
from friendlystreet.ledgers.registry import ExportScope
from points.models import Rule
from tests.factories import RiderFactory
from tests.points.factories import RuleFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services
from volunteers.exports import activity_rows

pytestmark = pytest.mark.django_db

POINTS = "获得积分"


def test_the_roster_leads_to_the_ledger_with_each_riders_points(
    client_for, reviewer, rider, other_rider, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(title="成龙路清洁")  # starts in half an hour: check-in is open
    SignupFactory(activity=activity, rider=rider)
    SignupFactory(activity=activity, rider=other_rider)  # has a place, has not come
    services.checkin(actor=reviewer, activity=activity, phone=rider.phone)
    switched_off = RuleFactory(name="旧规则", points=7, rider_claimable=False)
    unpaid = ActivityFactory(title="夜间巡查", rule=switched_off, starts_at=activity.starts_at)
    walk_in = RiderFactory()
    SignupFactory(activity=unpaid, rider=walk_in)
    Rule.objects.filter(pk=switched_off.pk).update(active=False)
    services.checkin(actor=reviewer, activity=unpaid, phone=walk_in.phone)  # checked in, paid nothing
    staff = client_for(reviewer)

    roster = staff.get(f"/staff/activities/{activity.pk}/").content.decode()
    link = re.search(r'<a class="button secondary" href="([^"]+)" id="export-attendance">导出签到台账</a>', roster)
    assert link, "the roster links to the export"
    day = local_today(activity.starts_at).isoformat()
    assert html.unescape(link.group(1)) == f"/staff/exports/?kind=activities&start={day}&end={day}"
    page = staff.get(html.unescape(link.group(1))).content.decode()
    assert '<option value="activities" selected' in page
    assert page.count(f'value="{day}"') == 2  # from and to: the activity's day

    with django_capture_on_commit_callbacks(execute=True):
        staff.post("/staff/exports/", {"kind": "activities", "format": "csv", "start": day, "end": day})
    export = Export.objects.filter(owner=reviewer).latest("id")
    assert export.status == Export.Status.DONE, export.error
    file = staff.get(f"/staff/exports/{export.pk}/download/")
    rows = list(csv.DictReader(io.StringIO(b"".join(file.streaming_content).decode("utf-8-sig"))))

    points = {int(row["骑手编号"]): row[POINTS] for row in rows}
    assert points == {rider.pk: "10", other_rider.pk: "", walk_in.pk: "0"}
    header = list(rows[0])
    assert header.index(POINTS) == header.index("签到时间") + 1


def test_staff_who_may_not_export_get_no_link(client_for, reviewer):
    activity = ActivityFactory()
    # A street office that lets its reviewers run activities but not export ledgers.
    for group in reviewer.groups.all():
        group.permissions.remove(*Permission.objects.filter(codename="create_export"))

    roster = client_for(reviewer).get(f"/staff/activities/{activity.pk}/")

    assert roster.status_code == 200
    assert 'id="export-attendance"' not in roster.content.decode()


def test_the_points_take_one_query_a_chunk_not_one_a_row(reviewer, django_assert_num_queries):
    activity = ActivityFactory()
    riders = RiderFactory.create_batch(12)
    for one in riders:
        SignupFactory(activity=activity, rider=one)
    day = local_today(activity.starts_at)
    scope = ExportScope(start=day, end=day)
    services.checkin(actor=reviewer, activity=activity, phone=riders[0].phone)

    # The communities' names, the activities with their sign-ups, what the check-ins paid.
    with django_assert_num_queries(3):
        one = list(activity_rows(scope))
    for other in riders[1:]:
        services.checkin(actor=reviewer, activity=activity, phone=other.phone)
    with django_assert_num_queries(3):
        twelve = list(activity_rows(scope))

    assert [row[-1] for row in one].count(10) == 1
    assert [row[-1] for row in twelve] == [10] * 12


def test_a_day_without_check_ins_asks_nothing_of_the_ledger(django_assert_num_queries):
    activity = ActivityFactory()
    day: date = timezone.localdate(activity.starts_at)

    with django_assert_num_queries(2):  # the communities' names, the activity
        rows = list(activity_rows(ExportScope(start=day, end=day)))

    assert rows[0][-1] is None
