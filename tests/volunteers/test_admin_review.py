"""The volunteers pages after an admin's and a reviewer's day with the demo: one story per
finding, told as the user met it.

1. A report is sent once: a double tap, Back and "send" again, two requests at once and an
   API retry with the same Idempotency-Key all make one report (the API's retry: 200, the
   same id).
2. The public list of resolved problems fits a phone (tests/browser/test_report_in_browser.py).
3. Staff answering a report: "post an update, keep the state" is offered and is the default,
   a final state is never pre-selected and asks first, a closed report says which state it
   is in; the nav and the page use one name.
4. The roster: "mark attended" asks first, naming the rider and the points; a cancelled
   activity says why.
5. The activity form's first section and the activity's length read as Chinese.
6. Check-in: staff sign up and check in a walk-in rider when a place is free (or over
   capacity when they say so), a waitlisted rider too (the waitlist itself moves up on its own).
"""

from __future__ import annotations

import os
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.models import Claim
from points.selectors import balance_of
from tests.factories import RiderFactory
from tests.html import text_of
from tests.volunteers.factories import ActivityFactory, SignupFactory, started
from volunteers import errors, services
from volunteers.models import Activity, Report, ReportUpdate, Signup
from volunteers.reports.errors import TooManyReports
from volunteers.reports.services import ReportSubmission, report_submit, report_transition

pytestmark = pytest.mark.django_db

NEW_REPORT = reverse("volunteers:report_new")
API_REPORTS = "/api/v1/reports/"


def hidden(html: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name} in the page"
    return match.group(1)


def report_form_data(key: str, **changes) -> dict:
    return {
        "category": "fire_lane",
        "description": "3号楼后消防通道被电动车堵住",
        "lat": "",
        "lng": "",
        "address": "成龙路168号3号楼后",
        "community": "",
        "idempotency_key": key,
        **changes,
    }


# --- 1. a report is sent once --------------------------------------------------------------------


def test_a_double_tap_on_send_makes_one_report_and_shows_it(rider, client_for):
    client = client_for(rider)
    page = client.get(NEW_REPORT)
    key = hidden(page.content.decode(), "idempotency_key")
    assert 'data-once="1"' in page.content.decode()

    first = client.post(NEW_REPORT, report_form_data(key))
    second = client.post(NEW_REPORT, report_form_data(key))  # the second tap, or Back and send again

    report = Report.objects.get(reporter=rider)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("volunteers:report_detail", args=[report.pk])
    assert ReportUpdate.objects.filter(report=report).count() == 1
    assert AuditEntry.objects.filter(action="volunteers.report_submitted").count() == 1


def test_each_rendering_of_the_form_is_a_new_report(rider, client_for):
    client = client_for(rider)
    for _ in range(2):
        key = hidden(client.get(NEW_REPORT).content.decode(), "idempotency_key")
        assert client.post(NEW_REPORT, report_form_data(key)).status_code == 302
    assert Report.objects.filter(reporter=rider).count() == 2


def test_the_same_key_of_another_rider_is_their_own_report(rider, other_rider):
    mine = report_submit(rider=rider, category="sanitation", description="垃圾堆满了", address="A", idempotency_key="k-1")
    theirs = report_submit(rider=other_rider, category="sanitation", description="垃圾堆满了", address="A", idempotency_key="k-1")
    assert mine.report.pk != theirs.report.pk and mine.created and theirs.created


