"""A street admin reading the audit trail opens the object an entry is about (the claim
approved, the venue an operator changed) from the entry itself, not by finding it again in
another list. Staff who may read the trail but not that page get no link to a refusal."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission

from points import services
from tests.factories import UserFactory
from tests.points.factories import ClaimFactory, RuleFactory
from tests.venues.factories import VenueFactory
from tests.venues.test_venue_editing_by_operator import details

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def object_links(body: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" data-testid="audit-object-page">打开页面</a>', body)


def test_entries_link_to_the_claim_and_the_venue_they_are_about(client_for, street_admin, reviewer, rider, merchant_a):
    shop = VenueFactory(name="王师傅理发店")
    shop.operators.add(merchant_a)
    claim = ClaimFactory(rider=rider, rule=RuleFactory(points=10))
    services.claim_approve(actor=reviewer, claim=claim)
    client_for(merchant_a).post(f"/venues/{shop.pk}/details/", details())

    client = client_for(street_admin)
    links = object_links(client.get("/staff/audit/", **ZH).content.decode())

    assert f"/staff/venues/{shop.pk}/" in links and f"/staff/claims/{claim.pk}/" in links
    for link in links:
        assert client.get(link).status_code == 200


def test_no_links_for_staff_who_read_the_trail_but_may_not_open_the_pages(client_for, reviewer, rider):
    claim = ClaimFactory(rider=rider, rule=RuleFactory(points=10))
    services.claim_approve(actor=reviewer, claim=claim)
    trail = Group.objects.create(name="auditors")
    trail.permissions.add(Permission.objects.get(content_type__app_label="audit", codename="view_auditentry"))
    auditor = UserFactory(username="auditor")
    auditor.groups.add(trail)

    body = client_for(auditor).get("/staff/audit/", **ZH).content.decode()

    assert f"#{claim.pk}" in body and object_links(body) == []
