"""The barber keeps his own venue's everyday details up to date (phone, description, opening
hours) instead of asking the street office for every change: only for the venue he runs, with
the staff form's hours editor, and the street office's trail shows who changed what. The name,
kind, place and plaque stay the street office's."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from friendlystreet.audit.models import AuditEntry
from venues import hours as h
from venues import services
from venues.models import Venue

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def url(venue: Venue) -> str:
    return f"/venues/{venue.pk}/details/"


def week(**days) -> dict:
    """The hours editor's rows as a browser posts them; days not named are closed."""
    data = {}
    for d in range(7):
        row = days.get(f"d{d}", {"mode": "closed"})
        for key in ("mode", "opens", "closes", "opens2", "closes2"):
            data[f"hours_text_{d}_{key}"] = row.get(key, "")
    return data


def details(**overrides) -> dict:
    return {
        "phone": "13900000003",
        "description": "骑手理发八折，午后错峰通道。",
        "hours_note": "节假日照常营业",
        **week(
            d0={"mode": "open", "opens": "09:00", "closes": "12:00", "opens2": "14:00", "closes2": "21:00"}, d6={"mode": "24h"}
        ),
        **overrides,
    }


def test_the_barber_changes_his_phone_description_and_hours_and_riders_read_them(shop, merchant_a, client_for, rider):
    response = client_for(merchant_a).post(url(shop), details(), **ZH)

    assert response.status_code == 302 and response["Location"] == url(shop)
    shop.refresh_from_db()
    assert shop.phone == "13900000003"
    assert shop.description == "骑手理发八折，午后错峰通道。"
    assert shop.hours_note == "节假日照常营业"
    assert shop.hour_ranges() == h.parse_hours("Mo 09:00-12:00,14:00-21:00; Su 24h")
    # What only the street office changes is as it was.
    assert (shop.name, shop.plaque_number) == ("王师傅理发店", "CLL-NX-2024-005")

    page = client_for(rider).get(f"/venues/{shop.pk}/", **ZH).content.decode()
    assert "13900000003" in page and "骑手理发八折" in page


def test_the_street_offices_trail_shows_who_changed_what(shop, merchant_a, client_for):
    client_for(merchant_a).post(url(shop), details(), **ZH)

    entry = AuditEntry.objects.get(action="venues.venue.update")
    assert entry.actor == merchant_a and entry.target_id == str(shop.pk)
    changes = entry.data["changes"]
    assert changes["phone"] == ["028-85551234", "13900000003"]
    assert "opening_hours" in changes and "name" not in changes


def test_the_page_opens_with_the_venues_details_in_the_staff_forms_hours_editor(shop, merchant_a, client_for):
    services.venue_details_update(actor=merchant_a, venue=shop, data={"hours": h.parse_hours("Mo-Fr 08:00-18:00")})

    html = client_for(merchant_a).get(url(shop), **ZH).content.decode()

    assert 'value="028-85551234"' in html
    assert 'name="hours_text_0_mode"' in html and 'value="08:00"' in html  # the editor, not a text box
    for staff_only in ('name="name"', 'name="kind"', 'name="address"', 'name="lat"', 'name="plaque_number"', 'name="operators"'):
        assert staff_only not in html
    assert f'href="/venues/{shop.pk}/"' in html  # its public page


def test_a_refused_week_is_said_at_the_hours_and_nothing_changes(shop, merchant_a, client_for):
    data = details(**week(d0={"mode": "open", "opens": "09:00", "closes": "09:00"}))

    response = client_for(merchant_a).post(url(shop), data, **ZH)

    assert response.status_code == 400
    assert "周一：开门和关门时间都是 09:00" in response.content.decode()
    shop.refresh_from_db()
    assert shop.phone == "028-85551234" and not AuditEntry.objects.filter(action="venues.venue.update").exists()


def test_a_phone_that_is_no_phone_number_is_refused_in_words(shop, merchant_a, client_for):
    response = client_for(merchant_a).post(url(shop), details(phone="call me"), **ZH)

    assert response.status_code == 400
    shop.refresh_from_db()
    assert shop.phone == "028-85551234"


def test_the_clinics_operator_cannot_open_or_change_the_barbers_venue(shop, clinic, merchant_b, client_for):
    client = client_for(merchant_b)

    assert client.get(url(shop)).status_code == 404
    assert client.post(url(shop), details()).status_code == 404
    shop.refresh_from_db()
    assert shop.phone == "028-85551234"
    assert client.get(url(clinic)).status_code == 200  # their own


def test_a_rider_is_refused_and_a_visitor_is_asked_to_sign_in(shop, rider, client_for):
    assert client_for(rider).post(url(shop), details()).status_code == 403
    response = client_for(None).get(url(shop))
    assert response.status_code == 302 and "/login/" in response["Location"]
    shop.refresh_from_db()
    assert shop.phone == "028-85551234"


def test_the_service_refuses_anyone_but_the_venues_operator(shop, merchant_b, rider, street_admin):
    for actor in (merchant_b, rider, street_admin, None):
        with pytest.raises(PermissionDenied):
            services.venue_details_update(actor=actor, venue=shop, data={"phone": "13900000003"})
    shop.refresh_from_db()
    assert shop.phone == "028-85551234"


def test_the_service_refuses_what_only_the_street_office_changes(shop, merchant_a):
    for data in ({"name": "理发店"}, {"plaque_number": "X-1"}, {"lat": 30.0}, {"kind": "hospital"}, {"operators": []}):
        with pytest.raises(PermissionDenied):
            services.venue_details_update(actor=merchant_a, venue=shop, data={"phone": "13900000003", **data})
    shop.refresh_from_db()
    assert (shop.name, shop.phone) == ("王师傅理发店", "028-85551234")