def test_an_api_retry_with_the_same_idempotency_key_is_200_with_the_same_report(api_for, rider):
    api = api_for(rider)
    body = {"category": "sanitation", "description": "路口垃圾堆了三天", "address": "成龙路与迎晖路路口"}
    key = str(uuid.uuid4())

    first = api.post(API_REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    retry = api.post(API_REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    other = api.post(API_REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))

    assert first.status_code == 201, first.json()
    assert retry.status_code == 200
    assert retry.json()["id"] == first.json()["id"]
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert Report.objects.filter(reporter=rider).count() == 2


def test_an_idempotency_key_that_is_too_long_is_a_400_and_reports_nothing(api_for, rider):
    body = {"category": "sanitation", "description": "路口垃圾堆了三天", "address": "成龙路"}
    response = api_for(rider).post(API_REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY="k" * 65)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert not Report.objects.exists()


def test_a_replay_is_answered_even_after_the_days_limit(rider):
    first = report_submit(rider=rider, category="sanitation", description="路口垃圾堆了三天", address="A", idempotency_key="same")
    for n in range(19):  # the day's twenty reports, the first included
        report_submit(rider=rider, category="sanitation", description=f"路口垃圾堆了{n}天", address="A")
    with pytest.raises(TooManyReports):  # a new one is refused...
        report_submit(rider=rider, category="sanitation", description="路口垃圾堆了三天", address="A", idempotency_key="new")

    again = report_submit(rider=rider, category="sanitation", description="路口垃圾堆了三天", address="A", idempotency_key="same")

    # ...but a retry of the first is answered with it.
    assert again.report.pk == first.report.pk and again.created is False
    assert Report.objects.filter(reporter=rider).count() == 20


# --- 3. staff answer a report -------------------------------------------------------------------


def a_report_in_progress(rider, reviewer) -> Report:
    report = report_submit(
        rider=rider, category="traffic_parking", description="骑手停车区被私家车占了", address="静康路66号"
    ).report
    report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED, note="已受理。")
    return report_transition(actor=reviewer, report=report, status=Report.Status.IN_PROGRESS, note="物业正在施工。")


def radios(html: str) -> dict[str, str]:
    """The answer form's choices: value → the whole <input> tag."""
    return {m.group(1): m.group(0) for m in re.finditer(r'<input type="radio" name="status" value="([a-z_]+)"[^>]*>', html)}


def test_staff_post_a_progress_note_without_resolving_a_report_in_progress(rider, reviewer, client_for):
    report = a_report_in_progress(rider, reviewer)
    staff = client_for(reviewer)
    url = reverse("volunteers:staff_report_detail", args=[report.pk])

    html = staff.get(url).content.decode()
    choices = radios(html)
    # Keeping the state is offered first and is the default; the final state is not chosen for staff.
    assert list(choices) == ["keep", "resolved"]
    assert "checked" in choices["keep"] and "checked" not in choices["resolved"]
    assert "不变更状态，只发布进展（仍为“处理中”）" in html
    # ... and asks before it is sent (site.js reads the question reports_staff.js puts on the form).
    question = f"“已办结”是最终状态：保存后线索 #{report.pk} 不能再变更状态。确定保存吗？"
    assert f'data-confirm-question="{question}"' in choices["resolved"]

    response = staff.post(
        reverse("volunteers:staff_report_transition", args=[report.pk]),
        {"status": "keep", "note": "隔离桩已装好一半，周五完工。"},
        follow=True,
    )

    report.refresh_from_db()
    assert report.status == Report.Status.IN_PROGRESS and report.resolved_at is None
    assert f"线索 #{report.pk} 的进展已发布，状态仍为“处理中”，已通知上报人。" in response.content.decode()
    update = report.updates.order_by("-id").first()
    assert (update.status, update.note, update.author) == ("in_progress", "隔离桩已装好一半，周五完工。", reviewer)
    notice = Notification.objects.filter(recipient=rider, kind="volunteers_report_updated").order_by("-id").first()
    assert "隔离桩已装好一半" in notice.body
    assert AuditEntry.objects.filter(action="volunteers.report_update_posted", target_id=str(report.pk)).count() == 1
    # The rider sees every update on their report's page.
    mine = client_for(rider).get(reverse("volunteers:report_detail", args=[report.pk])).content.decode()
    assert "物业正在施工。" in mine and "隔离桩已装好一半，周五完工。" in mine
    # And the page offers the same choices again, the state kept by default.
    assert "checked" in radios(staff.get(url).content.decode())["keep"]


