"""Rules (public list, staff management), claims made by other apps, and rider verification."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points import errors, services
from points.models import Account, Category, Claim, LedgerEntry, Rule
from tests.factories import RiderFactory
from tests.points.factories import CategoryFactory, RuleFactory

pytestmark = pytest.mark.django_db


def test_rules_api_lists_active_rules_with_their_category(client):
    category = CategoryFactory(code="volunteer_service", name="志愿服务")
    hours = RuleFactory(category=category, name="志愿服务时长", points=10, unit="hour", evidence="photo", max_per_day=40)
    RuleFactory(category=category, active=False)
    RuleFactory(category=CategoryFactory(active=False))
    body = client.get("/api/v1/rules/").json()
    assert [r for r in body if r["id"] == hours.pk] == [
        {
            "id": hours.pk,
            "category": {"code": "volunteer_service", "name": "志愿服务"},
            "name": "志愿服务时长",
            "description": "做一件好事",
            "points": 10,
            "unit": "hour",
            "unit_label": "每小时",
            "evidence": "photo",
            "rider_claimable": True,
            "max_per_day": 40,
            "max_per_month": None,
        }
    ]
    assert {r["id"] for r in body} == set(Rule.objects.filter(active=True, category__active=True).values_list("pk", flat=True))


def test_how_to_earn_page_lists_active_rules_by_category(client):
    shown = RuleFactory(name="文明劝导")
    hidden = RuleFactory(name="已停用规则", active=False)
    page = client.get("/points/how-to-earn/")
    assert page.status_code == 200
    content = page.content.decode()
    assert f'data-rule-id="{shown.pk}"' in content
    assert f'data-rule-id="{hidden.pk}"' not in content


def test_street_admin_creates_and_edits_a_rule_and_it_is_audited(client_for, street_admin):
    category = CategoryFactory()
    staff = client_for(street_admin)
    response = staff.post(
        "/staff/rules/new/",
        {"category": category.pk, "name": "夜间护送", "points": "12", "unit": "occurrence", "evidence": "none", "active": "on"},
    )
    assert response.status_code == 302
    rule = Rule.objects.get(name="夜间护送")
    assert (rule.points, rule.rider_claimable) == (12, False)  # an unticked box is False
    response = staff.post(
        f"/staff/rules/{rule.pk}/",
        {
            "category": category.pk,
            "name": "夜间护送",
            "points": "15",
            "unit": "occurrence",
            "evidence": "photo",
            "rider_claimable": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.points, rule.evidence) == (15, "photo")
    audit = AuditEntry.objects.filter(action="points.rule_saved", target_id=str(rule.pk)).first()
    assert audit.data["changes"]["points"] == [12, 15]


def test_rule_form_refuses_a_window_that_ends_before_it_starts(client_for, street_admin):
    response = client_for(street_admin).post(
        "/staff/rules/new/",
        {
            "category": CategoryFactory().pk,
            "name": "x",
            "points": "5",
            "unit": "occurrence",
            "evidence": "none",
            "valid_from": "2026-05-01",
            "valid_to": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Rule.objects.filter(name="x").exists()


def test_reviewer_cannot_manage_rules(client_for, reviewer, street_admin):
    assert client_for(reviewer).get("/staff/rules/").status_code == 403
    with pytest.raises(errors.NotAllowed):
        services.rule_save(actor=reviewer, data={"name": "x"})


def test_street_admin_manages_categories(client_for, street_admin):
    response = client_for(street_admin).post("/staff/categories/new/", {"code": "night_help", "name": "夜间互助", "order": "90"})
    assert response.status_code == 302
    assert Category.objects.get(code="night_help").name == "夜间互助"


# --- claims made by other apps ------------------------------------------------------------------


@pytest.fixture
def report_rule(db):
    return RuleFactory(points=20, rider_claimable=False, code="report_accepted_test", max_per_month=200)


def test_another_app_creates_an_approved_claim_in_its_transaction(rider, reviewer, report_rule):
    claim = services.claim_create_from_source(
        rider=rider, rule=report_rule, source="report", source_ref="17", occurred_at=timezone.now(), actor=reviewer
    )
    assert (claim.status, claim.points, claim.source, claim.decided_by) == ("approved", 20, "report", reviewer)
    assert Account.objects.get(rider=rider).balance == 20
    assert Notification.objects.get(recipient=rider).kind == "points_awarded"  # the rider applied for nothing


def test_points_paid_by_another_app_name_what_they_were_for_in_the_notice_and_the_passbook(client_for, rider, report_rule):
    """A rider checked in at an activity is told 您因“…· 春季清洁”获得 20 积分。, not that a claim
    of theirs was approved, and the passbook line names the activity too."""
    services.claim_create_from_source(
        rider=rider,
        rule=report_rule,
        source="activity",
        source_ref="signup-9",
        occurred_at=timezone.now(),
        description="春季清洁",
    )

    notice = Notification.objects.get(recipient=rider)
    assert notice.title == "积分到账"
    assert notice.body == f"您因“{report_rule.name} · 春季清洁”获得 20 积分。"
    passbook = client_for(rider).get("/points/").content.decode()
    assert f"{report_rule.name} · 春季清洁" in passbook


def test_the_same_event_never_pays_twice(rider, report_rule):
    when = timezone.now() - timedelta(days=40)  # no claim window for system claims
    first = services.claim_create_from_source(rider=rider, rule=report_rule, source="report", source_ref="17", occurred_at=when)
    again = services.claim_create_from_source(rider=rider, rule=report_rule, source="report", source_ref="17", occurred_at=when)
    assert first.pk == again.pk
    assert LedgerEntry.objects.count() == 1
    # The same reference from another source is another event.
    services.claim_create_from_source(rider=rider, rule=report_rule, source="activity", source_ref="17", occurred_at=when)
    assert LedgerEntry.objects.count() == 2


def test_another_app_may_leave_the_claim_pending_for_review(rider, reviewer, report_rule):
    claim = services.claim_create_from_source(
        rider=rider, rule=report_rule, source="tip", source_ref="tip-3", occurred_at=timezone.now(), approve=False
    )
    assert claim.status == "pending"
    assert not LedgerEntry.objects.exists()
    services.claim_approve(actor=reviewer, claim=claim)
    assert Account.objects.get(rider=rider).balance == 20


def test_an_inactive_system_rule_pays_nothing(rider, report_rule):
    report_rule.active = False
    report_rule.save()
    with pytest.raises(errors.RuleNotClaimable):
        services.claim_create_from_source(
            rider=rider, rule=report_rule, source="report", source_ref="1", occurred_at=timezone.now()
        )
    assert not Claim.objects.exists()


def test_system_rules_are_found_by_their_stable_code(report_rule):
    from points.selectors import rule_by_code

    assert rule_by_code("report_accepted_test") == report_rule
    assert set(Rule.SYSTEM_CODES) == {"activity_attendance", "report_accepted", "report_accepted_grid", "compound_tip_approved"}


# --- rider verification ---------------------------------------------------------------------


def test_reviewer_verifies_a_waiting_rider_who_is_told(client_for, reviewer):
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)
    queue = client_for(reviewer).get("/staff/riders/")
    assert newcomer in queue.context["page"].object_list
    response = client_for(reviewer).post(f"/staff/riders/{newcomer.pk}/decide/", {"decision": "verify"})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.verification == "verified"
    assert Notification.objects.get(recipient=newcomer).kind == "points_rider_verified"
    assert AuditEntry.objects.get(action="accounts.rider_verified").actor == reviewer


def test_reviewer_rejects_a_rider_with_a_reason_the_rider_sees(client_for, reviewer):
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)
    client_for(reviewer).post(f"/staff/riders/{newcomer.pk}/decide/", {"decision": "reject", "reason": "平台信息无法核实"})
    newcomer.refresh_from_db()
    assert (newcomer.verification, newcomer.verification_note) == ("rejected", "平台信息无法核实")
    assert "平台信息无法核实" in Notification.objects.get(recipient=newcomer).body
    page = client_for(newcomer).get("/points/claims/new/")
    assert "平台信息无法核实" in page.content.decode()


def test_rejecting_a_rider_needs_a_reason(client_for, reviewer):
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)
    client_for(reviewer).post(f"/staff/riders/{newcomer.pk}/decide/", {"decision": "reject", "reason": ""})
    newcomer.refresh_from_db()
    assert newcomer.verification == "unverified"
    assert not Notification.objects.exists()


def test_a_rider_cannot_verify_anyone(rider):
    newcomer = RiderFactory(verification=Verification.UNVERIFIED)
    with pytest.raises(errors.NotAllowed):
        services.rider_verify(actor=rider, rider=newcomer, approve=True)
    newcomer.refresh_from_db()
    assert newcomer.verification == "unverified"


# --- compound tips (venues) pay through the tip_approved hook --------------------------------------


def test_an_approved_compound_tip_earns_its_author_points_once(rider, reviewer):
    from tests.venues.factories import TipFactory
    from venues import services as venue_services

    rule = Rule.objects.filter(code=Rule.COMPOUND_TIP_APPROVED).first() or RuleFactory(
        code=Rule.COMPOUND_TIP_APPROVED, points=5, rider_claimable=False
    )
    tip = TipFactory(author=rider)
    venue_services.tip_approve(reviewer=reviewer, tip=tip)
    claim = Claim.objects.get(source="tip", source_ref=str(tip.pk))
    assert (claim.status, claim.points, claim.rule, claim.decided_by) == ("approved", rule.points, rule, reviewer)
    assert Account.objects.get(rider=rider).balance == rule.points


def test_with_the_tip_rule_switched_off_a_tip_is_approved_without_points(rider, reviewer):
    from tests.venues.factories import TipFactory
    from venues import services as venue_services

    Rule.objects.filter(code=Rule.COMPOUND_TIP_APPROVED).update(active=False)
    tip = TipFactory(author=rider)
    venue_services.tip_approve(reviewer=reviewer, tip=tip)
    tip.refresh_from_db()
    assert tip.status == "approved"
    assert not Claim.objects.exists()


# --- the reviewers' morning digest ---------------------------------------------------------------


def test_the_morning_digest_counts_pending_claims_and_waiting_riders(reviewer, merchant_a, rider, rule):
    from friendlystreet.notifications.digest import counts_for
    from tests.points.factories import ClaimFactory

    ClaimFactory.create_batch(3, rider=rider, rule=rule)
    RiderFactory(verification=Verification.UNVERIFIED)
    lines = {source.code: n for source, n in counts_for(reviewer)}
    assert (lines["points.pending_claims"], lines["points.riders_waiting"]) == (3, 1)
    assert not [s for s, _n in counts_for(merchant_a) if s.code.startswith("points.")]


def test_how_to_earn_shows_a_rule_change_at_once_although_the_page_is_cached(client, street_admin):
    rule = RuleFactory(name="夜间护送", points=12)
    assert "夜间护送" in client.get("/points/how-to-earn/").content.decode()
    services.rule_save(actor=street_admin, rule=rule, data={"name": "夜间护送（新）"})
    assert "夜间护送（新）" in client.get("/points/how-to-earn/").content.decode()
    services.rule_save(actor=street_admin, rule=rule, data={"active": False})
    assert f'data-rule-id="{rule.pk}"' not in client.get("/points/how-to-earn/").content.decode()


def test_the_claim_form_lists_a_rule_as_staff_left_it(client_for, rider):
    rule = RuleFactory(name="社区巡逻", rider_claimable=True)
    client = client_for(rider)
    assert "社区巡逻" in client.get("/points/claims/new/").content.decode()
    # A change shows at once.
    rule.name = "夜间社区巡逻"
    rule.save()
    assert "夜间社区巡逻" in client.get("/points/claims/new/").content.decode()
    rule.active = False
    rule.save()
    assert "社区巡逻" not in client.get("/points/claims/new/").content.decode()


def test_a_long_subject_is_cut_in_the_notice_and_the_passbook(client_for, rider, report_rule):
    tip = "北门晚上十点以后只能刷脸进，外卖放门卫室旁边的架子上，物业电话贴在岗亭窗户上，记得先打电话。"
    services.claim_create_from_source(
        rider=rider, rule=report_rule, source="tip", source_ref="tip-3", occurred_at=timezone.now(), description=tip
    )

    body = Notification.objects.get(recipient=rider).body
    assert tip[:29] + "…" in body and tip not in body
    assert tip[:29] + "…" in client_for(rider).get("/points/").content.decode()


def test_the_rules_list_says_its_caps_are_points(client_for, street_admin):
    RuleFactory(name="文明劝导", points=10, max_per_day=40, max_per_month=300)
    RuleFactory(name="夜间互助", points=5, max_per_day=None, max_per_month=100)
    html = client_for(street_admin).get("/staff/rules/").content.decode()
    cells = re.findall(r'<td data-label="上限" class="num">(.*?)</td>', html, re.S)
    caps = [" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in cells]
    assert "每天 40 积分、每月 300 积分" in caps
    assert "每月 100 积分" in caps
