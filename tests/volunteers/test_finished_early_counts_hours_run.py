"""Staff finish an activity before its planned end (planned 14:00–18:00, finished at 16:00:
rain, the clean-up done early): the volunteer record certifies the 2 hours it ran, not the 4
planned. It certified the planned 4 on the rider's page, the printed record (the same page) and
the public check, although nobody served the last two. Finishing early ends it then
(services.activity_finish), and the finish page tells staff so before they confirm.

Points a per-hour rule paid at check-in (by the planned 4 hours) stay as paid: the ledger is
append-only, and a correction is a street admin's balance adjustment with a reason, which the
rider is told of, never a silent reversal. The finish page says that too."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from points.models import LedgerEntry, Rule
from tests.points.factories import RuleFactory
from tests.volunteers.factories import ActivityFactory, started
from volunteers import services
from volunteers.models import Activity
from volunteers.selectors import profile_of

pytestmark = pytest.mark.django_db


def fact(html: str, key: str) -> str:
    return re.search(rf'data-testid="{key}">([^<]*)<', html).group(1).strip()


def rows(html: str) -> list[tuple[str, str]]:
    """The record's activities: (title, hours)."""
    return re.findall(r'data-testid="record-activity"><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>', html)


def hhmm(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


@pytest.fixture
def clean_up(rider, reviewer):
    """A clean-up planned for 4 hours (14:00–18:00) under a rule of 10 points an hour: the rider
    signed up and was checked in by their code at the start (paid 40 points for the planned 4
    hours); now it is 16:00, two hours in."""
    rule = RuleFactory(name="志愿服务时长", points=10, unit=Rule.Unit.HOUR, rider_claimable=False)
    activity = ActivityFactory(title="成龙路街道清洁", rule=rule)
    Activity.objects.filter(pk=activity.pk).update(ends_at=activity.starts_at + timedelta(hours=4))
    activity.refresh_from_db()
    signup = services.signup_create(rider=rider, activity=activity).signup
    started(activity, ago=timedelta(minutes=1))
    services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(signup))
    return started(activity, ago=timedelta(hours=2))


def finish_page(activity) -> str:
    return reverse("volunteers:staff_activity_finish", args=[activity.pk])


def test_staff_finishing_at_16_00_an_activity_planned_until_18_00_certify_the_2_hours_it_ran(
    client_for, rider, reviewer, clean_up
):
    planned_end = clean_up.ends_at

    client_for(reviewer).post(finish_page(clean_up), {"confirm": "yes"})

    clean_up.refresh_from_db()
    assert clean_up.state == Activity.State.FINISHED
    assert clean_up.hours == 2
    page = client_for(rider).get(reverse("volunteers:record")).content.decode()  # the page the rider prints
    assert 'class="vol-sheet"' in page  # the issued record
    assert rows(page) == [("成龙路街道清洁", "2")]
    assert fact(page, "record-hours") == "2"
    public = client_for(None).get(reverse("volunteers:verify", args=[profile_of(rider).record_code])).content.decode()
    assert rows(public) == [("成龙路街道清洁", "2")] and fact(public, "record-hours") == "2"
    assert client_for(rider).get("/api/v1/me/volunteer-record/").json()["hours"] == "2.0"
    # The 40 points check-in paid for the planned 4 hours stay: no reversal, one ledger row.
    assert fact(page, "record-points") == "40"
    assert list(LedgerEntry.objects.filter(account__rider=rider).values_list("kind", "amount")) == [("earn", 40)]
    # The audit trail keeps the planned end beside the one it had.
    entry = AuditEntry.objects.get(action="volunteers.activity_finished", target_id=str(clean_up.pk))
    before, after = entry.data["ends_at"]
    assert (before[11:16], after[11:16]) == (hhmm(planned_end), hhmm(clean_up.ends_at))


def test_the_record_reads_2_hours_in_english_too(client_for, rider, reviewer, clean_up):
    rider.language = "en"
    rider.save(update_fields=["language"])
    services.activity_finish(actor=reviewer, activity=clean_up)

    page = client_for(rider).get(reverse("volunteers:record"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Volunteer service record" in page and "Total hours" in page
    assert rows(page) == [("成龙路街道清洁", "2")]
    assert fact(page, "record-hours") == "2"


def test_the_finish_page_tells_staff_the_record_counts_the_time_it_ran_and_the_points_stay(client_for, reviewer, clean_up):
    start, end = hhmm(clean_up.starts_at), hhmm(clean_up.ends_at)

    page = client_for(reviewer).get(finish_page(clean_up)).content.decode()

    early = re.search(r'data-testid="finish-early">([^<]*)<', page).group(1)
    assert early.startswith(
        f"活动原定 {end} 结束，现在结束即以此刻为结束时间：骑手的志愿服务记录按实际进行的时长计，目前为 2 小时（{start}–"
    )
    assert early.endswith("），而不是原定时长。")
    assert fact(page, "finish-paid-by-the-hour") == (
        f"已签到的 1 位骑手在签到时已按原定时间 {start}–{end} 获得积分（此规则按小时计分），这些积分保持不变。"
        "如需更正，街道管理员可调整该骑手的积分余额并注明原因，骑手会收到通知。"
    )


def test_the_finish_page_says_it_in_english(client_for, reviewer, clean_up):
    reviewer.language = "en"
    reviewer.save(update_fields=["language"])
    start, end = hhmm(clean_up.starts_at), hhmm(clean_up.ends_at)

    page = client_for(reviewer).get(finish_page(clean_up), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    early = re.search(r'data-testid="finish-early">([^<]*)<', page).group(1)
    assert early.startswith(
        f"It was planned to end at {end} and ends when you finish it: riders' volunteer records will count"
        f" the time it ran, 2 hours so far ({start}–"
    )
    assert fact(page, "finish-paid-by-the-hour").startswith(
        f"1 rider checked in was paid at check-in for the planned {start}–{end} (this rule pays by the hour);"
        " those points stay as paid."
    )


def test_an_activity_finished_after_its_end_keeps_its_planned_hours(client_for, rider, reviewer, clean_up):
    started(clean_up, ago=timedelta(hours=5))  # 14:00–18:00, finished at 19:00
    planned_end = clean_up.ends_at

    page = client_for(reviewer).get(finish_page(clean_up)).content.decode()
    services.activity_finish(actor=reviewer, activity=clean_up)

    assert 'data-testid="finish-early"' not in page and 'data-testid="finish-paid-by-the-hour"' not in page
    clean_up.refresh_from_db()
    assert clean_up.ends_at == planned_end and clean_up.hours == 4
    assert fact(client_for(rider).get(reverse("volunteers:record")).content.decode(), "record-hours") == "4"
    assert AuditEntry.objects.get(action="volunteers.activity_finished", target_id=str(clean_up.pk)).data == {}


def test_a_rule_paid_once_says_nothing_of_points_by_the_hour(client_for, reviewer, rider):
    activity = ActivityFactory()  # the attendance rule: 10 points, once
    signup = services.signup_create(rider=rider, activity=activity).signup
    started(activity, ago=timedelta(minutes=30))
    services.checkin(actor=reviewer, activity=activity, token=services.checkin_token(signup))

    page = client_for(reviewer).get(finish_page(activity)).content.decode()

    assert 'data-testid="finish-early"' in page
    assert 'data-testid="finish-paid-by-the-hour"' not in page
