"""The barber saves his details page with only a new photo: the street office's trail shows
the photo he added, not a second, empty "venue changed" entry beside it (the audit trail lists
every entry, so an empty one read as an edit with nothing in it)."""

from __future__ import annotations

import pytest

from friendlystreet.audit.models import AuditEntry
from tests.venues.factories import jpeg_bytes
from tests.venues.test_venue_editing_by_operator import details
from tests.venues.test_venue_photos_by_operator import upload, url

pytestmark = pytest.mark.django_db


def test_a_save_that_only_adds_a_photo_writes_no_venue_change(shop, merchant_a, client_for):
    client = client_for(merchant_a)
    client.post(url(shop), details())  # his details as they are to stay
    assert AuditEntry.objects.filter(action="venues.venue.update").count() == 1

    response = client.post(url(shop), details(photo=upload(jpeg_bytes()), photo_caption="店门口"))

    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="venues.photo.add", actor=merchant_a).count() == 1
    # Only the first save's entry, which changed his phone, description and hours.
    assert AuditEntry.objects.filter(action="venues.venue.update").count() == 1


def test_a_save_that_changes_a_field_is_still_on_the_trail(shop, merchant_a, client_for):
    client = client_for(merchant_a)
    client.post(url(shop), details())
    client.post(url(shop), details(phone="13900000004"))

    latest = AuditEntry.objects.filter(action="venues.venue.update").first()
    assert latest.data["changes"] == {"phone": ["13900000003", "13900000004"]}
    assert AuditEntry.objects.filter(action="venues.venue.update").count() == 2
