"""The street admin edits rules and rewards (/staff/rules/, /staff/rewards/).

1. Switching off a rule the system pays by (参加志愿活动, 治理线索被采纳, 小区指引被采纳…)
   stopped those payouts without a word: check-ins, accepted reports and approved tips went
   on paying nothing. Now the form says what stops and asks to confirm, keeping what was
   typed; the service refuses it unconfirmed too. The automatic payouts do not follow a
   rule's dates, so an end date set on such a rule (which stopped nothing) is refused, saying
   how to stop them or pay less.
2. After saving, the message names what was saved (已保存规则“文明劝导”。), not only 已保存。.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from points import services as points_services
from points.models import Rule
from tests.points.factories import RuleFactory
from tests.points.rewards.factories import RewardFactory
from tests.points.test_staff_admin_review import as_posted, errors_of
from tests.venues.factories import VenueFactory
from tests.volunteers.factories import attendance_rule
from venues.models import VenueKind

pytestmark = pytest.mark.django_db


def system_rule(code: str) -> Rule:
    return Rule.objects.filter(code=code).first() or RuleFactory(code=code, rider_claimable=False)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- 1. rules the system pays by ---------------------------------------------------------------


def test_switching_off_the_activity_rule_says_what_stops_and_asks_to_confirm(client_for, street_admin):
    rule = attendance_rule()
    described = rule.description
    staff = client_for(street_admin)
    url = f"/staff/rules/{rule.pk}/"
    page = staff.get(url)
    # Said before it is unticked, under Active.
    assert "签到" in str(page.context["form"]["active"].help_text)

    switched_off = as_posted(page, description="按小时计")
    del switched_off["active"]
    refused = staff.post(url, switched_off)

    assert refused.status_code == 200
    [error] = errors_of(refused, "active")
    assert "参加志愿活动" in error
    assert "在按此规则计分的活动中签到的骑手不再获得积分（活动照常进行）" in error
    assert "改积分数" in error
    assert "“仍然停用”" in error
    form = refused.context["form"]
    assert form["description"].value() == "按小时计"  # what was typed is kept
    assert "stop_payouts" in form.fields and form["stop_payouts"].label == "仍然停用"
    rule.refresh_from_db()
    assert (rule.active, rule.description) == (True, described)

    confirmed = staff.post(url, {**switched_off, "stop_payouts": "on"})

    assert confirmed.status_code == 302
    rule.refresh_from_db()
    assert (rule.active, rule.description) == (False, "按小时计")


def test_the_question_reads_in_english_on_an_english_page(client_for, street_admin):
    rule = system_rule(Rule.COMPOUND_TIP_APPROVED)
    staff = client_for(street_admin)
    url = f"/staff/rules/{rule.pk}/"
    switched_off = as_posted(staff.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    del switched_off["active"]

    refused = staff.post(url, switched_off, HTTP_ACCEPT_LANGUAGE="en")

    [error] = errors_of(refused, "active")
    assert error == (
        f"The system pays “{rule.name_en}” by itself, for approved compound tips. Switched off, riders whose compound "
        "tip is approved get no points for it (tips are still approved). To pay fewer points, change its points "
        "instead. To stop these payouts, tick “Switch it off all the same” and save again."
    )
    assert str(refused.context["form"]["active"].help_text).startswith("Paid by the system for approved compound tips.")


@pytest.mark.parametrize("code", Rule.SYSTEM_CODES)
def test_the_service_refuses_switching_off_a_system_rule_unconfirmed(street_admin, code):
    rule = system_rule(code)

    with pytest.raises(ValidationError) as refused:
        points_services.rule_save(actor=street_admin, rule=rule, data={"active": False})

    assert list(refused.value.message_dict) == ["active"]
    rule.refresh_from_db()
    assert rule.active
    points_services.rule_save(actor=street_admin, rule=rule, data={"active": False}, stop_payouts=True)
    rule.refresh_from_db()
    assert not rule.active


def test_an_end_date_on_a_system_rule_is_refused_saying_it_would_stop_nothing(client_for, street_admin):
    rule = system_rule(Rule.REPORT_ACCEPTED)
    staff = client_for(street_admin)
    url = f"/staff/rules/{rule.pk}/"
    yesterday = timezone.localdate() - timedelta(days=1)

    refused = staff.post(url, as_posted(staff.get(url), points=25, valid_to=yesterday.isoformat()))

    assert refused.status_code == 200
    [error] = errors_of(refused, "valid_to")
    assert "已采纳的线索" in error and "取消勾选“启用”" in error and "改积分数" in error
    assert refused.context["form"]["points"].value() == "25"
    rule.refresh_from_db()
    assert rule.valid_to is None and rule.points != 25


def test_an_ordinary_rule_is_switched_off_and_ended_without_a_question(client_for, street_admin):
    rule = RuleFactory(name="文明劝导", code="civility_advice")
    staff = client_for(street_admin)
    url = f"/staff/rules/{rule.pk}/"
    page = staff.get(url)
    assert "stop_payouts" not in page.context["form"].fields
    data = as_posted(page, valid_to=(timezone.localdate() - timedelta(days=1)).isoformat())
    del data["active"]

    assert staff.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert not rule.active and rule.valid_to is not None


# --- 2. the message names what was saved ---------------------------------------------------------


def test_saving_a_rule_names_it(client_for, street_admin):
    rule = RuleFactory(name="文明劝导")
    staff = client_for(street_admin)
    url = f"/staff/rules/{rule.pk}/"

    response = staff.post(url, as_posted(staff.get(url), name="文明劝导（夜间）"), follow=True)

    assert messages_of(response) == ["已保存规则“文明劝导（夜间）”。"]


def test_saving_a_category_names_it(client_for, street_admin):
    response = client_for(street_admin).post(
        "/staff/categories/new/", {"name": "夜间互助", "code": "", "order": "90"}, follow=True
    )
    assert messages_of(response) == ["已保存类别“夜间互助”。"]


def test_saving_a_reward_names_it(client_for, street_admin):
    reward = RewardFactory(venue=VenueFactory(kind=VenueKind.MERCHANT), title="免费快剪一次", cost=20, stock=10)
    staff = client_for(street_admin)
    url = f"/staff/rewards/{reward.pk}/"

    response = staff.post(url, as_posted(staff.get(url), cost=25), follow=True)

    assert messages_of(response) == ["已保存奖品“免费快剪一次”。"]
