"""A reviewer works through a filtered list of reports as through the claims queue: "保存并处理下一条"
("Save and next") saves the answer and opens the next open report of the same list, in the
list's order, still within its filters; after the last one the list comes back saying none is
left. A report answered on the way (one that was overdue moves down the list) is not offered a
second time. Before, each answer cost going back to the list and opening the next one."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ReviewerFactory, RiderFactory
from volunteers.models import Report, ReportUpdate

pytestmark = pytest.mark.django_db

SANITATION = "/staff/reports/?category=sanitation"


def reported(category: str, *, days_ago: float, text: str = "绿化带里堆了装修垃圾") -> Report:
    rider = RiderFactory()
    report = Report.objects.create(reporter=rider, category=category, description=text, address="静康路路口")
    ReportUpdate.objects.create(report=report, status=Report.Status.SUBMITTED, author=rider)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return report


def action(html: str, form_id: str) -> str:
    return re.search(r'<form method="post" action="([^"]*)"[^>]*id="' + form_id + '"', html).group(1).replace("&amp;", "&")


def first_row(html: str) -> str:
    return re.search(r'<a href="([^"]*)" class="rs-open"', html).group(1).replace("&amp;", "&")


def save_and_next(client, page: str, **answer) -> object:
    assert 'id="transition-next"' in page  # the button is there to press
    return client.post(action(page, "transition-form"), {**answer, "and_next": "1"})


def test_save_and_next_goes_through_the_filtered_list_once_and_back_to_it(client_for):
    # The list, sanitation only: two overdue reports first (the older one on top), then a new one.
    older_overdue = reported("sanitation", days_ago=4)
    overdue = reported("sanitation", days_ago=3)
    recent = reported("sanitation", days_ago=0.1)
    elsewhere = reported("traffic", days_ago=5)  # overdue, but not in this list
    client = client_for(ReviewerFactory())

    opened = first_row(client.get(SANITATION).content.decode())
    assert opened == f"/staff/reports/{older_overdue.pk}/?category=sanitation"

    answered = save_and_next(client, client.get(opened).content.decode(), status="accepted", note="已转交环卫所")
    assert answered.url == f"/staff/reports/{overdue.pk}/?category=sanitation"
    page = client.get(answered.url).content.decode()
    assert f"线索 #{older_overdue.pk} 已改为“已受理”，已通知上报人。" in page  # what was saved, said on the next one
    older_overdue.refresh_from_db()
    assert older_overdue.status == Report.Status.ACCEPTED

    # The first one is no longer overdue and now sits below this one in the list: not again.
    answered = save_and_next(client, page, status="keep", note="环卫所周三来清运")
    assert answered.url == f"/staff/reports/{recent.pk}/?category=sanitation"

    # The last one: back to the same list, which says there is none left.
    answered = save_and_next(client, client.get(answered.url).content.decode(), status="rejected", note="不在本街道")
    assert answered.url == SANITATION
    listed = client.get(answered.url).content.decode()
    assert "符合筛选条件的线索都已处理完了（您今天已答复的不再重复打开）。" in listed
    assert ReportUpdate.objects.filter(report=overdue).latest("id").note == "环卫所周三来清运"
    recent.refresh_from_db()
    assert recent.status == Report.Status.REJECTED
    elsewhere.refresh_from_db()
    assert elsewhere.status == Report.Status.SUBMITTED  # never opened: another list's


def test_save_and_next_from_the_middle_goes_round_to_the_top(client_for):
    top = reported("sanitation", days_ago=2)
    middle = reported("sanitation", days_ago=1)
    client = client_for(ReviewerFactory())
    page = client.get(f"/staff/reports/{middle.pk}/").content.decode()
    answered = save_and_next(client, page, status="accepted", note="")
    assert answered.url == f"/staff/reports/{top.pk}/"  # the default list: plain addresses


def test_a_duplicate_asked_about_after_save_and_next_goes_on_once_confirmed(client_for):
    original = reported("sanitation", days_ago=6)
    Report.objects.filter(pk=original.pk).update(status=Report.Status.ACCEPTED)
    repeat = reported("sanitation", days_ago=3)
    reported("sanitation", days_ago=1)  # newer: after the original
    client = client_for(ReviewerFactory())
    page = client.get(f"/staff/reports/{repeat.pk}/?category=sanitation").content.decode()

    asked = save_and_next(client, page, status="duplicate", duplicate_of=original.pk, note="")
    question = client.get(asked.url).content.decode()
    assert 'data-testid="duplicate-confirm"' in question
    confirm = re.search(r'<section class="card rs-confirm".*?</section>', question, re.S).group(0)
    assert '<input type="hidden" name="and_next" value="1">' in confirm
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', confirm))
    confirm_url = re.search(r'<form method="post" action="([^"]*)"', confirm).group(1).replace("&amp;", "&")
    confirmed = client.post(confirm_url, fields)
    repeat.refresh_from_db()
    assert repeat.status == Report.Status.DUPLICATE
    # Next in the list's order, below the overdue one: the original (accepted, still open, older).
    assert confirmed.url == f"/staff/reports/{original.pk}/?category=sanitation"


def test_the_last_report_of_the_open_list_in_english(client_for):
    only = reported("sanitation", days_ago=1)
    client = client_for(ReviewerFactory())
    client.cookies["django_language"] = "en"
    page = client.get(f"/staff/reports/{only.pk}/").content.decode()
    answered = save_and_next(client, page, status="accepted", note="")
    assert answered.url == "/staff/reports/"
    listed = client.get(answered.url).content.decode()
    assert "No more open reports to answer (those you answered today are not opened again)." in listed
    assert "Save and next" in client.get(f"/staff/reports/{reported('traffic', days_ago=1).pk}/").content.decode()
