"""Staff triage of neighbourhood reports: the state machine through the pages and the service
(every pair of states, enumerated from TRANSITIONS), rejection with a reason, duplicates that
credit the original's reporter, acceptance paid once (by the micro-grid rule for a current
micro-grid member), the reporter told of each update, overdue in Beijing time, the digest,
the list's filters, order and queries, bulk duplicates all or nothing, assignment."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from friendlystreet.dashboard.queues import queues_refresh
from friendlystreet.notifications.digest import counts_for
from friendlystreet.notifications.models import Notification
from points.models import Account, Claim, LedgerEntry, Rule
from tests.factories import PartnerFactory, RiderFactory
from tests.venues.factories import CommunityFactory
from volunteers.models import GridAppointment, MeToo, ReplyTemplate, Report, ReportUpdate
from volunteers.reports import errors, selectors, services
from volunteers.reports.services import TRANSITIONS

pytestmark = pytest.mark.django_db

S = Report.Status
LIST = "/staff/reports/"
BEIJING = ZoneInfo("Asia/Shanghai")

ALLOWED = [(src, dst) for src, moves in TRANSITIONS.items() for dst in moves]
FORBIDDEN = [(src, dst) for src in TRANSITIONS for dst in S.values if dst not in TRANSITIONS[src]]


def a_report(reporter, status=S.SUBMITTED, *, age: timedelta | None = None, **fields) -> Report:
    """A report as the rider's form leaves it (its first update is the submission), then put
    in `status` as if staff had moved it there; `age` backdates it."""
    values = {"category": "sanitation", "description": "消防通道旁堆满了装修垃圾", "address": "成龙路168号"} | fields
    report = Report.objects.create(reporter=reporter, status=status, **values)
    ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=reporter)
    if age is not None:
        Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - age)
        report.refresh_from_db()
    return report


def appoint(rider, number: str, **fields) -> GridAppointment:
    """A micro-grid appointment (current unless `ended_on`)."""
    return GridAppointment.objects.create(
        rider=rider, area="成龙路第3网格", appointed_on=date(2026, 1, 5), certificate_number=number, **fields
    )


def me_too(report, n: int) -> None:
    for rider in RiderFactory.create_batch(n):
        MeToo.objects.create(report=report, rider=rider)


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


def move_data(dst: str, original: Report | None = None) -> dict:
    """The answer form as staff send it; a duplicate as confirmed once its original is shown
    (test_report_review_duplicates tells that step)."""
    data = {"status": dst, "note": "已转交社区网格员处理"}
    if dst == S.DUPLICATE:
        data["duplicate_of"] = original.pk
    return data


def page_data(dst: str, original: Report | None = None) -> dict:
    data = move_data(dst, original)
    if dst == S.DUPLICATE:
        data["confirmed_original"] = original.pk
    return data


def balance(user) -> int:
    account = Account.objects.filter(rider=user).first()
    return account.balance if account else 0


# --- the state machine --------------------------------------------------------------------------


@pytest.mark.parametrize(("src", "dst"), ALLOWED, ids=[f"{s}->{d}" for s, d in ALLOWED])
def test_every_allowed_move_through_the_page_changes_the_state_and_tells_the_reporter(staff, rider, other_rider, src, dst):
    report = a_report(rider, src)
    original = a_report(other_rider, S.ACCEPTED, address="成龙路170号")

    response = staff.post(f"{LIST}{report.pk}/transition/", page_data(dst, original))

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}{report.pk}/"
    assert [level for level, _text in messages_of(response)] == [message_levels.SUCCESS]
    report.refresh_from_db()
    assert report.status == dst
    assert report.duplicate_of_id == (original.pk if dst == S.DUPLICATE else None)
    update = report.updates.last()
    assert (update.status, update.note) == (dst, "已转交社区网格员处理")
    notice = Notification.objects.get(recipient=rider, kind="volunteers_report_updated")
    assert notice.context["number"] == report.pk
    assert "已转交社区网格员处理" in notice.body


@pytest.mark.parametrize(("src", "dst"), FORBIDDEN, ids=[f"{s}->{d}" for s, d in FORBIDDEN])
def test_every_forbidden_move_is_a_409_of_the_service_and_a_message_on_the_page(staff, reviewer, rider, other_rider, src, dst):
    report = a_report(rider, src)
    original = a_report(other_rider, S.ACCEPTED, address="成龙路170号")

    with pytest.raises(errors.InvalidTransition) as refused:
        services.report_transition(actor=reviewer, report=report, **move_data(dst, original))
    assert refused.value.status_code == 409
    assert refused.value.code == "invalid_transition"

    response = staff.post(f"{LIST}{report.pk}/transition/", move_data(dst, original))
    assert response.status_code == 302
    assert [level for level, _text in messages_of(response)] == [message_levels.ERROR]
    report.refresh_from_db()
    assert report.status == src
    assert report.updates.count() == 1  # the submission only
    assert not Notification.objects.filter(recipient=rider).exists()
    assert not Claim.objects.exists()


@pytest.mark.parametrize("state", list(TRANSITIONS))
def test_the_page_offers_exactly_the_moves_the_state_machine_allows(staff, rider, state):
    report = a_report(rider, state)
    html = staff.get(f"{LIST}{report.pk}/").content.decode()
    offered = set(re.findall(r'data-testid="move-([a-z_]+)"', html))
    assert offered == set(TRANSITIONS[state])
    assert ('data-testid="report-closed"' in html) == (not TRANSITIONS[state])


def test_a_rejection_needs_a_reason_the_reporter_reads(staff, reviewer, rider):
    report = a_report(rider)

    response = staff.post(f"{LIST}{report.pk}/transition/", {"status": S.REJECTED, "note": "  "}, follow=True)
    assert response.status_code == 200  # the report's page again (a GET), with the form's error
    assert response.context["transition_form"].errors["note"]
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    with pytest.raises(ValidationError):
        services.report_transition(actor=reviewer, report=report, status=S.REJECTED)

    staff.post(f"{LIST}{report.pk}/transition/", {"status": S.REJECTED, "note": "该处属于小区内部，请联系物业"})
    report.refresh_from_db()
    assert report.status == S.REJECTED
    assert report.responded_at is not None
    assert report.updates.last().note == "该处属于小区内部，请联系物业"
    assert not Claim.objects.exists()


def test_a_duplicate_names_an_existing_original(staff, rider):
    report = a_report(rider)
    response = staff.post(f"{LIST}{report.pk}/transition/", {"status": S.DUPLICATE, "note": ""}, follow=True)
    assert response.status_code == 200
    assert response.context["transition_form"].errors["duplicate_of"]
    response = staff.post(
        f"{LIST}{report.pk}/transition/", {"status": S.DUPLICATE, "duplicate_of": report.pk + 1000}, follow=True
    )
    assert response.status_code == 200
    assert response.context["transition_form"].errors["duplicate_of"]
    response = staff.post(f"{LIST}{report.pk}/transition/", {"status": S.DUPLICATE, "duplicate_of": report.pk}, follow=True)
    assert response.status_code == 200  # not a duplicate of itself
    assert response.context["transition_form"].errors["duplicate_of"]
    report.refresh_from_db()
    assert (report.status, report.duplicate_of_id) == (S.SUBMITTED, None)


def test_a_duplicate_links_the_original_pays_its_reporter_nothing_and_the_original_keeps_the_credit(staff, rider, other_rider):
    original = a_report(rider, address="成龙路168号")
    staff.post(f"{LIST}{original.pk}/transition/", {"status": S.ACCEPTED, "note": "已受理"})
    paid = balance(rider)
    assert paid == Rule.objects.get(code=Rule.REPORT_ACCEPTED).points

    duplicate = a_report(other_rider, address="成龙路168号门口")
    staff.post(
        f"{LIST}{duplicate.pk}/transition/",
        {"status": S.DUPLICATE, "duplicate_of": original.pk, "confirmed_original": original.pk, "note": "已有人上报"},
    )

    duplicate.refresh_from_db()
    assert duplicate.status == S.DUPLICATE
    assert duplicate.duplicate_of_id == original.pk
    assert not Claim.objects.filter(rider=other_rider).exists()
    assert balance(other_rider) == 0
    assert balance(rider) == paid
    assert Claim.objects.filter(rider=rider, source_ref=original.claim_ref).count() == 1
    # Each page links the other.
    assert f'href="{LIST}{original.pk}/"' in staff.get(f"{LIST}{duplicate.pk}/").content.decode()
    assert f'href="{LIST}{duplicate.pk}/"' in staff.get(f"{LIST}{original.pk}/").content.decode()


# --- paying on acceptance -----------------------------------------------------------------------


def test_acceptance_pays_once_by_the_report_accepted_rule(staff, reviewer, street_admin, rider):
    rule = Rule.objects.get(code=Rule.REPORT_ACCEPTED)
    report = a_report(rider)

    staff.post(f"{LIST}{report.pk}/transition/", {"status": S.ACCEPTED})
    # Accepting again is a forbidden move; going on to in progress and resolved pays nothing more.
    with pytest.raises(errors.InvalidTransition):
        services.report_transition(actor=street_admin, report=report, status=S.ACCEPTED)
    staff.post(f"{LIST}{report.pk}/transition/", {"status": S.IN_PROGRESS})
    staff.post(f"{LIST}{report.pk}/transition/", {"status": S.RESOLVED, "note": "已清理完毕"})

    claim = Claim.objects.get(rider=rider)
    assert (claim.rule_id, claim.source, claim.source_ref, claim.status) == (rule.pk, "report", f"report-{report.pk}", "approved")
    assert LedgerEntry.objects.filter(account__rider=rider).count() == 1
    account = Account.objects.get(rider=rider)
    assert account.balance == rule.points
    assert account.balance == LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"]
    assert list(report.updates.values_list("status", flat=True)) == ["submitted", "accepted", "in_progress", "resolved"]


def test_a_current_micro_grid_member_is_paid_by_the_grid_rule(staff, rider, other_rider):
    grid_rule = Rule.objects.get(code=selectors.GRID_RULE)
    appoint(rider, "WG-1")
    # A former member is paid as any rider.
    appoint(other_rider, "WG-2", ended_on=date(2026, 2, 28))
    member_report, former_report = a_report(rider), a_report(other_rider, address="成龙路170号")

    staff.post(f"{LIST}{member_report.pk}/transition/", {"status": S.ACCEPTED})
    staff.post(f"{LIST}{former_report.pk}/transition/", {"status": S.ACCEPTED})

    assert Claim.objects.get(rider=rider).rule_id == grid_rule.pk
    assert balance(rider) == grid_rule.points
    assert Claim.objects.get(rider=other_rider).rule.code == Rule.REPORT_ACCEPTED


def test_the_reporter_is_told_of_each_update_and_sees_it(staff, client_for, rider):
    report = a_report(rider)
    staff.post(f"{LIST}{report.pk}/transition/", {"status": S.ACCEPTED, "note": "感谢上报，已派人查看"})
    staff.post(f"{LIST}{report.pk}/transition/", {"status": S.RESOLVED, "note": "垃圾已清运"})

    notices = Notification.objects.filter(recipient=rider, kind="volunteers_report_updated").order_by("id")
    # The acceptance names the points it paid (the seeded rule: 20), in one notice.
    assert [n.context["status"] for n in notices] == [f"{S.ACCEPTED.label}，获得 20 积分", str(S.RESOLVED.label)]
    assert not Notification.objects.filter(recipient=rider, kind="points_awarded").exists()
    assert all(n.link.endswith(f"/reports/{report.pk}/") for n in notices)
    inbox = client_for(rider).get("/notifications/").content.decode()
    assert "感谢上报，已派人查看" in inbox
    assert "垃圾已清运" in inbox
    # The reporter's own view of the report carries the dated notes.
    mine = selectors.report_for(rider, report.pk)
    assert [(u.status, u.note) for u in mine.updates.all()] == [
        ("submitted", ""),
        ("accepted", "感谢上报，已派人查看"),
        ("resolved", "垃圾已清运"),
    ]


# --- overdue and the digest ---------------------------------------------------------------------


def test_overdue_counts_the_response_hours_in_beijing_time(rider):
    # 01:00 on 2 March in Chengdu is still 1 March in UTC.
    now = datetime(2026, 3, 2, 1, 0, tzinfo=BEIJING)
    assert now.astimezone(ZoneInfo("UTC")).date() == date(2026, 3, 1)
    just_in_time = a_report(rider)
    late = a_report(rider)
    answered = a_report(rider, S.ACCEPTED)
    Report.objects.filter(pk=just_in_time.pk).update(created_at=datetime(2026, 2, 28, 1, 30, tzinfo=BEIJING))  # 47.5 h
    Report.objects.filter(pk__in=[late.pk, answered.pk]).update(created_at=datetime(2026, 2, 28, 0, 30, tzinfo=BEIJING))
    for r in (just_in_time, late, answered):
        r.refresh_from_db()

    with override_settings(REPORT_RESPONSE_HOURS=48):
        assert [selectors.is_overdue(r, now) for r in (just_in_time, late, answered)] == [False, True, False]
        assert set(Report.objects.filter(selectors.overdue_q(now)).values_list("pk", flat=True)) == {late.pk}
    with override_settings(REPORT_RESPONSE_HOURS=24):
        assert [selectors.is_overdue(r, now) for r in (just_in_time, late, answered)] == [True, True, False]
    with override_settings(REPORT_RESPONSE_HOURS=72):
        assert not Report.objects.filter(selectors.overdue_q(now)).exists()


@override_settings(REPORT_RESPONSE_HOURS=48)
def test_the_list_highlights_overdue_reports_and_filters_them(staff, rider):
    late = a_report(rider, age=timedelta(hours=49))
    fresh = a_report(rider, age=timedelta(hours=47))
    late_but_answered = a_report(rider, S.ACCEPTED, age=timedelta(hours=60))

    html = staff.get(LIST).content.decode()
    assert f'data-report-id="{late.pk}" data-overdue="1"' in html
    assert f'data-report-id="{fresh.pk}">' in html
    assert f'data-report-id="{late_but_answered.pk}">' in html
    only = staff.get(LIST, {"overdue": "1"}).context["rows"]
    assert [r.pk for r in only] == [late.pk]
    assert 'data-testid="overdue"' in staff.get(f"{LIST}{late.pk}/").content.decode()
    assert 'data-testid="overdue"' not in staff.get(f"{LIST}{fresh.pk}/").content.decode()


@override_settings(REPORT_RESPONSE_HOURS=48)
def test_the_morning_digest_counts_new_and_overdue_reports_for_those_who_triage(reviewer, street_admin, rider):
    a_report(rider, age=timedelta(hours=50))
    a_report(rider, age=timedelta(hours=49))
    a_report(rider, age=timedelta(hours=1))
    a_report(rider, S.ACCEPTED, age=timedelta(hours=80))
    a_report(rider, S.REJECTED, age=timedelta(hours=80))

    for user in (reviewer, street_admin):
        lines = {source.code: n for source, n in counts_for(user)}
        assert lines["volunteers.new_reports"] == 3
        assert lines["volunteers.overdue_reports"] == 2
    assert not {s.code for s, _n in counts_for(rider)} & {"volunteers.new_reports", "volunteers.overdue_reports"}


# --- the list -----------------------------------------------------------------------------------


def test_more_me_toos_rise_then_the_oldest_first(staff, rider):
    old_quiet = a_report(rider, age=timedelta(hours=30))
    new_loud = a_report(rider, age=timedelta(hours=1))
    middle = a_report(rider, age=timedelta(hours=5))
    newer_quiet = a_report(rider, age=timedelta(hours=2))
    me_too(new_loud, 3)
    me_too(middle, 1)

    rows = staff.get(LIST).context["rows"]
    assert [r.pk for r in rows] == [new_loud.pk, middle.pk, old_quiet.pk, newer_quiet.pk]
    assert [r.me_too_count for r in rows] == [3, 1, 0, 0]


def test_an_overdue_unanswered_report_comes_before_those_already_in_hand(staff, rider):
    """#9 消防通道堵塞 of the review: unanswered for 2½ days, no me-toos, it sat below reports
    already 处理中. Overdue (selectors.overdue_q, REPORT_RESPONSE_HOURS) comes first; the rest
    keep their order (more me-toos, then the oldest), and the page says so."""
    in_progress_loud = a_report(rider, S.IN_PROGRESS, age=timedelta(days=4))
    in_progress = a_report(rider, S.IN_PROGRESS, age=timedelta(days=3))
    fire_lane = a_report(rider, category="fire_lane", age=timedelta(hours=60))
    fresh = a_report(rider, age=timedelta(hours=2))
    me_too(in_progress_loud, 2)
    me_too(fresh, 1)

    response = staff.get(LIST)
    rows = response.context["rows"]
    assert [r.pk for r in rows] == [fire_lane.pk, in_progress_loud.pk, fresh.pk, in_progress.pk]
    assert [r.overdue for r in rows] == [True, False, False, False]
    html = response.content.decode()
    assert re.search(rf'data-report-id="{fire_lane.pk}" data-overdue="1"', html)
    assert "超时的排在最前（超过 48 小时未答复），其次是“我也看到了”多的，再按提交先后。" in html

    # The one definition of overdue: with 72 hours to answer, 60 are not overdue yet.
    with override_settings(REPORT_RESPONSE_HOURS=72):
        rows = staff.get(LIST).context["rows"]
    assert [r.pk for r in rows] == [in_progress_loud.pk, fresh.pk, in_progress.pk, fire_lane.pk]
    assert not any(r.overdue for r in rows)


def test_the_filters(staff, reviewer, street_admin, rider, other_rider):
    east, west = CommunityFactory(name="东社区"), CommunityFactory(name="西社区")
    appoint(other_rider, "WG-9")
    sanitation = a_report(rider, community=east)
    fire_lane = a_report(rider, category="fire_lane", community=west)
    by_member = a_report(other_rider, category="fire_lane", community=east)
    resolved = a_report(rider, S.RESOLVED, community=east)
    services.report_assign(actor=reviewer, report=sanitation, assignee=reviewer)
    services.report_assign(actor=reviewer, report=fire_lane, assignee=street_admin)

    def pks(**query) -> set[int]:
        response = staff.get(LIST, query)
        assert response.status_code == 200
        return {r.pk for r in response.context["rows"]}

    assert pks() == {sanitation.pk, fire_lane.pk, by_member.pk}  # open ones by default
    assert pks(status="resolved") == {resolved.pk}
    assert pks(category="fire_lane") == {fire_lane.pk, by_member.pk}
    assert pks(community=east.pk) == {sanitation.pk, by_member.pk}
    assert pks(grid="1") == {by_member.pk}
    assert pks(assigned="me") == {sanitation.pk}
    assert pks(category="fire_lane", community=east.pk) == {by_member.pk}
    # Values that are no choice are ignored rather than a 500.
    assert pks(status="nonsense", community="x", assigned="bob") == {sanitation.pk, fire_lane.pk, by_member.pk}


def test_a_row_shows_what_triage_needs_with_the_reporters_masked_name_and_badges(staff, rider, other_rider):
    appoint(rider, "WG-3")
    description = (
        "井盖松动，电动车经过会翘起来，晚上看不清楚，已经有两位骑手差点摔倒，附近还有一所小学，孩子们上下学都从这里走，请尽快处理"
    )
    report = a_report(rider, community=CommunityFactory(name="龙华社区"), description=description)
    me_too(report, 2)

    html = staff.get(LIST).content.decode()
    assert f"#{report.pk}" in html
    assert "井盖松动" in html
    assert "请尽快处理" not in html  # the first words only
    assert "龙华社区" in html
    assert rider.masked_name in html
    assert rider.display_name not in html
    assert 'data-badge="grid_member"' in html
    assert re.search(r'data-testid="me-too-count"[^>]*>\s*2', html)


def test_the_report_page_shows_everything_about_it(staff, rider, other_rider):
    report = a_report(rider, lat=30.6578, lng=104.0812, address="成龙路168号", community=CommunityFactory(name="龙华社区"))
    MeToo.objects.create(report=report, rider=other_rider)
    html = staff.get(f"{LIST}{report.pk}/").content.decode()
    assert report.description in html
    assert 'data-testid="map-pin"' in html
    assert "30.65780" in html
    assert 'data-testid="nav-amap"' in html and 'data-testid="nav-baidu"' in html  # as on the riders' pages
    assert "成龙路168号" in html and "龙华社区" in html
    assert rider.masked_name in html and rider.masked_phone in html
    assert rider.phone not in html
    assert rider.display_name not in html  # the submission's update names the reporter masked too
    assert other_rider.masked_name in html
    assert 'data-testid="report-update" data-state="submitted"' in html


def test_reply_templates_of_the_category_and_move_are_offered(staff, rider):
    ReplyTemplate.objects.create(category="sanitation", status=S.ACCEPTED, title="已受理", text="感谢上报，已转交环卫")
    ReplyTemplate.objects.create(category="", status=S.REJECTED, title="不属实", text="现场核实未发现问题")
    ReplyTemplate.objects.create(category="fire_lane", status=S.ACCEPTED, title="消防", text="已通知消防")
    ReplyTemplate.objects.create(category="sanitation", status="", title="通用", text="谢谢")
    ReplyTemplate.objects.create(category="sanitation", status=S.ACCEPTED, title="旧", text="停用", active=False)
    report = a_report(rider)

    offered = staff.get(f"{LIST}{report.pk}/").context["reply_templates"]

    assert {move: [t["title"] for t in ts] for move, ts in offered.items()} == {
        S.ACCEPTED: ["通用", "已受理"],
        S.REJECTED: ["不属实", "通用"],
        S.DUPLICATE: ["通用"],
    }


# --- bulk duplicates and assignment -------------------------------------------------------------


def test_bulk_duplicates_mark_them_all(staff, rider, other_rider):
    original = a_report(rider)
    first, second = a_report(other_rider), a_report(other_rider, S.ACCEPTED)

    data = {"ids": [first.pk, second.pk], "duplicate_of": original.pk, "next": f"{LIST}?category=sanitation"}
    # First the page says what will happen (test_volunteers_polish tells that step); then staff confirm.
    assert staff.post(f"{LIST}duplicates/", data).status_code == 200
    response = staff.post(f"{LIST}duplicates/", {**data, "confirmed_original": original.pk})

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?category=sanitation"
    assert [level for level, _t in messages_of(response)] == [message_levels.SUCCESS]
    for r in (first, second):
        r.refresh_from_db()
        assert (r.status, r.duplicate_of_id) == (S.DUPLICATE, original.pk)
    assert Notification.objects.filter(recipient=other_rider, kind="volunteers_report_updated").count() == 2


def test_bulk_duplicates_are_all_or_nothing(staff, rider, other_rider):
    original = a_report(rider)
    open_one, resolved = a_report(other_rider), a_report(other_rider, S.RESOLVED)

    response = staff.post(f"{LIST}duplicates/", {"ids": [open_one.pk, resolved.pk], "duplicate_of": original.pk})

    assert response.status_code == 302
    assert [level for level, _t in messages_of(response)] == [message_levels.ERROR]
    open_one.refresh_from_db()
    resolved.refresh_from_db()
    assert (open_one.status, resolved.status) == (S.SUBMITTED, S.RESOLVED)
    assert not ReportUpdate.objects.filter(status=S.DUPLICATE).exists()
    assert not Notification.objects.exists()
    # A missing report or a missing original changes nothing either, nor a number beyond any id.
    for data in (
        {"ids": [open_one.pk, 999999], "duplicate_of": original.pk},
        {"ids": [open_one.pk, 2**63], "duplicate_of": original.pk},
        {"ids": [open_one.pk, "x"], "duplicate_of": original.pk},
        {"ids": [open_one.pk], "duplicate_of": 999999},
    ):
        response = staff.post(f"{LIST}duplicates/", data)
        assert response.status_code == 302
        assert messages_of(response)[-1][0] == message_levels.ERROR
        open_one.refresh_from_db()
        assert open_one.status == S.SUBMITTED


def test_assign_only_to_staff_who_triage(staff, reviewer, street_admin, rider):
    report = a_report(rider)
    html = staff.get(f"{LIST}{report.pk}/").content.decode()
    assert f'<option value="{street_admin.pk}"' in html
    assert f'<option value="{rider.pk}"' not in html

    response = staff.post(f"{LIST}{report.pk}/assign/", {"assigned_to": street_admin.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.assigned_to_id == street_admin.pk

    for outsider in (rider, PartnerFactory()):
        response = staff.post(f"{LIST}{report.pk}/assign/", {"assigned_to": outsider.pk}, follow=True)
        assert response.status_code == 200
        assert response.context["assign_form"].errors["assigned_to"]
        report.refresh_from_db()
        assert report.assigned_to_id == street_admin.pk

    staff.post(f"{LIST}{report.pk}/assign/", {"assigned_to": ""})
    report.refresh_from_db()
    assert report.assigned_to_id is None


# --- who may triage -----------------------------------------------------------------------------


def test_reviewers_and_street_admins_triage_riders_and_partners_may_not(client_for, reviewer, street_admin, rider, merchant_a):
    report = a_report(rider)
    for user in (reviewer, street_admin):
        client = client_for(user)
        assert client.get(LIST).status_code == 200
        assert client.get(f"{LIST}{report.pk}/").status_code == 200
    for user in (rider, merchant_a):
        client = client_for(user)
        assert client.get(LIST).status_code == 403
        assert client.get(f"{LIST}{report.pk}/").status_code == 403
        assert client.post(f"{LIST}{report.pk}/transition/", {"status": S.ACCEPTED}).status_code == 403
        assert client.post(f"{LIST}{report.pk}/assign/", {"assigned_to": user.pk}).status_code == 403
        assert client.post(f"{LIST}duplicates/", {"ids": [report.pk], "duplicate_of": report.pk}).status_code == 403
        with pytest.raises(errors.NotAllowed):
            services.report_transition(actor=user, report=report, status=S.ACCEPTED)
    report.refresh_from_db()
    assert (report.status, report.assigned_to_id) == (S.SUBMITTED, None)
    assert not Claim.objects.exists()


def test_an_unknown_report_is_404(staff):
    assert staff.get(f"{LIST}999999/").status_code == 404
    assert staff.post(f"{LIST}999999/transition/", {"status": S.ACCEPTED}).status_code == 404


# --- queries ------------------------------------------------------------------------------------


def test_the_list_costs_the_same_queries_for_three_reports_or_thirty(staff, reviewer):
    """The page's own queries are pinned: the count and the rows (me-toos and the micro-grid
    flag as annotations; reporter, community and assignee joined) and the communities of the
    filter, besides one query per badge source for the page's reporters. The staff shell's
    queries (session, user, permissions, the nav's counts) are the same for 3 rows or 30."""
    community = CommunityFactory(name="龙华社区")

    def fill(n: int) -> None:
        for i in range(n):
            reporter = RiderFactory()
            appoint(reporter, f"Q-{reporter.pk}")
            report = a_report(reporter, community=community, address=f"成龙路{i}号")
            me_too(report, i % 3)
            services.report_assign(actor=reviewer, report=report, assignee=reviewer)

    def queries(expected_rows: int) -> list[str]:
        # The menu's counts as the periodic refresh records them: a staff page counts and records
        # a queue not recorded yet (once), and the queue's page moves the record when it moved.
        queues_refresh()
        with CaptureQueriesContext(connection) as captured:
            assert len(staff.get(LIST).context["rows"]) == expected_rows
        return [q["sql"] for q in captured.captured_queries]

    fill(3)
    few = queries(3)
    fill(27)
    many = queries(30)
    assert len(many) == len(few)
    # The count and the page, and the new reports' count for the menu's badge (live on the
    # queue's own page: dashboard.queues.badges).
    assert len([q for q in many if 'FROM "volunteers_report"' in q]) == 3
    assert len([q for q in many if 'FROM "venues_community"' in q]) == 1  # the filter's choices
