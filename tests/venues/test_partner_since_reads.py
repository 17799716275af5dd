"""A venue's page says since when it is a partner as a phrase: "Partner since September 2024"
(it read "Partners: since September 2024", a label that named the partners, not the venue).
The Chinese row stays 合作时间 2024年9月起."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings

from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, label, since",
    [("en", "Partner", "since September 2024"), ("zh-hans", "合作时间", "2024年9月起")],
)
def test_the_venue_page_says_since_when_it_is_a_partner(client, language, label, since):
    venue = VenueFactory(partner_since=date(2024, 9, 1))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(f"/venues/{venue.id}/").content.decode()

    assert re.search(r'<dt>([^<]*)</dt><dd data-testid="venue-partner-since">([^<]*)</dd>', page).groups() == (label, since)