def test_an_update_without_a_move_needs_its_note(rider, reviewer, client_for):
    report = a_report_in_progress(rider, reviewer)
    updates = report.updates.count()

    response = client_for(reviewer).post(
        reverse("volunteers:staff_report_transition", args=[report.pk]), {"status": "keep", "note": " "}, follow=True
    )

    assert "请填写进展说明：上报人会看到。" in response.content.decode()
    assert report.updates.count() == updates


def test_a_new_report_is_not_answered_for_staff(rider, reviewer, client_for):
    report = report_submit(rider=rider, category="sanitation", description="路口垃圾堆了三天", address="成龙路").report
    choices = radios(client_for(reviewer).get(reverse("volunteers:staff_report_detail", args=[report.pk])).content.decode())
    assert list(choices) == ["keep", "accepted", "rejected", "duplicate"]
    assert [value for value, tag in choices.items() if "checked" in tag] == ["keep"]
    assert "data-confirm-question" in choices["rejected"]
    # A duplicate is asked on the page once its original is checked and shown (test_report_review_duplicates).
    assert "data-confirm-question" not in choices["duplicate"]
    assert "data-confirm-question" not in choices["accepted"]


@pytest.mark.parametrize(
    "state, says",
    [
        ("duplicate", "该线索已标记为重复，不能再变更状态。"),
        ("rejected", "该线索已不予受理，不能再变更状态。"),
        ("resolved", "该线索已办结，不能再变更状态。"),
    ],
)
def test_a_closed_report_says_which_state_it_is_in(rider, reviewer, client_for, state, says):
    original = report_submit(rider=rider, category="sanitation", description="路口垃圾堆了三天", address="成龙路").report
    report = report_submit(rider=rider, category="sanitation", description="路口又堆满了垃圾", address="成龙路").report
    if state == "resolved":
        report_transition(actor=reviewer, report=report, status=Report.Status.ACCEPTED)
    report_transition(actor=reviewer, report=report, status=state, note="说明", duplicate_of=original)

    html = client_for(reviewer).get(reverse("volunteers:staff_report_detail", args=[report.pk])).content.decode()

    assert says in html
    assert not radios(html)


def test_staff_read_one_name_for_the_reports_in_the_menu_and_on_the_page(reviewer, client_for):
    html = client_for(reviewer).get(reverse("volunteers:staff_report_list")).content.decode()
    assert '<a aria-current="page" href="/staff/reports/">治理线索' in html
    assert "<h1>治理线索" in html
    assert "线索上报" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_staff_are_asked_before_resolving_and_an_update_is_not_asked(live_server, page, settings, tmp_path):
    from playwright.sync_api import expect

    from tests.browser.steps import no_sideways_scroll, sign_in
    from tests.factories import ReviewerFactory, RiderFactory

    rider, reviewer = RiderFactory(), ReviewerFactory()
    report = a_report_in_progress(rider, reviewer)
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/reports/{report.pk}/")
    expect(page.get_by_test_id("keep-state")).to_be_checked()
    expect(page.get_by_test_id("move-resolved")).not_to_be_checked()
    page.screenshot(path=str(Path(os.environ.get("SCREENSHOT_DIR") or tmp_path) / "staff-report-360.png"), full_page=True)
    assert no_sideways_scroll(page)

    # Resolving asks first; "no" changes nothing.
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_test_id("move-resolved").check()
    page.locator("#id_note").fill("已完工。")
    page.locator("#transition-submit").click()
    page.wait_for_timeout(300)
    assert asked == [f"“已办结”是最终状态：保存后线索 #{report.pk} 不能再变更状态。确定保存吗？"]
    report.refresh_from_db()
    assert report.status == Report.Status.IN_PROGRESS

    # Back to "no change": a progress note is sent without a question.
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_test_id("keep-state").check()
    page.locator("#id_note").fill("隔离桩周五装完。")
    page.locator("#transition-submit").click()
    expect(page.locator(".messages, [role=status], .msg").first).to_contain_text("进展已发布")
    assert len(asked) == 1
    report.refresh_from_db()
    assert report.status == Report.Status.IN_PROGRESS
    assert report.updates.order_by("-id").first().note == "隔离桩周五装完。"

    # Resolving, said yes to, resolves.
    page.get_by_test_id("move-resolved").check()
    page.locator("#id_note").fill("已完工。")
    page.locator("#transition-submit").click()
    expect(page.get_by_test_id("report-closed")).to_have_text("该线索已办结，不能再变更状态。")
    assert len(asked) == 2
    report.refresh_from_db()
    assert report.status == Report.Status.RESOLVED


