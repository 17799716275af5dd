"""The QA pass on the staff's activity and report pages, one story per finding, told as the
user met it.

1. Cancelling an activity asks first (everyone signed up is told; it cannot be undone).
2. "Give a place" is gone (the waitlist moves up by itself); a waitlisted rider at check-in
   is said to be on the waitlist (候补第 N 位), and staff may sign them up there.
3. A walk-in ends back on the check-in page (POST/redirect/GET); the walk-in address opened
   by itself is the check-in page, not a blank 405.
4. A progress update in the same state reads 进展 to the rider, to staff and in the notice.
5. A duplicate's page gives the original's actual state.
6. A rider checked in sees 已签到, and neither the QR prompt nor 取消报名.
7. The walk-in's audit entry reads in words (候补 → 已报名, 超额报名 是).
"""

from __future__ import annotations

import re

import pytest
from django.urls import NoReverseMatch, reverse

from friendlystreet.notifications.models import Notification
from tests.factories import RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services
from volunteers.models import Activity, Report, Signup
from volunteers.reports.services import report_post_update, report_submit, report_transition

pytestmark = pytest.mark.django_db

S = Report.Status


def checkin_url(activity: Activity) -> str:
    return reverse("volunteers:staff_checkin", args=[activity.pk])


def walk_in_url(activity: Activity) -> str:
    return reverse("volunteers:staff_walk_in", args=[activity.pk])


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- 1. cancelling an activity asks first ----------------------------------------------------------


def test_cancelling_an_activity_asks_first(reviewer, client_for):
    activity = ActivityFactory()
    html = client_for(reviewer).get(reverse("volunteers:staff_activity_roster", args=[activity.pk])).content.decode()

    form = re.search(r'<form [^>]*id="cancel-form"[^>]*>', html).group(0)
    assert 'data-confirm="取消后将通知所有报名的骑手，且不能撤销。确定取消此活动吗？"' in form


# --- 2. no "give a place"; a waitlisted rider at check-in ------------------------------------------


def test_the_roster_offers_no_give_a_place_the_waitlist_moves_up_by_itself(reviewer, client_for):
    activity = ActivityFactory(capacity=2)
    SignupFactory(activity=activity, rider=RiderFactory(), status=Signup.Status.WAITLISTED)

    html = client_for(reviewer).get(reverse("volunteers:staff_activity_roster", args=[activity.pk])).content.decode()

    assert 'data-testid="waitlist-row"' in html
    assert 'data-testid="promote"' not in html and "给予名额" not in html
    with pytest.raises(NoReverseMatch):
        reverse("volunteers:staff_waitlist_promote", args=[activity.pk, 1])
    assert not hasattr(services, "waitlist_promote")


def test_a_waitlisted_rider_at_check_in_is_said_to_be_on_the_waitlist_and_can_be_signed_up(reviewer, client_for):
    activity = ActivityFactory(capacity=1)
    SignupFactory(activity=activity, rider=RiderFactory())
    SignupFactory(activity=activity, rider=RiderFactory(), status=Signup.Status.WAITLISTED)
    second = SignupFactory(activity=activity, rider=RiderFactory(), status=Signup.Status.WAITLISTED)

    html = client_for(reviewer).post(checkin_url(activity), {"code": second.rider.phone[3:]}).content.decode()

    verdict = text_of(re.search(r'<section class="verdict.*?</section>', html, re.S).group(0))
    assert "候补第 2 位" in verdict and "此骑手在候补名单中，尚无名额。" in verdict
    assert "未报名" not in verdict and "候补的骑手尚无名额" not in verdict
    assert "超额报名并签到" in verdict


def test_a_rider_without_any_sign_up_is_still_not_signed_up(reviewer, client_for):
    activity = ActivityFactory()
    html = client_for(reviewer).post(checkin_url(activity), {"code": RiderFactory().phone[3:]}).content.decode()
    verdict = text_of(re.search(r'<section class="verdict.*?</section>', html, re.S).group(0))
    assert "未报名" in verdict and "该骑手没有报名本活动。" in verdict and "报名并签到" in verdict


# --- 3. a walk-in ends on the check-in page ----------------------------------------------------------


def test_a_walk_in_goes_back_to_the_check_in_page_and_a_reload_sends_nothing(reviewer, client_for):
    activity = ActivityFactory(capacity=1)
    SignupFactory(activity=activity, rider=RiderFactory())
    walk_in = RiderFactory()
    staff = client_for(reviewer)

    response = staff.post(walk_in_url(activity), {"rider": walk_in.pk, "over_capacity": "1"})

    assert response.status_code == 302 and response["Location"] == checkin_url(activity)
    page = staff.get(response["Location"]).content.decode()
    assert f"{walk_in.masked_name}已现场报名并签到。已发放 10 积分。" in page
    assert '<strong id="checked-in">1</strong> / <span id="registered">2</span>' in page
    # The reload (a GET now) and the address opened by itself: the check-in page.
    opened = staff.get(walk_in_url(activity))
    assert opened.status_code == 302 and opened["Location"] == checkin_url(activity)
    assert Signup.objects.filter(activity=activity, rider=walk_in).count() == 1


