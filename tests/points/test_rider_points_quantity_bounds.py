"""The claim form checks the quantity against the rule (claim_quantity()): a number too big for a
remainder ("1e999999", which a hand-made request or an old browser can send) is refused in words,
not a 500, and nothing is claimed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from points.models import Claim

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["1e999999", "-1e999999", "1e-999999"])
def test_an_enormous_quantity_is_refused_in_words(client_for, rider, rule, hourly_rule, typed):
    client = client_for(rider)
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    for chosen, words in ((rule, "请输入 1 到 10 之间的整数。"), (hourly_rule, "请以半小时为单位填写小时数，0.5 到 24。")):
        response = client.post("/points/claims/new/", {"rule": chosen.pk, "quantity": typed, "occurred_at": when})
        assert response.status_code == 200
        assert words in response.content.decode()
    assert not Claim.objects.exists()
