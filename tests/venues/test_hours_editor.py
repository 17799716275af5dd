"""The staff venue form's opening-hours editor: a row per day (周一…周日) posted as plain
fields, which become the text form and go through hours.parse_hours, the one parser."""

from __future__ import annotations

import html
import re

import pytest
from django.utils import translation

from tests.venues.factories import CompoundFactory, GateFactory, VenueFactory
from tests.venues.test_staff_venues import NEW, form_data
from venues import hours as h
from venues.forms import hours_rows
from venues.models import Venue

pytestmark = pytest.mark.django_db


def editor(rest: str = "closed", **days) -> dict:
    """Rows keyed like the editor posts them; days not given have the mode `rest` (closed, or
    "" for the editor's blank state, 未填写)."""
    data = form_data()
    del data["hours_text"]  # the text form, which the editor replaces
    for d in range(7):
        row = days.get(f"d{d}", {"mode": rest})
        for key in ("mode", "opens", "closes", "opens2", "closes2"):
            data[f"hours_text_{d}_{key}"] = row.get(key, "")
    return data


def test_the_editor_saves_two_ranges_a_night_past_midnight_and_a_day_round_the_clock(client_for, street_admin):
    data = editor(
        d0={"mode": "open", "opens": "09:00", "closes": "12:00", "opens2": "14:00", "closes2": "18:00"},
        d3={"mode": "open", "opens": "22:00", "closes": "02:00"},
        d5={"mode": "24h"},
        d6={"mode": "open", "opens": "08:00", "closes": "00:00"},  # until midnight, not overnight
    )

    response = client_for(street_admin).post(NEW, data)

    assert response.status_code == 302
    assert Venue.objects.get().hour_ranges() == h.parse_hours(
        "Mo 09:00-12:00,14:00-18:00; Th 22:00-02:00+1; Sa 24h; Su 08:00-24:00"
    )


def test_an_open_day_without_a_closing_time_is_refused_by_its_chinese_name(client_for, street_admin):
    data = editor(d1={"mode": "open", "opens": "09:00"})

    with translation.override("zh-hans"):
        response = client_for(street_admin).post(NEW, data, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert "周二：请填写开门和关门时间" in response.content.decode()
    assert not Venue.objects.exists()
    # What was typed comes back as it was sent.
    assert 'name="hours_text_1_opens" id="id_hours_text_1_opens" value="09:00"' in response.content.decode()


def test_overlapping_ranges_are_refused_by_the_same_validator_as_the_text(client_for, street_admin):
    data = editor(d4={"mode": "open", "opens": "22:00", "closes": "02:00"}, d5={"mode": "24h"})

    response = client_for(street_admin).post(NEW, data)

    assert response.status_code == 400
    assert response.context["form"].errors["hours_text"]


def test_the_stored_week_comes_back_into_the_editor(client_for, street_admin):
    venue = VenueFactory(hours="Mo-Fr 09:00-12:00,14:00-21:00; Sa 10:00-02:00+1; Su off")

    page = client_for(street_admin).get(f"/staff/venues/{venue.id}/").content.decode()

    assert 'id="id_hours_text_4_closes2" value="21:00"' in page
    assert 'id="id_hours_text_5_closes" value="02:00"' in page
    rows = hours_rows(venue.hour_ranges())
    assert [r["mode"] for r in rows] == ["open"] * 6 + ["closed"]


def test_a_gates_hours_read_in_chinese_on_the_compound_form(client_for, street_admin):
    compound = CompoundFactory()
    GateFactory(compound=compound, name="南门", hours="Mo-Su 06:00-23:00")

    page = client_for(street_admin).get(f"/staff/venues/compounds/{compound.id}/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "周一至周日 06:00-23:00" in page.content.decode()
    assert h.parse_hours("周一至周日 06:00-23:00") == h.parse_hours("Mo-Su 06:00-23:00")


def test_a_venue_with_three_ranges_a_day_is_edited_as_text_and_keeps_all_three(client_for, street_admin):
    three = "Mo-Fr 07:00-09:00,11:00-13:00,17:00-20:00"
    client = client_for(street_admin)
    assert client.post(NEW, form_data(hours_text=three)).status_code == 302
    venue = Venue.objects.get()
    edit = f"/staff/venues/{venue.pk}/"

    page = client.get(edit).content.decode()
    assert 'name="hours_text_0_mode"' not in page  # the editor shows two ranges a day: not used
    posted = re.search(r'name="hours_text" value="([^"]*)"', page).group(1)
    assert client.post(edit, form_data(hours_text=html.unescape(posted))).status_code == 302
    assert h.format_hours(Venue.objects.get().hour_ranges()) == three
