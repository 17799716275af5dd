"""A week as the street admin (/staff/rewards/, /staff/categories/, /staff/rules/, /staff/audit/):
one story per finding of the reviewer.

1. Two tabs of one reward, or a voucher bought while the form is open, never put back a stock
   nobody typed; a new stock typed over one that moved is refused, saying what it is now.
2. A broken rule of the database reads as words on its field, never as 约束 “…” 是无效的.
3. A category's code may be left empty (category-<n>); the code of a rule the system pays
   by cannot be cleared or changed.
4. The audit trail: the same moment is no change, and moments read in Beijing time; every
   key has a name; ids name their objects (one query per model); object types by name only.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import CheckConstraint, UniqueConstraint
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from friendlystreet.audit.models import AuditEntry
from points import services as points_services
from points.models import Account, Category, Claim, LedgerEntry, Reward, Rule, Voucher
from points.selectors import rule_by_code
from tests.points.factories import CategoryFactory, ClaimFactory, RuleFactory
from tests.points.rewards.factories import RewardFactory, give_points
from tests.venues.factories import VenueFactory
from tests.volunteers.factories import attendance_rule
from venues.models import VenueKind
from volunteers.models import Activity

pytestmark = pytest.mark.django_db

AUDIT = "/staff/audit/"


def as_posted(response, **changes) -> dict:
    """What the browser sends back for the form a page rendered: every field as it was shown
    (the hidden ones included), with `changes` typed over it."""
    form = response.context["form"]
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.name] = "on"
            continue
        if value is None:
            value = ""
        elif isinstance(value, date):
            value = value.isoformat()
        data[bound.name] = str(value)
    data.pop("image", None)
    data.update({k: str(v) for k, v in changes.items()})
    return data


def errors_of(response, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


# --- 1. the stock: two tabs, and a purchase while the form is open -----------------------------


@pytest.fixture
def reward(db):
    venue = VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT)
    return RewardFactory(venue=venue, title="免费快剪", cost=20, stock=10)


def test_a_description_saved_in_a_second_tab_keeps_the_stock_the_first_tab_set(client_for, street_admin, reward):
    tab_a, tab_b = client_for(street_admin), client_for(street_admin)
    url = f"/staff/rewards/{reward.pk}/"
    page_a, page_b = tab_a.get(url), tab_b.get(url)
    assert 'name="stock_seen" value="10"' in page_b.content.decode()

    assert tab_a.post(url, as_posted(page_a, stock=25)).status_code == 302
    assert tab_b.post(url, as_posted(page_b, description="周一至周五可用")).status_code == 302

    reward.refresh_from_db()
    assert (reward.stock, reward.description) == (25, "周一至周五可用")
    last = AuditEntry.objects.filter(action="points.reward_saved", target_id=str(reward.pk)).order_by("id").last()
    assert last.data["changes"] == {"description": ["到店出示二维码", "周一至周五可用"]}  # no 剩余库存 25 → 10


def test_a_voucher_bought_while_staff_edit_the_description_is_not_restocked(client_for, street_admin, rider, reward):
    staff = client_for(street_admin)
    url = f"/staff/rewards/{reward.pk}/"
    page = staff.get(url)
    give_points(rider, 100)
    bought = client_for(rider).post(f"/rewards/{reward.pk}/redeem/")
    assert bought.status_code == 302 and Voucher.objects.filter(reward=reward).count() == 1

    assert staff.post(url, as_posted(page, description="需提前预约")).status_code == 302

    reward.refresh_from_db()
    assert reward.stock == 9  # not 10 again: the voucher is sold


def test_a_new_stock_typed_over_one_that_moved_is_refused_with_what_it_is_now(client_for, street_admin, rider, reward):
    staff = client_for(street_admin)
    url = f"/staff/rewards/{reward.pk}/"
    page = staff.get(url)
    give_points(rider, 100)
    client_for(rider).post(f"/rewards/{reward.pk}/redeem/")

    refused = staff.post(url, as_posted(page, stock=25))

    assert refused.status_code == 400
    assert errors_of(refused, "stock") == ["库存已被他人或兑换更改为 9，请核对后再保存。"]
    reward.refresh_from_db()
    assert reward.stock == 9
    # Checked, and saved again from the page that said so: now the staff's number stands.
    assert 'name="stock_seen" value="9"' in refused.content.decode()
    assert staff.post(url, as_posted(refused)).status_code == 302
    reward.refresh_from_db()
    assert reward.stock == 25


def test_a_second_tab_cannot_type_its_stock_over_the_first_tabs(client_for, street_admin, reward):
    tab_a, tab_b = client_for(street_admin), client_for(street_admin)
    url = f"/staff/rewards/{reward.pk}/"
    page_a, page_b = tab_a.get(url), tab_b.get(url)
    tab_a.post(url, as_posted(page_a, stock=25))

    refused = tab_b.post(url, as_posted(page_b, stock=12))

    assert errors_of(refused, "stock") == ["库存已被他人或兑换更改为 25，请核对后再保存。"]
    reward.refresh_from_db()
    assert reward.stock == 25


def test_the_stock_typed_on_an_unchanged_row_is_written(client_for, street_admin, reward):
    staff = client_for(street_admin)
    url = f"/staff/rewards/{reward.pk}/"
    assert staff.post(url, as_posted(staff.get(url), stock="")).status_code == 302
    reward.refresh_from_db()
    assert reward.stock is None  # unlimited, as typed


# --- 2. constraints in words, on their fields -------------------------------------------------


def new_reward_data(venue, **changes) -> dict:
    data = {"venue": venue.pk, "title": "夏季关爱包", "description": "", "cost": 30, "stock": 5, "valid_days": 30, "active": "on"}
    data.update(changes)
    return data


def test_a_reward_offered_until_before_it_starts_says_so_on_the_field(client_for, street_admin, reward):
    response = client_for(street_admin).post(
        "/staff/rewards/new/", new_reward_data(reward.venue, available_from="2026-05-10", available_to="2026-05-01")
    )
    assert response.status_code == 400
    assert errors_of(response, "available_to") == ["截止兑换日期不能早于开始兑换日期。"]
    assert "约束" not in response.content.decode()
    assert not Reward.objects.filter(title="夏季关爱包").exists()


def test_a_reward_for_0_points_says_so_on_the_field(client_for, street_admin, reward):
    response = client_for(street_admin).post("/staff/rewards/new/", new_reward_data(reward.venue, cost=0))
    assert response.status_code == 400
    assert errors_of(response, "cost") == ["所需积分至少为 1。"]
    assert "约束" not in response.content.decode()


def test_an_edited_reward_shows_the_same_words(client_for, street_admin, reward):
    staff = client_for(street_admin)
    url = f"/staff/rewards/{reward.pk}/"
    response = staff.post(url, as_posted(staff.get(url), cost=0, available_from="2026-05-10", available_to="2026-05-01"))
    assert errors_of(response, "cost") == ["所需积分至少为 1。"]
    assert errors_of(response, "available_to") == ["截止兑换日期不能早于开始兑换日期。"]


def test_a_rule_window_and_a_taken_code_say_so_on_their_fields(client_for, street_admin):
    category = CategoryFactory()
    RuleFactory(code="night_escort")
    data = {"category": category.pk, "name": "夜间护送", "points": "5", "unit": "occurrence", "evidence": "none"}
    staff = client_for(street_admin)
    window = staff.post("/staff/rules/new/", {**data, "valid_from": "2026-05-10", "valid_to": "2026-05-01"})
    assert errors_of(window, "valid_to") == ["截止日期不能早于生效日期。"]
    taken = staff.post("/staff/rules/new/", {**data, "code": "night_escort"})
    assert errors_of(taken, "code") == ["已有其他规则使用此代码。"]
    for response in (window, taken):
        assert "约束" not in response.content.decode()


@pytest.mark.parametrize("model", [Category, Rule, Claim, Account, LedgerEntry, Reward, Voucher])
def test_every_constraint_of_points_has_its_words_in_both_languages(model):
    from django.utils import translation

    for constraint in model._meta.constraints:
        assert isinstance(constraint, CheckConstraint | UniqueConstraint)
        assert constraint.violation_error_message != constraint.default_violation_error_message, constraint.name
        with translation.override("en"):
            english = str(constraint.violation_error_message)
        with translation.override("zh-hans"):
            chinese = str(constraint.violation_error_message)
        assert chinese != english and re.search(r"[\u4e00-\u9fff]", chinese), constraint.name


def test_the_service_puts_a_constraint_error_on_its_field_in_english_too(street_admin, reward):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from points.rewards import services

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            services.reward_save(actor=street_admin, reward=reward, data={"cost": 0})
        # Read in the caller's language (a field validator's message is translated when read).
        assert refused.value.message_dict == {"cost": ["A reward costs at least 1 point."]}


# --- 3. categories and rules ----------------------------------------------------------------------


def test_a_category_may_be_saved_without_a_code_and_gets_a_stable_one(client_for, street_admin):
    staff = client_for(street_admin)
    page = staff.get("/staff/categories/new/").content.decode()
    assert "系统内部使用的英文代码，可留空自动生成。" in page
    code_input = re.search(r"<input[^>]*name=\"code\"[^>]*>", page).group(0)
    assert "required" not in code_input

    assert staff.post("/staff/categories/new/", {"name": "夜间互助", "code": "", "order": "90"}).status_code == 302
    assert staff.post("/staff/categories/new/", {"name": "邻里守望", "code": "", "order": "91"}).status_code == 302

    night, neighbours = Category.objects.get(name="夜间互助"), Category.objects.get(name="邻里守望")
    assert night.code.startswith("category-") and neighbours.code.startswith("category-")
    assert night.code != neighbours.code
    # An edit that leaves the code empty keeps the one the category has.
    staff.post(f"/staff/categories/{night.pk}/", {"name": "夜间互助站", "code": "", "order": "90"})
    night_again = Category.objects.get(pk=night.pk)
    assert (night_again.name, night_again.code) == ("夜间互助站", night.code)


def test_a_chinese_code_is_explained_not_called_a_slug(client_for, street_admin):
    response = client_for(street_admin).post("/staff/categories/new/", {"name": "夜间互助", "code": "夜间", "order": "90"})
    assert errors_of(response, "code") == ["只能使用英文字母、数字、下划线（_）和连字符（-），不能有空格或汉字。"]
    assert "slug" not in response.content.decode()


@pytest.mark.parametrize("code", Rule.SYSTEM_CODES)
def test_staff_cannot_clear_or_change_the_code_a_payout_finds_its_rule_by(client_for, street_admin, code):
    rule = Rule.objects.filter(code=code).first() or RuleFactory(code=code, rider_claimable=False)
    staff = client_for(street_admin)
    url = f"/staff/rules/{rule.pk}/"
    page = staff.get(url)
    code_input = re.search(r"<input[^>]*name=\"code\"[^>]*>", page.content.decode()).group(0)
    assert "disabled" in code_input
    assert "系统按此代码发放积分（活动、线索、贴士），不能修改。" in page.content.decode()

    for typed in ("", "renamed"):
        response = staff.post(url, {**as_posted(page, points=33), "code": typed})
        assert response.status_code == 302
        rule.refresh_from_db()
        assert (rule.code, rule.points) == (code, 33)  # the rest of the edit is saved
    assert rule_by_code(code) == rule


def test_the_service_refuses_a_changed_system_code_too(street_admin):
    from django.core.exceptions import ValidationError

    rule = attendance_rule()
    with pytest.raises(ValidationError) as refused:
        points_services.rule_save(actor=street_admin, rule=rule, data={"code": ""})
    assert list(refused.value.message_dict) == ["code"]
    rule.refresh_from_db()
    assert rule.code == Rule.ACTIVITY_ATTENDANCE


def test_an_ordinary_rules_code_can_still_be_changed(client_for, street_admin):
    rule = RuleFactory(code="night_escort")
    staff = client_for(street_admin)
    page = staff.get(f"/staff/rules/{rule.pk}/")
    assert staff.post(f"/staff/rules/{rule.pk}/", as_posted(page, code="night_escort_2")).status_code == 302
    rule.refresh_from_db()
    assert rule.code == "night_escort_2"


# --- 4. the audit trail ----------------------------------------------------------------------------


FMT = "%Y-%m-%dT%H:%M"


def activity_form(starts, **changes) -> dict:
    data = {
        "title": "春熙路文明劝导",
        "description": "提醒骑手文明停车",
        "category": "civility",
        "venue": "",
        "place": "成龙大道二段路口",
        "lat": "",
        "lng": "",
        "starts_at": starts.strftime(FMT),
        "ends_at": (starts + timedelta(hours=2)).strftime(FMT),
        "capacity": "2",
        "signup_deadline": (starts - timedelta(minutes=10)).strftime(FMT),
        "rule": str(attendance_rule().pk),
        "state": "published",
    }
    data.update({k: str(v) for k, v in changes.items()})
    return data


def test_an_activity_edit_of_place_and_places_logs_only_those(client_for, reviewer, street_admin):
    staff = client_for(reviewer)
    starts = timezone.localtime() + timedelta(days=3)
    staff.post("/staff/activities/new/", activity_form(starts))
    activity = Activity.objects.get(title="春熙路文明劝导")

    staff.post(f"/staff/activities/{activity.pk}/edit/", activity_form(starts, place="成龙大道二段路口（东北角）", capacity=3))

    entry = AuditEntry.objects.get(action="volunteers.activity_updated", target_id=str(activity.pk))
    assert sorted(entry.data) == ["capacity", "place"]
    (row,) = client_for(street_admin).get(AUDIT, {"action": "volunteers.activity_updated"}).context["rows"]
    assert [c.label for c in row["changes"]] == ["地点", "名额"]


def test_old_entries_of_the_same_moment_show_no_change_and_moments_read_in_beijing_time(client_for, street_admin):
    AuditEntry.objects.create(
        action="volunteers.activity_updated",
        target_type="volunteers.activity",
        target_id="1",
        data={
            "starts_at": ["2026-12-06T04:08:00+00:00", "2026-12-06T12:08:00+08:00"],
            "ends_at": ["2026-12-06T06:08:00+00:00", "2026-12-06T15:30:00+08:00"],
            "capacity": [2, 3],
        },
    )
    response = client_for(street_admin).get(AUDIT, {"action": "volunteers.activity_updated"})
    (row,) = response.context["rows"]
    changes = {c.label: (c.before, c.after) for c in row["changes"]}
    assert changes == {"结束时间": ("2026-12-06 14:08", "2026-12-06 15:30"), "名额": ("2", "3")}
    assert "+00:00" not in response.content.decode()


def test_every_detail_key_the_reviewer_saw_raw_has_a_name(client_for, street_admin, rider):
    staff = client_for(street_admin)
    staff.post(f"/staff/balances/{rider.pk}/", {"amount": "5", "reason": "补发线下活动积分"})
    written = {
        "volunteers.report_assigned": ("volunteers.report", {"to": 999999}),
        "venues.tip.approve": ("venues.tip", {"compound": 999999}),
        "venues.photo.add": ("venues.venue", {"photo": 7}),
        "venues.venue.import": (
            "accounts.user",
            {"created": 1, "updated": 0, "duplicates": ["成龙路驿站"]},
        ),  # an empty one is not shown
        "volunteers.profile_updated": ("accounts.user", {"home_community": [None, 999999]}),
    }
    for action, (target_type, data) in written.items():
        AuditEntry.objects.create(action=action, target_type=target_type, target_id="1", data=data)

    response = staff.get(AUDIT)
    labels = {c.field: c.label for row in response.context["rows"] for c in row["changes"] + row["details"]}
    expected = {
        "amount": "调整积分",
        "balance_after": "变动后余额",
        "to": "指派给",
        "compound": "小区",
        "photo": "照片",
        "created": "新建场所数",
        "updated": "更新场所数",
        "duplicates": "跳过的重复项",
        "home_community": "所在社区",
    }
    assert {key: labels.get(key) for key in expected} == expected
    body = response.content.decode()
    for key in expected:
        assert f"<code>{key}</code>" not in body


def test_ids_name_their_objects_in_one_query_per_model(client_for, street_admin, reviewer):
    venue = VenueFactory(name="审查测试驿站")
    rule = RuleFactory(name="帮扶困难群众")
    AuditEntry.objects.create(
        action="points.reward_saved", target_type="points.reward", target_id="8", data={"changes": {"venue": [None, venue.pk]}}
    )
    AuditEntry.objects.create(action="points.claim_submitted", target_type="points.claim", target_id="1", data={"rule": rule.pk})
    gone = RuleFactory(name="已删除的规则")
    gone_id = gone.pk
    gone.delete()
    AuditEntry.objects.create(action="points.claim_submitted", target_type="points.claim", target_id="2", data={"rule": gone_id})
    client = client_for(street_admin)
    client.get(AUDIT)  # warm up

    with CaptureQueriesContext(connection) as few:
        response = client.get(AUDIT)
    rows = response.context["rows"]
    shown = {(row["entry"].target_id, c.field): c.after for row in rows for c in row["changes"] + row["details"]}
    assert shown[("8", "venue")] == f"审查测试驿站（#{venue.pk}）"
    assert shown[("1", "rule")] == f"帮扶困难群众（#{rule.pk}）"
    assert shown[("2", "rule")] == str(gone_id)  # gone: its id, as written

    for n in range(30):
        other = RuleFactory(name=f"规则{n}")
        AuditEntry.objects.create(
            action="points.claim_submitted", target_type="points.claim", target_id="3", data={"rule": other.pk}
        )
    with CaptureQueriesContext(connection) as many:
        client.get(AUDIT)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_object_type_filter_shows_names_only(client_for, street_admin, reviewer, rider):
    points_services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider))
    AuditEntry.objects.create(action="x.test", target_type="points.voucher", target_id="1", data={})
    body = client_for(street_admin).get(AUDIT).content.decode()
    select = re.search(r'<select name="target_type".*?</select>', body, re.S).group(0)
    assert ">兑换券</option>" in select and ">积分申请</option>" in select
    assert "(points." not in select
    assert 'value="points.voucher"' in select  # the filter still sends the type's code
