"""The street admin switches off an ordinary earning rule (/staff/rules/<id>/) that activities
still pay their attendance by.

Before: unticking Active saved at once, without a word. The activities went on, and every
check-in then paid nothing (the door said so, after the fact); the riders who had signed up on
the promise of its points were not told; and switching the rule on again later paid nobody
who had checked in meanwhile.

Now the form names the activities not over yet (title, date, a link to the roster) and says what
happens to their riders' points, and saves only once the admin ticks 仍然停用 (the system rules'
confirmation); the list comes from the volunteers app. Once switched off, riders signed up and
not yet checked in are told. A rule no activity still pays by switches off as before.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from points.models import Claim, Rule
from tests.points.factories import RuleFactory
from tests.points.test_staff_admin_review import as_posted, errors_of
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers import services as volunteer_services
from volunteers.checkin_words import checkin_words
from volunteers.models import Activity, Signup

pytestmark = pytest.mark.django_db

# The rule's page, opened: the user, their permissions, the rule, its pending claims, the unread
# notices, the staff menu's queue counts, the categories offered. No activity: they are read only
# when Active is unticked.
N_RULE_PAGE = 7


@pytest.fixture
def night_rule(db) -> Rule:
    return RuleFactory(name="夜间互助", points=15, rider_claimable=False)


@pytest.fixture
def clean_up(night_rule, rider) -> Activity:
    """Next week's clean-up, paying by the rule, with one rider signed up."""
    starts = timezone.now() + timedelta(days=7)
    activity = ActivityFactory(
        title="端午节街道清洁",
        rule=night_rule,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        signup_deadline=starts - timedelta(hours=1),
    )
    SignupFactory(activity=activity, rider=rider)
    return activity


def switch_off(staff, rule: Rule, **extra):
    url = f"/staff/rules/{rule.pk}/"
    posted = as_posted(staff.get(url, **extra))
    del posted["active"]
    return url, posted


def test_switching_off_a_rule_activities_pay_by_names_them_and_asks_to_confirm(
    client_for, street_admin, night_rule, clean_up, rider
):
    past = ActivityFactory(title="上月巡逻", rule=night_rule, state=Activity.State.FINISHED)
    past.starts_at = timezone.now() - timedelta(days=30)
    staff = client_for(street_admin)
    url, posted = switch_off(staff, night_rule)

    refused = staff.post(url, posted)

    assert refused.status_code == 200
    listed = refused.context["payouts_to_come"]
    assert [payout.title for found in listed for payout in found.payouts] == ["端午节街道清洁"]
    page = refused.content.decode()
    assert 'data-testid="payouts-to-come"' in page
    roster = f"/staff/activities/{clean_up.pk}/"
    when = timezone.localtime(clean_up.starts_at).strftime("%Y-%m-%d %H:%M")
    assert f'<a href="{roster}">端午节街道清洁</a> · {when} · 已发布，1 人已报名' in page
    assert "上月巡逻" not in page  # finished: nothing more to pay
    [error] = errors_of(refused, "active")
    assert error == (
        "停用“夜间互助”会停发尚未发放的积分。有 1 个尚未结束的活动按此规则给到场骑手计分。停用后，在这些活动中签到的骑手"
        "不再获得积分，之后重新启用规则也不会补发（已签到的骑手保留已得积分）；已报名的骑手会收到通知。"
        "如仍要停用，请勾选“仍然停用”后再次保存。"
    )
    assert refused.context["form"]["stop_payouts"].label == "仍然停用"
    night_rule.refresh_from_db()
    assert night_rule.active  # nothing saved
    assert not Notification.objects.filter(kind="volunteers_activity_points_stopped").exists()

    confirmed = staff.post(url, {**posted, "stop_payouts": "on"})

    assert confirmed.status_code == 302
    night_rule.refresh_from_db()
    assert not night_rule.active
    # The rider who signed up on the promise of its points is told, with the activity's page.
    [notice] = Notification.objects.filter(recipient=rider, kind="volunteers_activity_points_stopped")
    assert notice.body == f"{when} 的“端午节街道清洁”不再计积分：街道办已停用其积分规则。活动本身照常进行。"
    assert notice.link == f"/activities/{clean_up.pk}/"