# --- 4. the roster --------------------------------------------------------------------------------


def roster_url(activity: Activity) -> str:
    return reverse("volunteers:staff_activity_roster", args=[activity.pk])


def test_marking_attended_asks_first_naming_the_rider_and_the_points(rider, reviewer, client_for):
    activity = ActivityFactory(title="成龙路街道清洁")  # check-in open, the attendance rule: 10 points
    signup = SignupFactory(activity=activity, rider=rider)

    form = rf'<form method="post" action="/staff/activities/{activity.pk}/attendance/{signup.pk}/"[^>]*>'

    html = client_for(reviewer).get(roster_url(activity)).content.decode()

    # Before the start nobody is a no-show yet: only "attended" is offered.
    (attended,) = re.findall(form, html)
    assert f'data-confirm="将{rider.masked_name}记为到场？将立即发放 10 积分，且不能撤销。"' in attended

    started(activity)
    html = client_for(reviewer).get(roster_url(activity)).content.decode()

    attended, no_show = re.findall(form, html)
    # "Did not come" pays nothing and can be put right by a later check-in, which it says.
    assert f'data-confirm="将{rider.masked_name}记为缺席？缺席不得积分；如果之后到场，仍可签到。"' in no_show


def test_a_cancelled_activitys_roster_says_why(reviewer, client_for):
    activity = ActivityFactory(starts_at=timezone.now() + timedelta(days=3))
    services.activity_cancel(actor=reviewer, activity=activity, reason="暴雨橙色预警")

    html = client_for(reviewer).get(roster_url(activity)).content.decode()

    assert re.search(r'data-testid="roster-cancelled">此活动已取消。<br>原因：暴雨橙色预警</p>', html)


# --- 5. the activity form and page ---------------------------------------------------------------


def test_the_activity_forms_first_section_is_named_basic_information(reviewer, client_for):
    html = client_for(reviewer).get(reverse("volunteers:staff_activity_new")).content.decode()
    assert re.search(r"<legend[^>]*>基本信息</legend>", html)
    assert ">事项<" not in html


def test_the_activity_page_gives_its_length_without_ascii_brackets(rider, client_for):
    activity = ActivityFactory()  # two hours
    html = client_for(rider).get(reverse("volunteers:activity_detail", args=[activity.pk])).content.decode()
    when = re.sub(r"<[^>]+>", "", re.search(r"<dt>时间</dt><dd>(.*?)</dd>", html).group(1))
    assert when.endswith(" · 2 小时")
    assert "(" not in when and ")" not in when


def test_the_rider_and_the_roster_give_the_same_length(rider, reviewer, client_for):
    start = timezone.now() + timedelta(days=1)
    activity = ActivityFactory(starts_at=start, ends_at=start + timedelta(minutes=90))
    rider_page = client_for(rider).get(reverse("volunteers:activity_detail", args=[activity.pk])).content.decode()
    roster = client_for(reviewer).get(reverse("volunteers:staff_activity_roster", args=[activity.pk])).content.decode()
    assert text_of(rider_page, "hours") == text_of(roster, "hours") == "1.5 小时"


# --- 6. check-in: walk-ins and the waitlist ------------------------------------------------------


def checkin_url(activity: Activity) -> str:
    return reverse("volunteers:staff_checkin", args=[activity.pk])


def walk_in_url(activity: Activity) -> str:
    return reverse("volunteers:staff_walk_in", args=[activity.pk])


def walk_in_form(html: str) -> str:
    found = re.search(r'<form method="post" action="[^"]*/walk-in/"[^>]*>.*?</form>', html, re.S)
    return found.group(0) if found else ""


