"""The audit trail shows a street admin words, not blanks or codes: a rider verified without a
reason reads 骑手已认证 with no 理由 — under it, and the action's name carries no tooltip with
its internal code (points.claim_approved), which staff have no use for."""

from __future__ import annotations

import pytest

from points import services
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory, RuleFactory

pytestmark = pytest.mark.django_db

URL = "/staff/audit/"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_a_verification_without_a_reason_shows_no_empty_reason(client_for, street_admin, reviewer):
    applicant = RiderFactory(verification="unverified")
    services.rider_verify(actor=reviewer, rider=applicant, approve=True)
    services.rider_verify(actor=reviewer, rider=applicant, approve=False, reason="照片看不清")

    response = client_for(street_admin).get(URL, {"action": "accounts.rider_verified"}, **ZH)
    body = response.content.decode()

    assert len(response.context["rows"]) == 1 and response.context["rows"][0]["details"] == []
    assert "audit-details" not in body and "<dt>理由</dt>" not in body
    rejected = client_for(street_admin).get(URL, {"action": "accounts.rider_rejected"}, **ZH).content.decode()
    assert "<dt>理由</dt><dd>照片看不清</dd>" in rejected  # a reason given is still shown


def test_the_actions_name_has_no_tooltip_with_its_code(client_for, street_admin, reviewer, rider):
    services.claim_approve(actor=reviewer, claim=ClaimFactory(rider=rider, rule=RuleFactory(points=10)))

    body = client_for(street_admin).get(URL, **ZH).content.decode()

    assert '<strong class="audit-action">积分申请已通过</strong>' in body
    assert 'title="points.claim_approved"' not in body
