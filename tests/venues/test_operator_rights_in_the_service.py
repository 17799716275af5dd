"""The street office deactivates the barber's account (he sold the shop) while he still stands
among his venue's operators. Whatever way reaches the venue services (a request already under
way, an app's retry, a task), he no longer changes its details or its photos: the services ask
for the partner's permission, as the counter's do (voucher_confirm), not only for the row that
names him an operator."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from friendlystreet.audit.models import AuditEntry
from tests.venues.factories import VenuePhotoFactory, jpeg_bytes
from tests.venues.test_venue_photos_by_operator import upload
from venues import services
from venues.models import VenuePhoto

pytestmark = pytest.mark.django_db


@pytest.fixture
def deactivated(merchant_a):
    merchant_a.is_active = False
    merchant_a.save(update_fields=["is_active"])
    return merchant_a


def test_a_deactivated_operator_cannot_change_the_details_of_the_venue(shop, deactivated):
    with pytest.raises(PermissionDenied):
        services.venue_details_update(actor=deactivated, venue=shop, data={"phone": "13900000000"})

    shop.refresh_from_db()
    assert shop.phone == "028-85551234"
    assert not AuditEntry.objects.filter(action="venues.venue.update").exists()


def test_a_deactivated_operator_cannot_add_or_delete_its_photos(shop, deactivated):
    photo = VenuePhotoFactory(venue=shop)

    with pytest.raises(PermissionDenied):
        services.venue_photo_add(actor=deactivated, venue=shop, upload=upload(jpeg_bytes()))
    with pytest.raises(PermissionDenied):
        services.venue_photo_delete(actor=deactivated, photo=photo)

    assert list(VenuePhoto.objects.filter(venue=shop)) == [photo]


def test_the_operator_still_does_both(shop, merchant_a):
    services.venue_details_update(actor=merchant_a, venue=shop, data={"phone": "13900000000"})
    services.venue_photo_add(actor=merchant_a, venue=shop, upload=upload(jpeg_bytes()))

    shop.refresh_from_db()
    assert shop.phone == "13900000000"
    assert shop.photos.count() == 1
