"""A report's answer is sent once. A refused answer (已办结 without saying what was done, a
duplicate of a report that does not exist) used to be shown at the URL it was posted to, so a
reload sent it again; the question before a duplicate too. Now every answer, assignment and
community POST leads back to the report's page (POST-redirect-GET), a refused one with what
staff chose and typed and why it was refused, once. And the same answer sent again (a reload
after it was saved, Back and send, a double tap without JavaScript) is the answer given before:
the reporter reads it, and is told, once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from tests.venues.factories import CommunityFactory
from volunteers.models import Report, ReportUpdate
from volunteers.reports.services import report_me_too, report_post_update, report_submit, report_transition

pytestmark = pytest.mark.django_db

S = Report.Status


@pytest.fixture
def report(rider, reviewer):
    report = report_submit(
        rider=rider,
        category="sanitation",
        description="消防通道旁堆满了装修垃圾",
        address="成龙路168号",
        lat=30.6578,
        lng=104.0812,
    ).report  # pinned: the nearby list shows it to other riders, who may say "me too"
    return report_transition(actor=reviewer, report=report, status=S.ACCEPTED)


def page(report) -> str:
    return reverse("volunteers:staff_report_detail", args=[report.pk])


def answer_url(report) -> str:
    return reverse("volunteers:staff_report_transition", args=[report.pk])


def told(rider) -> int:
    return Notification.objects.filter(recipient=rider, kind="volunteers_report_updated").count()


def test_a_refused_answer_is_shown_on_the_reports_page_and_a_reload_sends_nothing(client_for, reviewer, rider, report):
    staff = client_for(reviewer)
    before = (report.updates.count(), told(rider))

    response = staff.post(answer_url(report), {"status": "resolved", "note": "  "})

    assert response.status_code == 302
    assert response["Location"] == page(report) + "#transition-form"  # a GET: reloading it sends nothing
    html = staff.get(response["Location"]).content.decode()
    assert "请写明做了什么：上报人会看到。" in html
    assert re.search(r'value="resolved" data-testid="move-resolved"[^>]* checked required>', html)  # the choice kept
    # A reload (the same GET): the plain page, the refusal said once.
    again = staff.get(page(report)).content.decode()
    assert "请写明做了什么：上报人会看到。" not in again
    report.refresh_from_db()
    assert report.status == S.ACCEPTED
    assert (report.updates.count(), told(rider)) == before


def test_what_staff_typed_before_a_refusal_is_kept(client_for, reviewer, report):
    staff = client_for(reviewer)

    response = staff.post(
        answer_url(report), {"status": "duplicate", "duplicate_of": "999999", "note": "同一处垃圾"}, follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain == [(page(report) + "#transition-form", 302)]
    assert "没有编号为 #999999 的线索。" in html
    assert 'name="duplicate_of" id="id_duplicate_of" min="1" inputmode="numeric" value="999999"' in html
    assert ">同一处垃圾</textarea>" in html


def test_the_question_before_a_duplicate_is_asked_on_the_reports_page(client_for, reviewer, rider, other_rider, report):
    original = report_submit(
        rider=other_rider, category="sanitation", description="消防通道堆了垃圾", address="成龙路168号"
    ).report
    staff = client_for(reviewer)

    response = staff.post(answer_url(report), {"status": "duplicate", "duplicate_of": original.pk, "note": ""})

    assert response["Location"] == page(report) + "#duplicate-confirm"
    html = staff.get(response["Location"]).content.decode()
    assert 'data-testid="duplicate-confirm"' in html
    assert f'name="confirmed_original" value="{original.pk}"' in html
    report.refresh_from_db()
    assert report.status == S.ACCEPTED

    response = staff.post(
        answer_url(report), {"status": "duplicate", "duplicate_of": original.pk, "confirmed_original": original.pk}
    )
    assert response["Location"] == page(report)
    report.refresh_from_db()
    assert (report.status, report.duplicate_of_id) == (S.DUPLICATE, original.pk)


def test_an_update_sent_twice_is_posted_and_told_once(client_for, reviewer, rider, report):
    staff = client_for(reviewer)
    before = told(rider)
    update = {"status": "keep", "note": "已通知环卫，明天上午清运"}

    first = staff.post(answer_url(report), update)
    again = staff.post(answer_url(report), update)  # the browser sends it again

    assert first["Location"] == again["Location"] == page(report)
    assert ReportUpdate.objects.filter(report=report, note="已通知环卫，明天上午清运").count() == 1
    assert told(rider) == before + 1
    # another update is another update
    staff.post(answer_url(report), {"status": "keep", "note": "明天下雨，改到后天"})
    assert told(rider) == before + 2


def test_a_resolution_sent_twice_is_saved_and_told_once(client_for, reviewer, rider, other_rider, report):
    report_me_too(rider=other_rider, report=report)
    staff = client_for(reviewer)
    resolution = {"status": "resolved", "note": "垃圾已清运"}

    staff.post(answer_url(report), resolution)
    again = staff.post(answer_url(report), resolution, follow=True)

    assert again.redirect_chain == [(page(report), 302)]
    assert "不能改为" not in again.content.decode()  # not refused as a move from 已办结 to 已办结
    assert ReportUpdate.objects.filter(report=report, status=S.RESOLVED).count() == 1
    assert Notification.objects.filter(recipient=rider, kind="volunteers_report_updated", title__contains="已办结").count() == 1
    assert Notification.objects.filter(recipient=other_rider, kind="volunteers_report_me_too_resolved").count() == 1


def test_the_same_words_later_or_from_someone_else_are_a_new_update(reviewer, street_admin, rider, report):
    note = "仍在协调物业，请耐心等待"
    report_post_update(actor=reviewer, report=report, note=note)
    report_post_update(actor=street_admin, report=report, note=note)  # a colleague says it too: theirs
    ReportUpdate.objects.filter(report=report, note=note).update(created_at=timezone.now() - timedelta(minutes=11))
    report_post_update(actor=reviewer, report=report, note=note)  # a week on, still so

    assert ReportUpdate.objects.filter(report=report, note=note).count() == 3


def test_a_refused_assignment_is_shown_on_the_reports_page(client_for, reviewer, rider, report):
    staff = client_for(reviewer)

    response = staff.post(reverse("volunteers:staff_report_assign", args=[report.pk]), {"assigned_to": rider.pk})

    assert response["Location"] == page(report) + "#assign-form"
    assert "请把线索分派给负责处置线索的工作人员。" in staff.get(response["Location"]).content.decode()
    report.refresh_from_db()
    assert report.assigned_to_id is None


def test_every_action_on_the_page_leads_back_to_it(client_for, reviewer, report):
    staff = client_for(reviewer)
    community = CommunityFactory(name="锦华社区")
    actions = [
        (answer_url(report), {"status": "in_progress", "note": ""}),
        (answer_url(report), {"status": "keep", "note": "施工队已进场"}),
        (reverse("volunteers:staff_report_assign", args=[report.pk]), {"assigned_to": reviewer.pk}),
        (reverse("volunteers:staff_report_community", args=[report.pk]), {"community": community.pk}),
    ]
    for url, data in actions:
        response = staff.post(url, data)
        assert (response.status_code, response["Location"]) == (302, page(report)), url


def test_the_pages_forms_are_sent_once_per_tap(client_for, reviewer, report):
    html = client_for(reviewer).get(page(report)).content.decode()
    for form in ("transition-form", "assign-form", "community-form"):
        assert f'id="{form}" data-once="1"' in html
