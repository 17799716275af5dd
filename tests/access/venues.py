"""Who may open each venues route: the map, venue pages and compound guides are public;
street admins manage the directory; reviewers (and admins) moderate tips."""

from __future__ import annotations

from django.core.files.base import ContentFile

from tests.access import LOGIN, Route, api, page

FORBIDDEN_BUT_ADMIN = {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 403}
# A form sent (POST) that does its work and goes back to the page (302): street admins only;
# reviewers and street admins (tip moderation).
ADMIN_POST = {**FORBIDDEN_BUT_ADMIN, "admin": 302}
MODERATOR_POST = {**ADMIN_POST, "reviewer": 302}


def _venue(world):
    from tests.venues.factories import VenueFactory

    return {"pk": VenueFactory().pk}


def _photo(world):
    from tests.venues.factories import VenuePhotoFactory

    return {"pk": VenuePhotoFactory().pk}


def _amenity(world):
    from tests.venues.factories import amenity

    return {"pk": amenity("phone_charging").pk}


def _compound(world):
    from tests.venues.factories import CompoundFactory, GateFactory

    return {"pk": GateFactory(compound=CompoundFactory()).compound_id}


def _tip(world):
    from tests.venues.factories import TipFactory

    return {"pk": TipFactory(author=world.rider).pk}


def _approved_tip(world):
    from tests.venues.factories import TipFactory
    from venues.models import TipStatus

    return {"pk": TipFactory(author=world.rider, status=TipStatus.APPROVED).pk}


def _tip_with_photo(world):
    from tests.venues.factories import TipFactory, jpeg_bytes

    tip = TipFactory(author=world.rider)
    tip.photo.save("p.jpg", ContentFile(jpeg_bytes()), save=True)
    return {"pk": tip.pk}


def _partners_venue(world):
    """A venue the matrix's partner (merchant_a) runs; the superuser admin runs none."""
    from tests.venues.factories import VenueFactory

    venue = VenueFactory()
    venue.operators.add(world.partner)
    return {"pk": venue.pk}


def _partners_venue_photo(world):
    from tests.venues.factories import VenuePhotoFactory

    photo = VenuePhotoFactory(venue_id=_partners_venue(world)["pk"])
    return {"pk": photo.venue_id, "photo_pk": photo.pk}


ROUTES = [
    # A partner operator's own venue: its everyday details. Staff edit venues on their own
    # pages; a superuser who runs no venue finds none here (another venue's operator: 404 too,
    # tests/venues/test_venue_editing_by_operator.py).
    Route(
        "venues:venue_details_edit",
        {"anon": LOGIN, "rider": 403, "partner": 200, "reviewer": 403, "admin": 404},
        setup=_partners_venue,
    ),
    # The menu's 我的场所: to that venue's details (several or none: the profile, which lists them).
    Route("venues:my_venue", {"anon": LOGIN, "rider": 403, "partner": 302, "reviewer": 403, "admin": 302}),
    # ...and its photos: its operator deletes one (tests/venues/test_venue_photos_by_operator.py).
    Route(
        "venues:venue_details_photo_delete",
        {"anon": LOGIN, "rider": 403, "partner": 302, "reviewer": 403, "admin": 404},
        setup=_partners_venue_photo,
        method="post",
    ),
    # Public pages: no login needed.
    Route("venues:venue_list", page(public=True)),
    Route("venues:venue_detail", page(public=True), setup=_venue),
    Route("venues:venue_photo", page(public=True), setup=_photo),
    Route("venues:venue_photo_thumb", page(public=True), setup=_photo),
    Route("venues:venue_photo_list", page(public=True), setup=_photo),
    Route("venues:compound_list", page(public=True)),
    Route("venues:compound_detail", page(public=True), setup=_compound),
    # Riders post tips (an empty form is refused with 400); partners and staff are told whose page it is.
    Route(
        "venues:tip_create",
        page(rider_only=True, ok=400),
        setup=_compound,
        method="post",
    ),
    # A pending tip's photo: its author and moderators only; others get 404 (not even "it exists").
    Route(
        "venues:tip_photo",
        {"anon": 404, "rider": 200, "partner": 404, "reviewer": 200, "admin": 200},
        setup=_tip_with_photo,
    ),
    # Staff: street admins manage venues, amenities and compounds.
    Route("venues:staff_venue_list", page(admin_only=True)),
    Route("venues:staff_venue_create", page(admin_only=True)),
    Route("venues:staff_venue_edit", page(admin_only=True), setup=_venue),
    Route("venues:staff_venue_set_active", ADMIN_POST, setup=_venue, method="post"),
    Route("venues:staff_venue_photo_delete", ADMIN_POST, setup=_photo, method="post"),
    Route("venues:staff_venue_import", page(admin_only=True)),
    Route("venues:staff_venue_export", page(admin_only=True)),
    Route("venues:staff_venue_import_template", page(admin_only=True)),
    Route("venues:staff_amenity_list", page(admin_only=True)),
    Route("venues:staff_amenity_edit", page(admin_only=True), setup=_amenity),
    Route("venues:staff_compound_list", page(admin_only=True)),
    Route("venues:staff_compound_create", page(admin_only=True)),
    Route("venues:staff_compound_edit", page(admin_only=True), setup=_compound),
    # Reviewers and admins moderate tips (the second moderator finds it already reviewed: still a redirect).
    Route("venues:staff_tip_queue", page(staff=True)),
    Route("venues:staff_tip_approve", MODERATOR_POST, setup=_tip, method="post"),
    Route("venues:staff_tip_reject", MODERATOR_POST, setup=_tip, method="post", data={"reason": "不准确"}),
    Route("venues:staff_tip_withdraw", MODERATOR_POST, setup=_approved_tip, method="post", data={"reason": "3号门规则已改"}),
    # API: public reads.
    Route("venues_api:venue_list", api(public=True)),
    Route("venues_api:venue_detail", api(public=True), setup=_venue),
    Route("venues_api:compound_list", api(public=True)),
    Route("venues_api:compound_detail", api(public=True), setup=_compound),
    # API: street admins write (an empty body is refused: 400).
    Route(
        "venues_api:venue_create",
        {"anon": 401, "rider": 403, "partner": 403, "reviewer": 403, "admin": 400},
        method="post",
    ),
    # The matrix's client sends PATCH without a JSON content type: the admin gets past the
    # permission check to DRF's 415 (tests/venues/test_venue_api_write.py sends real JSON).
    Route(
        "venues_api:venue_update",
        {"anon": 401, "rider": 403, "partner": 403, "reviewer": 403, "admin": 415},
        setup=_venue,
        method="patch",
    ),
    # API: a partner operator changes the details of the venue they run (as the admin's PATCH
    # above, the matrix's body is no JSON: 415 past the permission check; tests/venues/
    # test_api_merchant_venue_details.py sends JSON, and another venue's operator gets 404).
    Route(
        "venues_api:merchant_venue_details",
        {"anon": 401, "rider": 403, "partner": 415, "reviewer": 403, "admin": 415},
        setup=_partners_venue,
        method="patch",
    ),
    # API: riders post tips (an empty body is refused); partners and staff get rider_only.
    Route(
        "venues_api:tip_create",
        api(rider_only=True, ok=400),
        setup=_compound,
        method="post",
    ),
]