def test_the_warning_reads_in_english_on_an_english_page(client_for, street_admin, night_rule, clean_up):
    staff = client_for(street_admin)
    url, posted = switch_off(staff, night_rule, HTTP_ACCEPT_LANGUAGE="en")

    refused = staff.post(url, posted, HTTP_ACCEPT_LANGUAGE="en")

    [error] = errors_of(refused, "active")
    assert error == (
        "Switching off “夜间互助” stops payouts still to come. 1 activity not over yet pays its attendance by this "
        "rule. Switched off, riders who check in at it get no points for it, not even if the rule is switched on "
        "again later (riders already checked in keep theirs); the riders signed up are told. To switch it off all "
        "the same, tick “Switch it off all the same” and save again."
    )
    assert "Published, 1 rider signed up" in refused.content.decode()


def test_a_rule_no_activity_still_pays_by_switches_off_without_a_question(client_for, street_admin, night_rule):
    # Its only activity is over: check-in closed two hours after its end, nothing more to pay.
    ended = timezone.now() - timedelta(hours=3)
    ActivityFactory(
        title="上周巡逻",
        rule=night_rule,
        starts_at=ended - timedelta(hours=2),
        ends_at=ended,
        signup_deadline=ended - timedelta(hours=3),
    )
    staff = client_for(street_admin)
    url, posted = switch_off(staff, night_rule)

    saved = staff.post(url, posted)

    assert saved.status_code == 302
    night_rule.refresh_from_db()
    assert not night_rule.active


def test_an_activity_under_way_is_named_until_its_check_in_closes(client_for, street_admin, night_rule, rider):
    # Ended an hour ago, not finished: staff may still mark riders attended, and it would pay.
    ended = timezone.now() - timedelta(hours=1)
    ActivityFactory(
        title="昨晚护送",
        rule=night_rule,
        starts_at=ended - timedelta(hours=2),
        ends_at=ended,
        signup_deadline=ended - timedelta(hours=3),
    )
    staff = client_for(street_admin)
    url, posted = switch_off(staff, night_rule)

    refused = staff.post(url, posted)

    assert refused.status_code == 200
    assert "昨晚护送" in refused.content.decode()


def test_once_switched_off_check_in_pays_nothing_and_the_door_says_why(client_for, street_admin, night_rule, clean_up, rider):
    staff = client_for(street_admin)
    url, posted = switch_off(staff, night_rule)
    staff.post(url, {**posted, "stop_payouts": "on"})
    # The organiser reads it on the roster before the day, not only at the door.
    roster = staff.get(f"/staff/activities/{clean_up.pk}/").content.decode()
    assert '<span class="status" data-testid="roster-rule-off">已停用：签到不计积分</span>' in roster
    signup = Signup.objects.get(activity=clean_up, rider=rider)
    # The day comes: check-in is open an hour before the start.
    Activity.objects.filter(pk=clean_up.pk).update(starts_at=timezone.now() + timedelta(minutes=30))

    outcome = volunteer_services.attendance_record(actor=street_admin, signup=signup, attended=True)

    assert checkin_words(outcome).message == "签到成功。未发放积分：本活动的积分规则已停用。"
    assert not Claim.objects.filter(rider=rider).exists()


def test_riders_already_checked_in_are_not_told(client_for, street_admin, night_rule, clean_up, rider, other_rider):
    Activity.objects.filter(pk=clean_up.pk).update(starts_at=timezone.now() + timedelta(minutes=30))
    clean_up.refresh_from_db()
    came = Signup.objects.get(activity=clean_up, rider=rider)
    volunteer_services.attendance_record(actor=street_admin, signup=came, attended=True)
    SignupFactory(activity=clean_up, rider=other_rider)
    staff = client_for(street_admin)
    url, posted = switch_off(staff, night_rule)

    staff.post(url, {**posted, "stop_payouts": "on"})

    told = Notification.objects.filter(kind="volunteers_activity_points_stopped")
    assert [n.recipient for n in told] == [other_rider]
    assert Claim.objects.get(rider=rider).points == 15  # what was paid stays


