"""The claims API answers exactly the documented shape (ClaimOutputSerializer), as it always has."""

from __future__ import annotations

import pytest
from django.utils import timezone

from points import services
from tests.points.factories import ClaimFactory, add_photo

pytestmark = pytest.mark.django_db


def when(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def test_a_claim_is_answered_field_by_field_as_documented(api_for, rider, reviewer, rule):
    claim = ClaimFactory(rider=rider, rule=rule, quantity=2, description="劝导逆行", location="成龙大道")
    photo = add_photo(claim)
    claim = services.claim_approve(actor=reviewer, claim=claim)
    claim.refresh_from_db()

    body = api_for(rider).get(f"/api/v1/claims/{claim.pk}/").json()

    assert body == {
        "id": claim.pk,
        "rule": {"id": rule.pk, "name": "文明劝导", "unit": rule.unit},
        "category": {"code": rule.category.code, "name": rule.category.name},
        "rider": {"id": rider.pk, "masked_name": rider.masked_name},
        "quantity": "2.0",
        "occurred_at": when(claim.occurred_at),
        "description": "劝导逆行",
        "location": "成龙大道",
        "status": "approved",
        "status_label": "已通过",
        "source": claim.source,
        "points": 20,
        "points_computed": 20,
        "points_claimed": None,  # made by the factory, not submitted (test_rule_changes_and_pending_claims.py)
        "capped_by": "",
        "expected_points": None,  # pending claims only (test_claim_estimates.py)
        "expected_capped_by": "",
        "reason": "",
        "created_at": when(claim.created_at),
        "decided_at": when(claim.decided_at),
        "same_day_claims": [],  # reviewers only (test_same_day_claims.py)
        "photos": [f"http://testserver/api/v1/claims/{claim.pk}/photos/{photo.pk}/"],
    }


def test_a_pending_and_a_rejected_claim_have_their_nulls_and_reason(api_for, rider, reviewer, rule):
    pending = ClaimFactory(rider=rider, rule=rule)
    rejected = services.claim_reject(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule), reason="不符")
    api = api_for(rider)

    shown = api.get(f"/api/v1/claims/{pending.pk}/").json()
    assert (shown["status"], shown["points"], shown["points_computed"], shown["decided_at"], shown["photos"]) == (
        "pending",
        None,
        None,
        None,
        [],
    )
    assert (shown["expected_points"], shown["expected_capped_by"]) == (10, "")
    shown = api.get(f"/api/v1/claims/{rejected.pk}/").json()
    assert (shown["status"], shown["reason"], shown["points"]) == ("rejected", "不符", None)


def test_the_list_answers_the_same_items_as_the_detail(api_for, rider, reviewer, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    add_photo(claim)
    for user in (rider, reviewer):
        api = api_for(user)
        listed = next(c for c in api.get("/api/v1/claims/").json()["results"] if c["id"] == claim.pk)
        assert listed == api.get(f"/api/v1/claims/{claim.pk}/").json()
