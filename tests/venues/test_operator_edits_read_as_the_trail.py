"""The staff venue page's list of its operator's edits shows what changed as the audit trail
does (one table, templates/staff/audit/_changes.html): in English the field names are
capitalised as on the trail ("Phone", not the model's "phone")."""

from __future__ import annotations

import re

import pytest

from tests.venues.test_venue_editing_by_operator import details

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def fields_changed(html: str) -> list[str]:
    return re.findall(r'<tr class="changed"><th scope="row">([^<]*)</th>', html)


def test_in_english_the_venue_page_names_the_barbers_changes_as_the_trail_does(shop, merchant_a, street_admin, client_for):
    client_for(merchant_a).post(f"/venues/{shop.pk}/details/", details())
    client = client_for(street_admin)
    client.get("/", **EN)  # the admin's pages in English

    page = client.get(f"/staff/venues/{shop.pk}/", **EN).content.decode()
    trail = client.get(f"/staff/audit/?target_type=venues.venue&target_id={shop.pk}", **EN).content.decode()

    section = page[page.index('id="operator-edits"') : page.index("</section>")]
    assert "Phone" in fields_changed(section)
    assert fields_changed(section) == fields_changed(trail)
