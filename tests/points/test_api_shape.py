"""The claims API answers exactly the documented shape (ClaimOutputSerializer)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIRequestFactory

from points import services
from points.api import ClaimOutputSerializer, claim_data
from points.selectors import claim_visible_to
from tests.points.factories import ClaimFactory, add_photo

pytestmark = pytest.mark.django_db


def test_claim_data_is_what_the_serializer_documents(rider, reviewer, rule):
    approved = ClaimFactory(rider=rider, rule=rule, quantity=2)
    add_photo(approved)
    services.claim_approve(actor=reviewer, claim=approved)
    rejected = services.claim_reject(actor=reviewer, claim=ClaimFactory(rider=rider, rule=rule), reason="不符")
    request = APIRequestFactory().get("/api/v1/claims/")
    for claim in (approved, rejected, ClaimFactory(rider=rider, rule=rule)):
        claim = claim_visible_to(reviewer, claim.pk)
        assert claim_data(claim, request) == ClaimOutputSerializer(claim, context={"request": request}).data


def test_the_list_answers_the_same_items_as_the_detail(api_for, rider, reviewer, rule):
    claim = ClaimFactory(rider=rider, rule=rule)
    add_photo(claim)
    for user in (rider, reviewer):
        api = api_for(user)
        listed = next(c for c in api.get("/api/v1/claims/").json()["results"] if c["id"] == claim.pk)
        assert listed == api.get(f"/api/v1/claims/{claim.pk}/").json()
