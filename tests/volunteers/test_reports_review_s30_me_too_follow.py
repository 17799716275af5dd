"""A rider who says "me too" on someone else's report could never learn how it ended: the
report's page is its reporter's (404 to others), the notice goes to the reporter only, and
"my reports" listed only one's own. Now "my reports" lists the problems the rider also saw,
each with its state and, once resolved or rejected, the street office's last word; never who
reported it, what they wrote or their photos. The thank-you after "me too" says where to look."""

from __future__ import annotations

import pytest
from django.urls import reverse

from volunteers.reports.services import report_me_too, report_post_update, report_submit, report_transition

pytestmark = pytest.mark.django_db

MINE = reverse("volunteers:report_list")


def someone_elses_report(reporter):
    return report_submit(
        rider=reporter,
        category="public_facility",
        description="路灯坏了三天，电话13912345678联系我",
        lat=30.6085,
        lng=104.1255,
    ).report


def test_a_rider_who_said_me_too_reads_the_final_answer_in_my_reports(rider, other_rider, reviewer, client_for):
    report = someone_elses_report(other_rider)
    client = client_for(rider)

    thanks = client.post(reverse("volunteers:report_me_too", args=[report.pk]), follow=True).content.decode()
    assert "您可以在“我的上报”里查看它的处理结果" in thanks

    html = client.get(MINE).content.decode()
    assert "您也看到的问题" in html
    assert f"线索 #{report.pk} · 公共设施" in html
    assert "已提交" in html

    report_transition(actor=reviewer, report=report, status="accepted")
    report_post_update(actor=reviewer, report=report, note="已通知照明维护单位，周五前处理")
    report_transition(actor=reviewer, report=report, status="resolved", note="路灯已更换，晚上已经亮了")

    html = client.get(MINE).content.decode()
    assert "已办结" in html
    assert "街道办答复：路灯已更换，晚上已经亮了" in html
    # nothing of the reporter: not their words, not their phone, not their name
    assert "电话13912345678" not in html and "路灯坏了三天" not in html
    assert other_rider.display_name not in html
    assert reverse("volunteers:report_detail", args=[report.pk]) not in html  # their page is not ours to open


def test_a_rejection_is_read_by_those_who_said_me_too_and_nobody_else(rider, other_rider, reviewer, client_for):
    report = someone_elses_report(other_rider)
    report_me_too(rider=rider, report=report)
    report_transition(actor=reviewer, report=report, status="rejected", note="不属于街道管辖，请拨打12345")

    assert "街道办答复：不属于街道管辖，请拨打12345" in client_for(rider).get(MINE).content.decode()
    # the reporter reads it as their own report, once, not again as a problem they also saw
    reporters_page = client_for(other_rider).get(MINE).content.decode()
    assert "您也看到的问题" not in reporters_page


def test_english(rider, other_rider, client_for):
    report = someone_elses_report(other_rider)
    report_me_too(rider=rider, report=report)
    client = client_for(rider)
    client.cookies["django_language"] = "en"

    html = client.get(MINE, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Problems you also saw" in html
    assert f"Report #{report.pk}" in html


def test_the_answer_on_the_form_links_to_my_reports(rider, other_rider, client_for):
    report = someone_elses_report(other_rider)

    answer = (
        client_for(rider)
        .post(reverse("volunteers:report_me_too", args=[report.pk]), HTTP_X_REQUESTED_WITH="fetch")
        .content.decode()
    )

    assert "您可以在“我的上报”里查看它的处理结果。" in answer
    assert f'href="{MINE}"' in answer