def test_the_system_attendance_rule_names_its_activities_too(client_for, street_admin, rider):
    from tests.volunteers.factories import attendance_rule

    rule = attendance_rule()
    ActivityFactory(title="重阳节探访", rule=rule)
    staff = client_for(street_admin)
    url, posted = switch_off(staff, rule)

    refused = staff.post(url, posted)

    assert "重阳节探访" in refused.content.decode()
    system, activities = errors_of(refused, "active")
    assert "“仍然停用”" in system
    assert activities.startswith("有 1 个尚未结束的活动")  # asked once, in the system rule's sentence
    rule.refresh_from_db()
    assert rule.active


def test_opening_the_rule_asks_the_activities_nothing(client_for, street_admin, night_rule, clean_up, django_assert_num_queries):
    staff = client_for(street_admin)
    staff.get(f"/staff/rules/{night_rule.pk}/")  # the session and the staff menu's counts, cached
    with django_assert_num_queries(N_RULE_PAGE) as captured:
        staff.get(f"/staff/rules/{night_rule.pk}/")
    assert not any("volunteers_activity" in q["sql"] for q in captured.captured_queries)


def test_an_end_date_before_an_activity_says_the_activity_still_pays(client_for, street_admin, night_rule, clean_up):
    """Ending the rule by a date stops riders' own claims after it, not the activities paying by
    it (they pay whatever its dates): said on saving, or staff believe they ended those too."""
    staff = client_for(street_admin)
    url = f"/staff/rules/{night_rule.pk}/"
    end = timezone.localdate() + timedelta(days=1)  # the clean-up is next week

    saved = staff.post(url, as_posted(staff.get(url), valid_to=end.isoformat()), follow=True)

    night_rule.refresh_from_db()
    assert night_rule.valid_to == end and night_rule.active
    day = timezone.localdate(clean_up.starts_at).isoformat()
    assert [str(m) for m in saved.context["messages"]] == [
        f"以下活动在规则有效期之外，仍按此规则计分：端午节街道清洁 ({day})。活动按其规则计分，不受规则有效期限制"
        "（有效期只限制骑手自行申请）；如要停止，请取消勾选“启用”。",
        "已保存规则“夜间互助”。",
    ]


def test_an_end_date_after_the_activities_says_nothing_more(client_for, street_admin, night_rule, clean_up):
    staff = client_for(street_admin)
    url = f"/staff/rules/{night_rule.pk}/"
    end = timezone.localdate() + timedelta(days=30)

    saved = staff.post(url, as_posted(staff.get(url), valid_to=end.isoformat()), follow=True)

    assert [str(m) for m in saved.context["messages"]] == ["已保存规则“夜间互助”。"]


def test_in_english_the_activities_still_paying_are_listed_with_commas(client_for, street_admin, night_rule, clean_up):
    later = clean_up.starts_at + timedelta(days=1)
    ActivityFactory(
        title="Riverside litter pick",
        rule=night_rule,
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        signup_deadline=later - timedelta(hours=1),
    )
    staff = client_for(street_admin)
    url = f"/staff/rules/{night_rule.pk}/"
    end = timezone.localdate() + timedelta(days=1)

    posted = as_posted(staff.get(url, HTTP_ACCEPT_LANGUAGE="en"), valid_to=end.isoformat())
    saved = staff.post(url, posted, follow=True, HTTP_ACCEPT_LANGUAGE="en")

    first, second = (timezone.localdate(at).isoformat() for at in (clean_up.starts_at, later))
    warning = str(list(saved.context["messages"])[0])
    assert f"these still pay by it: 端午节街道清洁 ({first}), Riverside litter pick ({second})." in warning