def test_staff_sign_up_and_check_in_a_verified_walk_in_when_a_place_is_free(reviewer, client_for):
    activity = ActivityFactory(capacity=3)
    walk_in = RiderFactory(display_name="王走来")
    staff = client_for(reviewer)

    looked_up = staff.post(checkin_url(activity), {"code": walk_in.phone[3:]}).content.decode()

    assert 'data-result="not_signed_up"' in looked_up
    form = walk_in_form(looked_up)
    assert f'<input type="hidden" name="rider" value="{walk_in.pk}">' in form
    assert "over_capacity" not in form
    assert "还剩 3 个名额：如果骑手已到场，可在这里为其报名。" in form
    assert f'data-confirm="为{walk_in.masked_name}报名并签到？将立即发放 10 积分，且不能撤销。"' in form

    response = staff.post(walk_in_url(activity), {"rider": walk_in.pk}, follow=True)
    done = response.content.decode()

    assert response.redirect_chain == [(checkin_url(activity), 302)]
    assert f"{walk_in.masked_name}已现场报名并签到。已发放 10 积分。" in done
    assert '<strong id="checked-in">1</strong> / <span id="registered">1</span>' in done
    signup = Signup.objects.get(activity=activity, rider=walk_in)
    assert (signup.status, signup.attendance, signup.checked_in_by) == ("registered", "attended", reviewer)
    assert balance_of(walk_in) == 10
    assert Claim.objects.filter(rider=walk_in, source="activity", source_ref=signup.claim_ref).count() == 1
    entry = AuditEntry.objects.get(action="volunteers.walk_in_signed_up", target_id=str(signup.pk))
    assert entry.actor == reviewer
    assert entry.data == {"changes": {"status": [None, "registered"]}, "over_capacity": False}
    # A second tap pays nothing more.
    again = staff.post(walk_in_url(activity), {"rider": walk_in.pk}, follow=True).content.decode()
    assert f"{walk_in.masked_name}已签到过，不会重复发放积分。" in again
    assert balance_of(walk_in) == 10


def test_a_full_activity_takes_a_walk_in_only_when_staff_accept_going_over_capacity(reviewer, client_for):
    activity = ActivityFactory(capacity=1)
    SignupFactory(activity=activity, rider=RiderFactory())
    walk_in = RiderFactory()
    staff = client_for(reviewer)

    form = walk_in_form(staff.post(checkin_url(activity), {"code": walk_in.phone[3:]}).content.decode())
    assert '<input type="hidden" name="over_capacity" value="1">' in form
    assert "名额已满（1/1）" in form and "超额报名并签到" in form

    refused = staff.post(walk_in_url(activity), {"rider": walk_in.pk}, follow=True).content.decode()
    assert "本活动的名额已满。" in refused
    assert not Signup.objects.filter(activity=activity, rider=walk_in).exists()

    staff.post(walk_in_url(activity), {"rider": walk_in.pk, "over_capacity": "1"})
    assert activity.signups.filter(status="registered").count() == 2
    assert balance_of(walk_in) == 10
    entry = AuditEntry.objects.get(action="volunteers.walk_in_signed_up")
    assert entry.data == {"changes": {"status": [None, "registered"]}, "over_capacity": True}


def test_a_waitlisted_rider_who_comes_is_moved_up_and_checked_in(reviewer, client_for):
    activity = ActivityFactory(capacity=1)
    SignupFactory(activity=activity, rider=RiderFactory())
    waiting = RiderFactory()
    waitlisted = SignupFactory(activity=activity, rider=waiting, status=Signup.Status.WAITLISTED)
    staff = client_for(reviewer)

    # A scan of their code: no place yet, and the offer to sign them up over the capacity.
    html = staff.post(checkin_url(activity), {"code": services.checkin_token(waitlisted)}).content.decode()
    assert 'data-result="not_signed_up"' in html and walk_in_form(html)

    staff.post(walk_in_url(activity), {"rider": waiting.pk, "over_capacity": "1"})

    waitlisted.refresh_from_db()
    assert (waitlisted.status, waitlisted.attendance) == ("registered", "attended")
    assert balance_of(waiting) == 10


