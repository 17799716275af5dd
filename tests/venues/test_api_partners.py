"""The partners' wall API: partner venues (active, with a plaque) and the partners that are not
venues, public and the same for everyone."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from tests.venues.factories import VenueFactory
from venues.models import Partner, VenueKind

pytestmark = pytest.mark.django_db

URL = "/api/v1/partners/"


def test_the_wall_lists_partner_venues_then_other_partners(api_for, rider):
    later = VenueFactory(
        name="暖新理发店",
        kind=VenueKind.MERCHANT,
        plaque_number="CLL-2025-007",
        plaque_date=date(2025, 6, 1),
        partner_since=date(2025, 5, 1),
    )
    first = VenueFactory(name="成龙路驿站", plaque_number="CLL-2024-001", plaque_date=date(2024, 9, 10))
    VenueFactory(name="没有授牌的驿站")  # no plaque: not (yet) a partner
    VenueFactory(name="已关闭的商家", plaque_number="CLL-2024-002", active=False)
    donor = Partner.objects.create(
        name="某某出行科技有限公司",
        kind="企业",
        contribution="捐赠十辆暖新单车",
        plaque_number="CLL-2025-020",
        plaque_date=date(2025, 3, 1),
        partner_since=date(2025, 1, 15),
    )
    Partner.objects.create(name="不再展示", kind="协会", active=False)

    response = api_for(rider).get(URL)

    assert response.status_code == 200
    with translation.override("zh-hans"):
        station, merchant = str(VenueKind.COMMUNITY_STATION.label), str(VenueKind.MERCHANT.label)
    assert response.json() == [
        {
            "type": "venue",
            "id": first.pk,
            "name": "成龙路驿站",
            "kind": "community_station",
            "kind_name": station,
            "plaque_number": "CLL-2024-001",
            "plaque_date": "2024-09-10",
            "partner_since": None,
            "contribution": "",
            "venue": first.pk,
        },
        {
            "type": "venue",
            "id": later.pk,
            "name": "暖新理发店",
            "kind": "merchant",
            "kind_name": merchant,
            "plaque_number": "CLL-2025-007",
            "plaque_date": "2025-06-01",
            "partner_since": "2025-05-01",
            "contribution": "",
            "venue": later.pk,
        },
        {
            "type": "partner",
            "id": donor.pk,
            "name": "某某出行科技有限公司",
            "kind": "企业",
            "kind_name": "企业",
            "plaque_number": "CLL-2025-020",
            "plaque_date": "2025-03-01",
            "partner_since": "2025-01-15",
            "contribution": "捐赠十辆暖新单车",
            "venue": None,
        },
    ]


def test_the_wall_is_public_and_may_be_cached_briefly(api_for):
    response = api_for(None).get(URL)

    assert response.status_code == 200 and response.json() == []
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


def test_the_wall_costs_two_queries_whatever_its_length(api_for, django_assert_num_queries):
    for n in range(5):
        VenueFactory(plaque_number=f"CLL-{n}")
        Partner.objects.create(name=f"伙伴{n}", kind="企业")
    client = api_for(None)

    # The partner venues, the other partners (nobody's session: the answer is public).
    with django_assert_num_queries(2):
        assert len(client.get(URL).json()) == 10