@pytest.mark.parametrize("over_capacity", [None, "0", "false"])
def test_a_refused_walk_in_goes_back_to_the_check_in_page_with_the_reason(reviewer, client_for, over_capacity):
    activity = ActivityFactory(capacity=1)
    SignupFactory(activity=activity, rider=RiderFactory())
    walk_in = RiderFactory()
    sent = {"rider": walk_in.pk} if over_capacity is None else {"rider": walk_in.pk, "over_capacity": over_capacity}

    # "0" is no, as everywhere a yes/no is read (friendlystreet.inputs.read_flag), not a full
    # activity's yes.
    response = client_for(reviewer).post(walk_in_url(activity), sent, follow=True)

    assert response.redirect_chain == [(checkin_url(activity), 302)]
    assert "本活动的名额已满。" in response.content.decode()
    assert not Signup.objects.filter(rider=walk_in).exists()


# --- 4. a progress update reads 进展 ---------------------------------------------------------------


@pytest.fixture
def report_with_progress(rider, reviewer):
    report = report_submit(rider=rider, category="fire_lane", description="消防通道被电动车堵住", address="成龙路168号").report
    report_transition(actor=reviewer, report=report, status=S.ACCEPTED, note="已派人查看")
    report_post_update(actor=reviewer, report=report, note="已联系物业，周五前清理")
    return report


def test_a_progress_update_reads_进展_to_the_rider(report_with_progress, rider, client_for):
    report = report_with_progress
    html = client_for(rider).get(reverse("volunteers:report_detail", args=[report.pk])).content.decode()

    updates = re.findall(r'<li class="rp-update".*?</li>', html, re.S)
    heads = [re.search(r'<span class="status[^"]*"[^>]*>(.*?)</span>', u).group(1) for u in updates]
    assert heads == ["已提交", "已受理", "进展"]
    assert "已联系物业，周五前清理" in updates[2]
    assert re.search(r'id="report-state">已受理<', html)  # the state itself is unchanged


def test_a_progress_update_reads_进展_in_the_staffs_list(report_with_progress, reviewer, client_for):
    report = report_with_progress
    html = client_for(reviewer).get(reverse("volunteers:staff_report_detail", args=[report.pk])).content.decode()

    updates = re.findall(r'<li data-testid="report-update".*?</li>', html, re.S)
    heads = [re.search(r'<span class="status[^"]*">(.*?)</span>', u).group(1) for u in updates]
    assert heads == ["已提交", "已受理", "进展"]


def test_the_rider_is_told_of_progress_not_of_the_same_state_again(report_with_progress, rider):
    report = report_with_progress
    notices = Notification.objects.filter(recipient=rider, kind="volunteers_report_updated").order_by("id")
    titles = list(notices.values_list("title", flat=True))
    # The acceptance names the points it paid (the seeded rule: 20); the progress only itself.
    assert titles == [f"您上报的第{report.pk}号线索：已受理，获得 20 积分", f"您上报的第{report.pk}号线索：进展"]
    report.refresh_from_db()
    assert report.status == S.ACCEPTED


# --- 5. a duplicate gives its original's state ---------------------------------------------------------


def test_a_duplicates_page_gives_the_originals_actual_state(rider, other_rider, reviewer, client_for):
    original = report_submit(rider=other_rider, category="fire_lane", description="消防通道被堵", address="成龙路168号").report
    report_transition(actor=reviewer, report=original, status=S.ACCEPTED)
    report_transition(actor=reviewer, report=original, status=S.RESOLVED, note="已清理")
    mine = report_submit(rider=rider, category="fire_lane", description="消防通道又被堵", address="成龙路168号").report
    report_transition(actor=reviewer, report=mine, status=S.DUPLICATE, duplicate_of=original)

    html = client_for(rider).get(reverse("volunteers:report_detail", args=[mine.pk])).content.decode()

    same = re.search(r'<dd data-testid="duplicate-of">(.*?)</dd>', html).group(1)
    assert same == f"线索 #{original.pk}（已办结）"
    assert "街道正在处理" not in html


# --- 6. a rider checked in ---------------------------------------------------------------------------


def test_a_rider_checked_in_by_a_walk_in_sees_checked_in_and_no_cancel_or_code(rider, reviewer, client_for):
    activity = ActivityFactory()
    page_url = reverse("volunteers:activity_detail", args=[activity.pk])
    client_for(reviewer).post(walk_in_url(activity), {"rider": rider.pk})

    html = client_for(rider).get(page_url).content.decode()

    mine = re.search(r'<section class="card vol-mine".*?</section>', html, re.S).group(0)
    assert 'data-testid="attended">已签到<' in mine
    assert 'data-testid="cancel-signup"' not in mine and "取消报名" not in mine
    assert 'data-testid="checkin-qr"' not in mine and "出示此码" not in mine


# --- 7. the walk-in's audit entry ----------------------------------------------------------------------


def test_the_walk_ins_audit_entry_reads_in_words(street_admin, client_for):
    activity = ActivityFactory(capacity=1)
    SignupFactory(activity=activity, rider=RiderFactory())
    waiting = SignupFactory(activity=activity, rider=RiderFactory(), status=Signup.Status.WAITLISTED)
    services.checkin_walk_in(actor=street_admin, activity=activity, rider=waiting.rider, over_capacity=True)

    body = client_for(street_admin).get("/staff/audit/", {"action": "volunteers.walk_in_signed_up"}).content.decode()

    text = text_of(re.sub(r"<select.*?</select>", " ", body, flags=re.S))
    entry = text[text.index("工作人员现场报名") :]
    assert "状态 候补中 已报名" in entry and "超额报名 是" in entry
    assert "waitlisted" not in text and "over_capacity" not in text and "before" not in text