def test_an_unverified_rider_cannot_be_signed_up_at_the_event(reviewer, client_for):
    activity = ActivityFactory()
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)

    html = client_for(reviewer).post(checkin_url(activity), {"code": newcomer.phone[3:]}).content.decode()

    assert "此骑手尚未通过认证，不能在这里报名。" in html and not walk_in_form(html)
    with pytest.raises(errors.NotARider):
        services.checkin_walk_in(actor=reviewer, activity=activity, rider=newcomer)
    assert not Signup.objects.exists()


def test_only_staff_who_run_activities_sign_up_walk_ins(rider, other_rider):
    with pytest.raises(errors.NotAllowed):
        services.checkin_walk_in(actor=rider, activity=ActivityFactory(), rider=other_rider)


def test_walk_ins_wait_for_check_in_to_open(reviewer, other_rider):
    activity = ActivityFactory(starts_at=timezone.now() + timedelta(days=2))
    with pytest.raises(errors.CheckinNotOpen):
        services.checkin_walk_in(actor=reviewer, activity=activity, rider=other_rider)
    assert not Signup.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_staff_check_in_a_walk_in_at_360_px(live_server, page, tmp_path):
    from playwright.sync_api import expect

    from tests.browser.steps import no_sideways_scroll, sign_in
    from tests.factories import ReviewerFactory

    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    reviewer = ReviewerFactory()
    activity = ActivityFactory(title="成龙路街道清洁", capacity=1)
    SignupFactory(activity=activity, rider=RiderFactory())
    walk_in = RiderFactory(display_name="王走来")
    page.set_viewport_size({"width": 360, "height": 640})
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/activities/{activity.pk}/checkin/")

    def in_view(locator) -> bool:
        box = locator.bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 640

    # The phone number and 签到 are on the first screen, without scrolling.
    assert in_view(page.locator("#code-input")) and in_view(page.locator("#lookup"))
    page.screenshot(path=str(folder / "checkin-360.png"))
    page.locator("#code-input").fill(walk_in.phone[3:])
    page.locator("#lookup").click()
    expect(page.get_by_test_id("verdict")).to_have_attribute("data-result", "not_signed_up")
    page.screenshot(path=str(folder / "checkin-walk-in-360.png"), full_page=True)
    assert no_sideways_scroll(page)
    # The next rider's phone can be typed at once: 签到 is still on the first screen.
    page.evaluate("window.scrollTo(0, 0)")
    assert in_view(page.locator("#lookup"))

    # Full: signing them up over the capacity asks first, naming them and the points.
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_test_id("walk-in").click()
    page.wait_for_timeout(300)
    assert asked == [f"名额已满（1/1）。仍为{walk_in.masked_name}超额报名并签到？将立即发放 10 积分，且不能撤销。"]
    assert not Signup.objects.filter(rider=walk_in).exists()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("walk-in").click()
    # Back on the check-in page (POST/redirect/GET), told what happened.
    expect(page.locator(".messages")).to_contain_text(f"{walk_in.masked_name}已现场报名并签到。已发放 10 积分。")
    assert page.url == f"{live_server.url}/staff/activities/{activity.pk}/checkin/"
    expect(page.locator("#checked-in")).to_have_text("1")
    expect(page.locator("#registered")).to_have_text("2")
    assert balance_of(walk_in) == 10


@pytest.mark.postgres
@pytest.mark.services
def test_two_requests_with_the_same_key_at_once_make_one_report(postgres_db):
    from tests.concurrency import race
    from tests.factories import RiderFactory

    rider = RiderFactory()

    def send():
        return report_submit(
            rider=rider, category="fire_lane", description="消防通道被堵", address="成龙路168号", idempotency_key="tap-tap"
        )

    results = race(send, send)

    assert all(isinstance(r, ReportSubmission) for r in results), results
    assert results[0].report.pk == results[1].report.pk
    assert sorted(r.created for r in results) == [False, True]
    assert Report.objects.filter(reporter=rider).count() == 1
