"""A reviewer's app approves ticked claims through POST /api/v1/claims/bulk/. The staff page says
what that paid (已通过 3 条申请，共发放 80 积分。, tests/points/test_bulk_decision_says_what_it_did.py);
the API answered only `done` and `skipped`, so the app had to fetch each claim to say it. Now the
answer has `points`: what the riders received, after the rules' caps, as documented in the schema."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from points.models import Account, LedgerEntry
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db

BULK = "/api/v1/claims/bulk/"


def test_approving_answers_the_points_the_riders_received_after_the_cap(api_for, rider, other_rider, reviewer):
    """Two claims of 30 for the same day under a cap of 40 a day pay 30 and 10; a claim of 20 for
    another rider: 60 paid, not 80."""
    capped = RuleFactory(name="志愿服务", points=30, max_per_day=40)
    day = timezone.now() - timedelta(hours=1)
    claims = [ClaimFactory(rider=rider, rule=capped, occurred_at=day) for _ in range(2)]
    claims.append(ClaimFactory(rider=other_rider, rule=RuleFactory(name="文明劝导", points=20)))

    response = api_for(reviewer).post(BULK, {"ids": [c.pk for c in claims], "action": "approve"}, format="json")

    assert response.status_code == 200
    received = [Account.objects.get(rider=r).balance for r in (rider, other_rider)]
    assert received == [40, 20]
    assert LedgerEntry.objects.aggregate(total=Sum("amount"))["total"] == 60
    assert response.json() == {"done": [c.pk for c in claims], "skipped": [], "points": sum(received)}


def test_rejecting_and_skipping_pay_nothing(api_for, rider, reviewer, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    api = api_for(reviewer)

    rejected = api.post(BULK, {"ids": [claim.pk], "action": "reject", "reason": "照片看不清"}, format="json")
    again = api.post(BULK, {"ids": [claim.pk], "action": "approve"}, format="json")

    assert rejected.status_code == again.status_code == 200
    assert rejected.json() == {"done": [claim.pk], "skipped": [], "points": 0}
    assert again.json() == {
        "done": [],
        "skipped": [{"id": claim.pk, "code": "claim_not_pending", "status": "rejected"}],
        "points": 0,
    }
    assert not LedgerEntry.objects.exists()


def test_the_schema_documents_points_in_the_answer(schema):
    ok = schema["paths"][BULK]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    answer = schema["components"]["schemas"][ok["$ref"].rsplit("/", 1)[1]]
    assert answer["properties"]["points"]["type"] == "integer"
    assert "caps" in answer["properties"]["points"]["description"]
    assert set(answer["required"]) == {"done", "skipped", "points"}
