"""A rider finds a warm station closed during its listed hours and tells the street office from
the venue's page: the report form opens on "wrong venue information" with the venue named at the
top and its address filled in, needs no pin (the venue is the place), and lands in the usual
triage list, where staff see which venue it is about. The API takes and gives the same venue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.venues.factories import CommunityFactory, VenueFactory
from volunteers.models import Report

pytestmark = pytest.mark.django_db

NEW = reverse("volunteers:report_new")
STAFF_LIST = reverse("volunteers:staff_report_list")
API = "/api/v1/reports/"


@pytest.fixture
def station(db):
    return VenueFactory(name="成龙路暖新驿站", address="成龙大道二段88号", community=CommunityFactory(name="成龙社区"))


def test_rider_reports_a_closed_station_from_its_page(rider, client_for, station):
    client = client_for(rider)

    page = client.get(f"{NEW}?venue={station.pk}").content.decode()

    assert 'data-testid="report-venue"' in page
    assert "成龙路暖新驿站" in page and "成龙大道二段88号" in page
    assert f'<input type="hidden" name="venue" value="{station.pk}">' in page
    assert 'value="venue_info" checked' in page
    assert 'name="address" id="id_address" value="成龙大道二段88号"' in page
    assert f'value="{station.community_id}" selected' in page
    assert 'id="report-map"' not in page  # no pin to place: the venue is the place
    assert "placeholder=" in page

    response = client.post(
        NEW,
        {
            "category": "venue_info",
            "description": "页面写着 8 点开门，今天 9 点半还锁着门",
            "address": "成龙大道二段88号",
            "community": station.community_id,
            "venue": station.pk,
        },
    )

    report = Report.objects.get(reporter=rider)
    assert response.status_code == 302
    assert (report.category, report.venue, report.address) == ("venue_info", station, "成龙大道二段88号")
    assert (report.lat, report.lng, report.community) == (None, None, station.community)
    assert report.status == Report.Status.SUBMITTED
    # The rider's own page names the venue too.
    mine = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="report-venue"' in mine and "成龙路暖新驿站" in mine


def test_a_rider_who_clears_the_address_still_reports_the_venue(rider, client_for, station):
    client_for(rider).post(NEW, {"category": "venue_info", "description": "没有手机充电了", "venue": station.pk})

    report = Report.objects.get(reporter=rider)
    assert (report.venue, report.address, report.community) == (station, "成龙大道二段88号", station.community)


def test_a_moved_venue_keeps_the_address_the_rider_wrote(rider, client_for, station):
    client_for(rider).post(
        NEW, {"category": "venue_info", "description": "驿站搬到对面了", "address": "成龙大道二段91号", "venue": station.pk}
    )

    assert Report.objects.get(reporter=rider).address == "成龙大道二段91号"


def test_without_a_venue_a_place_is_still_needed(rider, client_for):
    response = client_for(rider).post(NEW, {"category": "venue_info", "description": "营业时间不对"})

    assert response.status_code == 200
    assert "请在地图上标出位置，或填写地址。" in response.content.decode()
    assert not Report.objects.exists()


def test_an_unknown_or_inactive_venue_opens_the_plain_form(rider, client_for, station):
    gone = VenueFactory(active=False)
    client = client_for(rider)

    for query in ("?venue=99999", f"?venue={gone.pk}", "?venue=abc"):
        page = client.get(NEW + query)
        assert page.status_code == 200
        assert 'data-testid="report-venue"' not in page.content.decode()
        assert 'id="report-map"' in page.content.decode()


def test_a_report_on_a_venue_taken_off_the_map_is_refused(rider, client_for, station):
    station.active = False
    station.save()

    response = client_for(rider).post(NEW, {"category": "venue_info", "description": "还关着门", "venue": station.pk})

    assert response.status_code == 200
    assert "这个阵地已不在地图上，请直接上报问题并填写地址。" in response.content.decode()
    assert not Report.objects.exists()


def test_staff_see_the_venue_in_the_triage_list_and_on_the_report(rider, reviewer, street_admin, client_for, station):
    client_for(rider).post(NEW, {"category": "venue_info", "description": "卫生间锁了", "venue": station.pk})
    report = Report.objects.get()
    public_page = reverse("venues:venue_detail", args=[station.pk])
    staff_page = reverse("venues:staff_venue_edit", args=[station.pk])

    listing = client_for(reviewer).get(STAFF_LIST).content.decode()
    assert f'data-report-id="{report.pk}"' in listing
    assert f'<a href="{public_page}">成龙路暖新驿站</a>' in listing

    detail = client_for(reviewer).get(reverse("volunteers:staff_report_detail", args=[report.pk])).content.decode()
    assert f'<a href="{public_page}">成龙路暖新驿站</a>' in detail
    assert staff_page not in detail  # a reviewer does not manage venues
    admin_detail = client_for(street_admin).get(reverse("volunteers:staff_report_detail", args=[report.pk])).content.decode()
    assert staff_page in admin_detail


def test_the_api_takes_a_venue_and_gives_it_back(rider, api_for, station):
    api = api_for(rider)

    response = api.post(API, {"category": "venue_info", "description": "周末不开门", "venue": station.pk}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["venue"] == {"id": station.pk, "name": "成龙路暖新驿站"}
    assert body["address"] == "成龙大道二段88号"
    assert body["lat"] is None
    assert api.get(API).json()["results"][0]["venue"] == {"id": station.pk, "name": "成龙路暖新驿站"}


def test_the_api_gives_no_venue_for_an_ordinary_report(rider, api_for):
    response = api_for(rider).post(
        API, {"category": "sanitation", "description": "垃圾堆了三天", "address": "成龙路168号"}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["venue"] is None


@pytest.mark.parametrize("venue", ["99999", "9223372036854775808", "abc"])
def test_the_api_refuses_an_unknown_venue(rider, api_for, venue):
    response = api_for(rider).post(API, {"category": "venue_info", "description": "还关着门", "venue": venue}, format="json")

    assert response.status_code == 400
    assert "venue" in response.json()["fields"]
    assert not Report.objects.exists()


def test_the_api_refuses_an_inactive_venue(rider, api_for, station):
    station.active = False
    station.save()

    response = api_for(rider).post(API, {"category": "venue_info", "description": "还关着门", "venue": station.pk}, format="json")

    assert response.status_code == 400
    assert "venue" in response.json()["fields"]
    assert not Report.objects.exists()
