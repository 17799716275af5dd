"""A street admin who reads the audit trail in English saw the fields changed as Django's
lower-case names in a code font ("phone", "points paid"), which read as the database's keys, not
as the page's words. They are capitalised as every other label of the page ("Phone", "Reason")."""

from __future__ import annotations

import pytest

from tests.venues.factories import VenueFactory
from tests.venues.test_venue_editing_by_operator import details

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_an_operators_change_reads_in_capitalised_field_names(client_for, street_admin, merchant_a):
    shop = VenueFactory(name="王师傅理发店", phone="028-85551234")
    shop.operators.add(merchant_a)
    client_for(merchant_a).post(f"/venues/{shop.pk}/details/", details())

    client = client_for(street_admin)
    client.get("/", **EN)  # the admin's pages in English
    body = client.get("/staff/audit/?action=venues.venue.update", **EN).content.decode()

    assert '<th scope="row">Phone</th>' in body and '<th scope="row">Description</th>' in body
    assert '<th scope="row">phone</th>' not in body
    assert "<dt>By the venue&#x27;s partner operator</dt>" in body
    assert f"Venue 王师傅理发店 (#{shop.pk})</a>" in body


def test_the_details_a_verified_rider_changed_are_listed_with_commas_in_english(client_for, street_admin, rider):
    """A verified rider renames themself and changes platform: the trail's "Fields changed" lists
    both in the reader's language (it joined them with the Chinese 、 on English pages)."""
    rider.platform = "美团"
    rider.save(update_fields=["platform"])
    client_for(rider).post(
        "/profile/edit/", {"display_name": "张大骑", "platform": "饿了么", "work_type": rider.work_type, "home_community": ""}
    )

    client = client_for(street_admin)
    client.get("/", **EN)
    body = client.get("/staff/audit/?action=accounts.verification_reopened", **EN).content.decode()

    assert "Fields changed" in body
    assert "<dd>name, platform</dd>" in body  # it read name、platform
