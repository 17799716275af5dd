"""The audit trail (/staff/audit/): street admins see who did what to which object and
when, with the before/after of each change; filters by person, action, object and day."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendlystreet.audit.models import AuditEntry
from points import services
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db

URL = "/staff/audit/"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_street_admin_sees_who_approved_what(client_for, street_admin, reviewer, rider):
    claim = ClaimFactory(rider=rider, rule=RuleFactory(points=10))
    services.claim_approve(actor=reviewer, claim=claim)
    body = client_for(street_admin).get(URL).content.decode()
    assert "积分申请已通过" in body  # the action's label, not its code
    assert f"@{reviewer.username}" in body
    assert f"#{claim.pk}" in body


def test_reviewers_riders_and_partners_cannot_open_it(client_for, reviewer, rider, merchant_a):
    for user in (reviewer, rider, merchant_a):
        assert client_for(user).get(URL).status_code == 403
    assert client_for(None).get(URL).status_code == 302


def test_a_changed_rule_shows_its_before_and_after(client_for, street_admin):
    rule = RuleFactory(name="文明劝导", points=10)
    data = {f: getattr(rule, f) for f in services.RULE_FIELDS}
    services.rule_save(actor=street_admin, rule=rule, data={**data, "points": 15})
    response = client_for(street_admin).get(URL, {"action": "points.rule_saved"})
    (row,) = response.context["rows"]
    changes = {c.field: (c.before, c.after) for c in row["changes"]}
    assert changes == {"points": ("10", "15")}
    body = response.content.decode()
    assert "<del>10</del>" in body and "<ins>15</ins>" in body


def test_a_rejection_shows_its_reason_as_a_detail(client_for, street_admin, reviewer, rider):
    claim = ClaimFactory(rider=rider)
    services.claim_reject(actor=reviewer, claim=claim, reason="照片看不清")
    response = client_for(street_admin).get(URL, {"action": "points.claim_rejected"})
    (row,) = response.context["rows"]
    assert row["changes"] == []
    assert [(c.field, c.before, c.after) for c in row["details"]] == [("reason", None, "照片看不清")]
    assert "<dt>理由</dt><dd>照片看不清</dd>" in response.content.decode()  # the field's name, in Chinese


def test_fields_show_their_names_and_choices_their_labels_and_bare_codes_are_marked(client_for, street_admin):
    AuditEntry.objects.create(
        action="x.test", target_type="volunteers.report", target_id="1", data={"category": [None, "sanitation"]}
    )
    AuditEntry.objects.create(action="x.test", target_type="volunteers.publictext", target_id="1", data={"via": "kiosk_app"})
    response = client_for(street_admin).get(URL, {"action": "x.test"})
    signed, changed = response.context["rows"]
    (change,) = changed["changes"]
    assert (change.field, change.label, change.after, change.after_is_code) == ("category", "类别", "环境卫生", False)
    # "via" is no field of a text and no registered detail: key and value are shown as the codes they
    # are. (The signature's "party" used to be the example; the trail names it now, 签署方.)
    (detail,) = signed["details"]
    assert (detail.label, detail.after, detail.after_is_code) == ("", "kiosk_app", True)
    assert "<dt><code>via</code></dt><dd><code>kiosk_app</code></dd>" in response.content.decode()


def test_it_filters_by_person_username_or_phone(client_for, street_admin, rider):
    one, two = ReviewerFactory(phone="+8613900000011"), ReviewerFactory()
    c1, c2 = ClaimFactory(rider=rider), ClaimFactory(rider=rider)
    services.claim_approve(actor=one, claim=c1)
    services.claim_approve(actor=two, claim=c2)
    client = client_for(street_admin)
    by_name = client.get(URL, {"person": two.username, "action": "points.claim_approved"}).context["rows"]
    assert [r["entry"].target_id for r in by_name] == [str(c2.pk)]
    for phone in ("13900000011", "+8613900000011", "0011"):
        rows = client.get(URL, {"person": phone, "action": "points.claim_approved"}).context["rows"]
        assert [r["entry"].target_id for r in rows] == [str(c1.pk)], phone


def test_it_filters_by_action_and_lists_the_actions_with_labels(client_for, street_admin, reviewer, rider):
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider))
    services.claim_reject(actor=reviewer, claim=ClaimFactory(rider=rider), reason="重复")
    response = client_for(street_admin).get(URL, {"action": "points.claim_rejected"})
    assert {r["entry"].action for r in response.context["rows"]} == {"points.claim_rejected"}
    actions = dict(response.context["actions"])
    assert str(actions["points.claim_approved"]) == "积分申请已通过"
    assert "points.claim_rejected" in actions


def test_it_filters_by_object_type_and_id(client_for, street_admin, reviewer, rider):
    claim = ClaimFactory(rider=rider)
    services.claim_reject(actor=reviewer, claim=claim, reason="重复")
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider))
    rows = client_for(street_admin).get(URL, {"target_type": "points.claim", "target_id": claim.pk}).context["rows"]
    assert {(r["entry"].target_type, r["entry"].target_id) for r in rows} == {("points.claim", str(claim.pk))}
    assert {r["entry"].action for r in rows} == {"points.claim_rejected"}


def test_it_filters_by_day_in_shanghai_time(client_for, street_admin, rider):
    claim = ClaimFactory(rider=rider)
    late = AuditEntry.objects.create(action="x.late", target_type="points.claim", target_id=str(claim.pk))
    early = AuditEntry.objects.create(action="x.early", target_type="points.claim", target_id=str(claim.pk))
    # 23:59 and 00:01 Beijing time, either side of midnight (15:59 and 16:01 UTC).
    AuditEntry.objects.filter(pk=late.pk).update(created_at=datetime(2026, 3, 1, 23, 59, tzinfo=SHANGHAI))
    AuditEntry.objects.filter(pk=early.pk).update(created_at=datetime(2026, 3, 2, 0, 1, tzinfo=SHANGHAI))
    client = client_for(street_admin)
    march_1 = client.get(URL, {"date_from": "2026-03-01", "date_to": "2026-03-01"}).context["rows"]
    assert [r["entry"].action for r in march_1] == ["x.late"]
    march_2 = client.get(URL, {"date_from": "2026-03-02"}).context["rows"]
    assert "x.early" in [r["entry"].action for r in march_2] and "x.late" not in [r["entry"].action for r in march_2]


def test_it_pages_newest_first_by_keyset(client_for, street_admin, rider):
    for i in range(55):
        AuditEntry.objects.create(action="x.test", target_type="accounts.user", target_id=str(i))
    client = client_for(street_admin)
    first = client.get(URL, {"action": "x.test"})
    ids = [r["entry"].pk for r in first.context["rows"]]
    assert len(ids) == 50 and ids == sorted(ids, reverse=True)
    cursor = first.context["next_cursor"]
    assert f"before={cursor}" in first.content.decode()
    second = client.get(URL, {"action": "x.test", "before": cursor})
    rest = [r["entry"].pk for r in second.context["rows"]]
    assert len(rest) == 5 and max(rest) < min(ids)
    assert second.context["next_cursor"] is None


def test_a_bad_date_is_named_at_its_field_not_a_server_error(client_for, street_admin):
    response = client_for(street_admin).get(URL, {"date_from": "not-a-date", "before": "x²"})
    assert response.status_code == 200
    assert "日期格式为 YYYY-MM-DD。" in response.content.decode()


def test_query_count_does_not_grow_with_the_entries(client_for, street_admin, reviewer):
    riders = [RiderFactory() for _ in range(3)]
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=riders[0]))
    client = client_for(street_admin)
    client.get(URL)  # warm up (content types, session)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for i in range(60):
        services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=riders[i % 3]))
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert len(response.context["rows"]) == 50
    ours = [q for q in large.captured_queries if "audit_" in q["sql"]]
    # The distinct actions and object types of the filter form, and one page of entries
    # with their actor joined (a keyset page: no COUNT).
    assert len(ours) == 3
    assert len(large.captured_queries) == len(small.captured_queries)
