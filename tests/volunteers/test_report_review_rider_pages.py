"""What riders and the public read about reports after the activities review: one name for the
me-too button (#11), the resolved problems linked from every page (#12), the list of one's
reports with the street office's latest reply and an action on its button (#15), no 0 counts
or 0 米外 (#17), and the form's errors in plain words, all in one round (#19)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from volunteers.models import MeToo, Report
from volunteers.reports.services import report_me_too, report_post_update, report_submit, report_transition

pytestmark = pytest.mark.django_db

S = Report.Status
HERE = (30.6080, 104.1260)
METRES_PER_DEGREE_LAT = 111_195
NEW = reverse("volunteers:report_new")
MINE = reverse("volunteers:report_list")


def a_report(rider, *, at=HERE, description="成龙路口垃圾堆了三天", **fields) -> Report:
    fields = {"category": "sanitation", "lat": at[0], "lng": at[1]} | fields
    return report_submit(rider=rider, description=description, **fields).report


def north_of(point, metres: float):
    return (point[0] + metres / METRES_PER_DEGREE_LAT, point[1])


# --- #11: 我也看到了, everywhere ---------------------------------------------------------------------


def test_a_second_me_too_is_refused_in_the_buttons_words(rider, other_rider, client_for):
    report = a_report(other_rider)
    client = client_for(rider)
    url = reverse("volunteers:report_me_too", args=[report.pk])
    client.post(url)

    response = client.post(url, follow=True)

    assert "您已经点过“我也看到了”。" in response.content.decode()
    assert "我也遇到" not in response.content.decode()


def test_the_audit_trail_names_the_me_too_by_the_buttons_words(rider, other_rider, street_admin, client_for):
    report_me_too(rider=rider, report=a_report(other_rider))

    html = client_for(street_admin).get(reverse("audit:audit_list")).content.decode()

    assert "点了“我也看到了”" in html
    assert "我也遇到" not in html


def test_the_seeded_duplicate_reply_points_to_the_button_by_its_name():
    from volunteers import demo_reports

    duplicate_replies = [text for _c, status, _t, text, _en in demo_reports.REPLY_TEMPLATES if status == S.DUPLICATE]
    assert duplicate_replies and all("“我也看到了”" in text for text in duplicate_replies)
    assert "我也遇到" not in " ".join(text for _c, _s, _t, text, _en in demo_reports.REPLY_TEMPLATES)


# --- #12: the resolved problems are found from any page -------------------------------------------


@pytest.mark.parametrize("path", ["/", "/venues/"])
def test_the_public_finds_the_resolved_problems_in_the_footer(client, path):
    html = client.get(path).content.decode()

    footer = re.search(r'<footer class="footer">.*?</footer>', html, re.S).group(0)
    assert f'href="{reverse("volunteers:report_map")}" data-testid="footer-resolved">已解决的问题</a>' in footer
    assert client.get(reverse("volunteers:report_map")).status_code == 200


def test_the_public_page_never_shows_what_staff_wrote_to_the_reporter(client, rider, reviewer):
    report = a_report(rider)
    report_transition(actor=reviewer, report=report, status=S.ACCEPTED)
    report_transition(actor=reviewer, report=report, status=S.RESOLVED, note="张师傅您好，已联系物业王经理清运。")

    html = client.get(reverse("volunteers:report_map")).content.decode()

    assert html.count('data-testid="resolved"') == 1
    assert "王经理" not in html and "成龙路口垃圾" not in html


# --- #15: my reports, with the latest reply ------------------------------------------------------


def test_my_reports_show_the_street_offices_latest_reply_under_each_state(rider, reviewer, client_for):
    waiting = a_report(rider, description="路灯不亮")
    answered = a_report(rider, description="消防通道被堵")
    report_transition(actor=reviewer, report=answered, status=S.ACCEPTED, note="已受理，网格员今天下午到场。")
    report_post_update(actor=reviewer, report=answered, note="车主已挪车，物业将加装隔离桩。")
    refused = a_report(rider, description="两家店铺吵架")
    report_transition(actor=reviewer, report=refused, status=S.REJECTED, note="这属于合同纠纷，建议到法律援助点咨询。")

    html = client_for(rider).get(MINE).content.decode()

    def card(report) -> str:
        return re.search(rf'data-id="{report.pk}">(.*?)</li>', html, re.S).group(1)

    assert 'data-testid="latest-reply"' not in card(waiting)
    assert re.search(r'data-testid="state">已受理</span></p>\s*<p[^>]*data-testid="latest-reply">', card(answered))
    assert "街道办答复：车主已挪车，物业将加装隔离桩。" in card(answered)
    assert "网格员今天下午到场" not in card(answered)  # the latest only
    assert "街道办答复：这属于合同纠纷，建议到法律援助点咨询。" in card(refused)


def test_the_main_button_says_what_it_does(rider, client_for):
    html = client_for(rider).get(MINE).content.decode()

    assert re.search(r'id="new-report">我要上报</a>', html)


def test_my_reports_cost_the_same_queries_for_three_reports_or_twenty(rider, reviewer, client_for):
    """The latest reply is a subquery of the list's one query, not a query per report."""
    client = client_for(rider)

    def fill(n: int) -> None:
        for i in range(n):
            report = a_report(rider, address=f"成龙路{i}号")
            report_transition(actor=reviewer, report=report, status=S.ACCEPTED, note=f"已受理 {i}")

    def queries(rows: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(MINE)
        assert len(response.context["page"]) == rows
        assert response.content.decode().count('data-testid="latest-reply"') == rows
        return len(captured.captured_queries)

    fill(3)
    few = queries(3)
    fill(17)
    assert queries(20) == few


# --- #17: no 0 counts, no 0 米外 -------------------------------------------------------------------


def test_a_report_nobody_else_saw_does_not_say_0_people(rider, other_rider, client_for):
    report = a_report(rider)
    url = reverse("volunteers:report_detail", args=[report.pk])
    client = client_for(rider)

    assert "也看到的人" not in client.get(url).content.decode()
    MeToo.objects.create(report=report, rider=other_rider)
    assert re.search(r'<dd id="me-too-count">1 人</dd>', client.get(url).content.decode())


def test_a_report_where_the_pin_is_reads_right_here_not_0_m(rider, other_rider, client_for):
    here = a_report(other_rider, at=north_of(HERE, 3))
    away = a_report(other_rider, at=north_of(HERE, 150), description="垃圾桶满了")

    html = client_for(rider).get(reverse("volunteers:report_nearby"), {"category": "sanitation", "lat": HERE[0], "lng": HERE[1]})
    html = html.content.decode()

    def item(report) -> str:
        return re.search(rf'data-id="{report.pk}">(.*?)</li>', html, re.S).group(1)

    assert '<span class="rp-distance">就在附近</span>' in item(here)
    assert '<span class="rp-distance">150米外</span>' in item(away)  # the venue list's one rule
    assert ">0 米外" not in html
    assert "人也看到了" not in html  # nobody yet: not 0 人


# --- #19: the form's errors in plain words, in one round -------------------------------------------


def test_an_empty_report_is_told_everything_it_misses_at_once(rider, client_for):
    response = client_for(rider).post(NEW, {"category": "", "description": "", "address": "", "lat": "", "lng": ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert not Report.objects.exists()

    def errors_in(field_id: str) -> str:
        return re.search(rf'id="{field_id}".*?(<ul class="errorlist.*?</ul>)', html, re.S).group(1)

    assert "请选择问题类型。" in errors_in("field-category")
    assert "请写下您看到的情况。" in errors_in("field-description")
    assert "请在地图上标出位置，或填写地址。" in errors_in("field-place")
    assert "这个字段是必填项。" not in html


def test_a_kind_that_is_no_choice_is_still_refused(rider, client_for):
    response = client_for(rider).post(NEW, {"category": "arson", "description": "路口起火", "address": "成龙路"})

    assert response.status_code == 200
    assert not Report.objects.exists()
