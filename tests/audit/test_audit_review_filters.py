"""A street admin searches the audit trail by the names it shows (理发店王师傅, 高), picks an
action from groups by area, tells a ledger export from a rider's own data download, and is
told when a filter cannot match (到 before 从, an object id that is no number) instead of
reading an empty trail; a claim's quantity reads 1, not 1.0."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from friendlystreet.ledgers.services import export_request
from friendlystreet.privacy import services as privacy
from points import services
from tests.factories import PartnerFactory, ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db

URL = "/staff/audit/"


def targets(response) -> list[str]:
    return [r["entry"].target_id for r in response.context["rows"]]


def test_the_person_filter_finds_people_by_the_names_the_trail_shows(client_for, street_admin, rider):
    barber = PartnerFactory(display_name="理发店王师傅", username="barber")
    gao = ReviewerFactory(display_name="高峰")
    approved_by_gao = ClaimFactory(rider=rider)
    services.claim_approve(actor=gao, claim=approved_by_gao)
    services.claim_approve(actor=ReviewerFactory(display_name="李审核"), claim=ClaimFactory(rider=rider))
    client = client_for(street_admin)

    by_family_name = client.get(URL, {"person": "高", "action": "points.claim_approved"})
    assert targets(by_family_name) == [str(approved_by_gao.pk)]
    assert "没有符合条件的记录" not in by_family_name.content.decode()

    from friendlystreet.audit.services import audit_record

    audit_record(actor=barber, action="points.voucher_redeemed", target=approved_by_gao)
    by_shop = client.get(URL, {"person": "理发店"})
    assert [r["entry"].actor_id for r in by_shop.context["rows"]] == [barber.pk]
    assert "姓名、用户名或手机号" in by_shop.content.decode()  # the label says names work


def test_the_action_list_is_grouped_by_area(client_for, street_admin, reviewer, rider):
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider))
    export_request(owner=street_admin, kind="ledger", fmt="csv", start=date(2026, 11, 1), end=date(2026, 11, 30))
    privacy.export_request(rider=rider)
    body = client_for(street_admin).get(URL).content.decode()
    select = re.search(r'<select name="action".*?</select>', body, flags=re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, flags=re.S)
    options = {label: re.findall(r">([^<]+)</option>", inside) for label, inside in groups}
    assert list(options)[:1] == ["积分"]  # the areas in a fixed order, the points first
    assert "积分申请已通过" in options["积分"]
    assert "台账已生成" in options["导出"]
    assert "骑手与账号" in options
    assert all(options.values())  # no empty group


def test_the_two_kinds_of_export_have_names_of_their_own(client_for, street_admin, rider):
    export_request(owner=street_admin, kind="ledger", fmt="csv", start=date(2026, 11, 1), end=date(2026, 11, 30))
    privacy.export_request(rider=rider)
    response = client_for(street_admin).get(URL)
    types = dict(response.context["types"])
    assert types["ledgers.export"] == "台账导出"
    assert types["privacy.dataexport"] == "骑手个人数据下载"
    body = response.content.decode()
    assert "台账导出 #" in body and "骑手个人数据下载 #" in body


def test_a_day_range_that_ends_before_it_starts_is_named_not_an_empty_trail(client_for, street_admin, reviewer, rider):
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider))
    response = client_for(street_admin).get(URL, {"date_from": "2026-12-06", "date_to": "2026-12-01"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "结束日期早于开始日期。" in body
    assert 'id="filter-errors"' in body and "请先修改上面标出的筛选条件" in body
    assert "没有符合条件的记录" not in body  # not "nothing happened"
    assert 'value="2026-12-06"' in body and 'value="2026-12-01"' in body  # kept to correct


def test_an_object_id_that_is_no_number_is_named(client_for, street_admin, reviewer, rider):
    claim = ClaimFactory(rider=rider)
    services.claim_approve(actor=reviewer, claim=claim)
    client = client_for(street_admin)
    body = client.get(URL, {"target_id": "abc"}).content.decode()
    assert "对象编号是数字，例如 183。" in body
    assert 'value="abc"' in body
    # the number as the trail writes it, with its #, is understood
    found = client.get(URL, {"target_type": "points.claim", "target_id": f"#{claim.pk}"})
    assert targets(found) == [str(claim.pk)]


def test_a_claims_quantity_reads_1_not_1_0(client_for, street_admin):
    rider = RiderFactory()
    rule = RuleFactory(name="文明劝导")
    sent = client_for(rider).post(
        "/points/claims/new/",
        {
            "rule": rule.pk,
            "quantity": "1",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "description": "劝导闯红灯",
        },
    )
    assert sent.status_code == 302
    body = client_for(street_admin).get(URL, {"action": "points.claim_submitted"}).content.decode()
    details = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", body)
    assert ("数量", "1") in details, details
