"""A new venue whose week nobody filled in is "hours not given" (营业时间未填写), not closed
every day (staff-content review #3): the street admin saves it, and a rider finds it on the
page, the list and the API without a false 已打烊. The same time for opening and closing is
refused: 24 hours is a choice of its own."""

from __future__ import annotations

import pytest

from tests.venues.factories import VenueFactory
from tests.venues.test_hours_editor import editor as posted_week
from tests.venues.test_import_export import IMPORT, csv_file
from tests.venues.test_staff_venues import NEW
from venues import hours as h
from venues.forms import hours_rows
from venues.models import Venue

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def editor(**days) -> dict:
    """The editor as it is posted; days not given keep the editor's blank state (未填写)."""
    return posted_week(rest="", **days)


def test_a_new_venue_offers_a_blank_week_not_seven_closed_days(client_for, street_admin):
    text = client_for(street_admin).get(NEW, **ZH).content.decode()

    assert text.count('<option value="" selected>未填写</option>') == 7
    assert '<option value="closed" selected>' not in text


def test_an_untouched_week_is_hours_not_given_for_riders_everywhere(client_for, street_admin, rider):
    response = client_for(street_admin).post(NEW, editor(), **ZH)

    assert response.status_code == 302
    venue = Venue.objects.get()
    assert venue.hour_ranges() == []
    assert venue.open_status() is None

    # Staff see what is left to fill in, in their list.
    staff_list = client_for(street_admin).get("/staff/venues/", **ZH).content.decode()
    assert 'data-testid="hours-not-given">营业时间未填写' in staff_list

    client = client_for(rider)
    page = client.get(f"/venues/{venue.pk}/", **ZH).content.decode()
    assert "营业时间未填写" in page
    assert "街道办尚未录入此阵地的营业时间。前往前请先打电话确认。" in page
    assert "已打烊" not in page and "休息" not in page
    assert 'data-open=""' in page

    listing = client.get("/venues/", **ZH).content.decode()
    assert 'data-testid="hours-not-given">营业时间未填写' in listing
    assert 'data-testid="closed-now"' not in listing

    detail = client.get(f"/api/v1/venues/{venue.pk}/", **ZH).json()
    assert detail["open_now"] is None and detail["open_change_at"] is None
    assert detail["hours"] == [] and detail["hours_text"] == "营业时间未填写"
    assert client.get("/api/v1/venues/").json()["results"][0]["open_now"] is None
    # Not open now, so not among the venues open now.
    assert client.get("/api/v1/venues/?open_now=true").json()["count"] == 0


def test_days_left_blank_beside_a_filled_day_are_closed_and_shown_as_closed_again(client_for, street_admin):
    client = client_for(street_admin)
    response = client.post(NEW, editor(d0={"mode": "open", "opens": "09:00", "closes": "18:00"}))

    assert response.status_code == 302
    venue = Venue.objects.get()
    assert venue.hour_ranges() == h.parse_hours("Mo 09:00-18:00")
    assert [r["mode"] for r in hours_rows(venue.hour_ranges())] == ["open"] + ["closed"] * 6


def test_times_typed_on_a_day_left_not_given_open_it(client_for, street_admin):
    response = client_for(street_admin).post(NEW, editor(d2={"mode": "", "opens": "08:00", "closes": "20:00"}))

    assert response.status_code == 302
    assert Venue.objects.get().hour_ranges() == h.parse_hours("We 08:00-20:00")


def test_every_day_closed_is_refused_with_what_to_do_instead(client_for, street_admin):
    data = editor(**{f"d{d}": {"mode": "closed"} for d in range(7)})

    response = client_for(street_admin).post(NEW, data, **ZH)

    assert response.status_code == 400
    assert "没有任何一天填写了营业时间，骑手会以为此阵地从不开放。" in response.content.decode()
    assert "请让每天都保持“未填写”" in response.content.decode()
    assert not Venue.objects.exists()


def test_the_same_time_for_opening_and_closing_is_refused_not_saved_as_24_hours(client_for, street_admin):
    data = editor(d0={"mode": "open", "opens": "09:00", "closes": "09:00"}, d1={"mode": "24h"})

    response = client_for(street_admin).post(NEW, data, **ZH)

    assert response.status_code == 400
    assert "周一：开门和关门时间都是 09:00。如果全天营业，请选择“24小时”。" in response.content.decode()
    assert not Venue.objects.exists()


def test_a_venue_whose_hours_were_cleared_comes_back_as_a_blank_week(client_for, street_admin):
    venue = VenueFactory(hours="Mo-Fr 09:00-18:00")
    client = client_for(street_admin)
    edit = f"/staff/venues/{venue.pk}/"

    data = editor()
    data.update(name=venue.name, address=venue.address)
    assert client.post(edit, data).status_code == 302

    assert venue.hour_ranges() == []
    assert [r["mode"] for r in hours_rows(venue.hour_ranges())] == [""] * 7
    assert "营业时间未填写" in client.get(f"/venues/{venue.pk}/", **ZH).content.decode()


def test_an_imported_row_without_hours_is_hours_not_given(client_for, street_admin, rider):
    row = ["", "新驿站", "community_station", "", "成龙大道1号", "30.6035", "104.1262", "", "", "", "", ""]

    response = client_for(street_admin).post(IMPORT, {"file": csv_file([row])})

    assert response.status_code == 302
    venue = Venue.objects.get(name="新驿站")
    assert client_for(rider).get(f"/api/v1/venues/{venue.pk}/", **ZH).json()["hours_text"] == "营业时间未填写"


def test_a_venue_with_hours_still_says_when_it_opens(client_for, rider):
    venue = VenueFactory(hours="Mo-Su 08:00-20:00")

    detail = client_for(rider).get(f"/api/v1/venues/{venue.pk}/").json()

    now = h.local()
    assert detail["open_now"] is (8 <= now.hour < 20)
    # The next change is at 08:00 or 20:00, today or tomorrow, Chengdu time.
    assert detail["open_change_at"][11:] in ("08:00:00+08:00", "20:00:00+08:00")
