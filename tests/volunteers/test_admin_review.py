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
   capacity when they say so), and move a waitlisted rider up into a free place.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from volunteers.models import Report, ReportUpdate
from volunteers.reports.services import report_submit, report_transition

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
    mine = report_submit(rider=rider, category="sanitation", description="垃圾", address="A", idempotency_key="k-1")
    theirs = report_submit(rider=other_rider, category="sanitation", description="垃圾", address="A", idempotency_key="k-1")
    assert mine.pk != theirs.pk and mine.created and theirs.created


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
    body = {"category": "sanitation", "description": "路口垃圾", "address": "成龙路"}
    response = api_for(rider).post(API_REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY="k" * 65)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert not Report.objects.exists()


def test_a_replay_is_answered_even_after_the_days_limit(rider, monkeypatch):
    from volunteers.reports import services

    monkeypatch.setattr(services, "MAX_PER_DAY", 1)
    first = report_submit(rider=rider, category="sanitation", description="垃圾", address="A", idempotency_key="same")
    again = report_submit(rider=rider, category="sanitation", description="垃圾", address="A", idempotency_key="same")
    assert again.pk == first.pk and again.created is False


# --- 3. staff answer a report -------------------------------------------------------------------


def a_report_in_progress(rider, reviewer) -> Report:
    report = report_submit(rider=rider, category="traffic_parking", description="骑手停车区被私家车占了", address="静康路66号")
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
        reverse("volunteers:staff_report_transition", args=[report.pk]), {"status": "keep", "note": " "}
    )

    assert "请填写进展说明：上报人会看到。" in response.content.decode()
    assert report.updates.count() == updates


def test_a_new_report_is_not_answered_for_staff(rider, reviewer, client_for):
    report = report_submit(rider=rider, category="sanitation", description="垃圾", address="成龙路")
    choices = radios(client_for(reviewer).get(reverse("volunteers:staff_report_detail", args=[report.pk])).content.decode())
    assert list(choices) == ["keep", "accepted", "rejected", "duplicate"]
    assert [value for value, tag in choices.items() if "checked" in tag] == ["keep"]
    assert all("data-confirm-question" in choices[final] for final in ("rejected", "duplicate"))
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
    original = report_submit(rider=rider, category="sanitation", description="垃圾", address="成龙路")
    report = report_submit(rider=rider, category="sanitation", description="又是垃圾", address="成龙路")
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

    from tests.browser.steps import sign_in
    from tests.factories import ReviewerFactory, RiderFactory

    rider, reviewer = RiderFactory(), ReviewerFactory()
    report = a_report_in_progress(rider, reviewer)
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/staff/reports/{report.pk}/")
    expect(page.get_by_test_id("keep-state")).to_be_checked()
    expect(page.get_by_test_id("move-resolved")).not_to_be_checked()
    page.screenshot(path=str(Path(os.environ.get("SCREENSHOT_DIR") or tmp_path) / "staff-report-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

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

    assert all(isinstance(r, Report) for r in results), results
    assert results[0].pk == results[1].pk
    assert sorted(r.created for r in results) == [False, True]
    assert Report.objects.filter(reporter=rider).count() == 1
