"""A venue is named in Chinese, with an optional English name beside it (friendlystreet.names,
as a reward's title or an activity's): a rider reading English sees the English name in the
venue list, on the venue's page and its map pin, on a reward's and a voucher's venue line, in
an activity's place and in the notices naming the venue; a venue without one shows its Chinese
name. Staff write it on the venue form, by the API and in the import; a partner operator, who
may not rename the venue, cannot change it either."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Notification
from points.rewards import services as reward_services
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import VenueFactory
from tests.volunteers.factories import ActivityFactory
from venues import services
from venues.models import Venue, VenueKind

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
BARBER = "王师傅理发店"
BARBER_EN = "Master Wang Barbershop"
STATION = "大观社区骑手之家"


@pytest.fixture
def barber(merchant_a):
    """A venue staff named in English too, run by merchant_a."""
    venue = VenueFactory(name=BARBER, name_en=BARBER_EN, kind=VenueKind.MERCHANT)
    venue.operators.add(merchant_a)
    return venue


@pytest.fixture
def station(db):
    """A venue staff gave no English name."""
    return VenueFactory(name=STATION)


@pytest.fixture
def english_rider(rider):
    rider.language = "en"
    rider.save(update_fields=["language"])
    give_points(rider, 300)
    return rider


def page(client, url: str, language: dict = EN) -> str:
    response = client.get(url, **language)
    assert response.status_code == 200
    return response.content.decode()


def card_names(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/venues/\d+/[^"]*" class="covers">([^<]*)</a></h2>', html)


def pin_name(html: str) -> str:
    found = re.search(r'<script id="venue-marker" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))["name"]


def test_a_rider_reading_english_sees_the_english_name_in_the_list_and_on_the_venues_page(client, barber, station):
    assert sorted(card_names(page(client, "/venues/"))) == sorted([BARBER_EN, STATION])
    assert sorted(card_names(page(client, "/venues/", ZH))) == sorted([BARBER, STATION])

    detail = page(client, f"/venues/{barber.pk}/")
    assert f"<h1>{BARBER_EN}</h1>" in detail
    assert pin_name(detail) == BARBER_EN
    # Under the English name, the Chinese one the door sign says.
    assert f'<span lang="zh-Hans" data-testid="venue-name-zh">{BARBER}</span>' in detail
    chinese = page(client, f"/venues/{barber.pk}/", ZH)
    assert f"<h1>{BARBER}</h1>" in chinese and pin_name(chinese) == BARBER and "venue-name-zh" not in chinese

    plain = page(client, f"/venues/{station.pk}/")  # no English name: the Chinese one, once
    assert f"<h1>{STATION}</h1>" in plain and pin_name(plain) == STATION and "venue-name-zh" not in plain


def test_a_reward_and_a_voucher_name_their_venue_in_the_readers_language(client_for, english_rider, barber, station):
    haircut = RewardFactory(venue=barber, title="免费快剪一次", cost=80)
    tea = RewardFactory(venue=station, title="免费热茶", cost=10)
    rider = client_for(english_rider)

    reward = page(rider, f"/rewards/{haircut.pk}/")
    assert f'<a href="/venues/{barber.pk}/">{BARBER_EN}</a>' in reward
    assert f'<a href="/venues/{station.pk}/">{STATION}</a>' in page(rider, f"/rewards/{tea.pk}/")
    assert f'<a href="/venues/{barber.pk}/">{BARBER}</a>' in page(rider, f"/rewards/{haircut.pk}/", ZH)
    catalogue = page(rider, "/rewards/")
    assert BARBER_EN in catalogue and BARBER not in catalogue

    voucher = issue(english_rider, haircut)
    mine = page(rider, "/vouchers/")
    assert BARBER_EN in mine and BARBER not in mine
    detail = page(rider, f"/vouchers/{voucher.code}/")
    assert BARBER_EN in detail and BARBER not in detail


def test_the_rider_is_told_where_their_voucher_was_used_in_their_language(english_rider, merchant_a, barber):
    voucher = issue(english_rider, RewardFactory(venue=barber, title="免费快剪一次", cost=80))
    with translation.override("zh-hans"):  # the barber works in Chinese
        reward_services.voucher_confirm(operator=merchant_a, code=voucher.code)

    notice = Notification.objects.get(recipient=english_rider, kind="points_voucher_redeemed")
    assert BARBER_EN in notice.body and BARBER not in notice.body


def test_an_activitys_place_names_the_venue_in_the_readers_language(client, api_for, barber, station):
    at_barber = ActivityFactory(title="理发店门口清扫", venue=barber, place="门口")
    at_station = ActivityFactory(title="驿站大扫除", venue=station, place="")

    where = re.compile(r'<dd data-testid="place"><a class="vol-venue-link" href="/venues/\d+/">([^<]*)</a>')
    assert where.search(page(client, f"/activities/{at_barber.pk}/")).group(1) == BARBER_EN
    assert where.search(page(client, f"/activities/{at_barber.pk}/", ZH)).group(1) == BARBER
    assert where.search(page(client, f"/activities/{at_station.pk}/")).group(1) == STATION
    answer = api_for(None).get(f"/api/v1/activities/{at_barber.pk}/", **EN).json()
    assert answer["venue"]["name"] == BARBER_EN and answer["where"] == BARBER_EN


def test_the_api_names_a_venue_in_the_callers_language(api_for, barber, station):
    anyone = api_for(None)
    listed = {v["id"]: v["name"] for v in anyone.get("/api/v1/venues/", **EN).json()["results"]}
    assert listed == {barber.pk: BARBER_EN, station.pk: STATION}
    assert anyone.get(f"/api/v1/venues/{barber.pk}/", **EN).json()["name"] == BARBER_EN
    assert anyone.get(f"/api/v1/venues/{barber.pk}/", **ZH).json()["name"] == BARBER
    assert "name_en" not in anyone.get(f"/api/v1/venues/{barber.pk}/", **EN).json()


def test_staff_read_and_write_both_names_by_the_api(api_for, street_admin, barber):
    # A name read in English and sent back must not overwrite the Chinese one: staff read both.
    answer = api_for(street_admin).patch(f"/api/v1/venues/{barber.pk}/update/", {"name_en": "Wang Barbers"}, format="json", **EN)
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["name"], answer.json()["name_en"]) == (BARBER, "Wang Barbers")
    barber.refresh_from_db()
    assert (barber.name, barber.name_en) == (BARBER, "Wang Barbers")


def test_staff_write_the_english_name_on_the_venue_form(client_for, street_admin, barber):
    form = page(client_for(street_admin), f"/staff/venues/{barber.pk}/")
    assert 'name="name_en"' in form and f'value="{BARBER_EN}"' in form

    data = {
        "name": BARBER,
        "name_en": "  Wang Barbers ",
        "kind": "merchant",
        "address": barber.address,
        "lat": str(barber.lat),
        "lng": str(barber.lng),
    }
    response = client_for(street_admin).post(f"/staff/venues/{barber.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    barber.refresh_from_db()
    assert barber.name_en == "Wang Barbers"
    entry = AuditEntry.objects.filter(action="venues.venue.update", target_id=str(barber.pk)).latest("id")
    assert entry.data["changes"]["name_en"] == [BARBER_EN, "Wang Barbers"]


def test_the_import_reads_an_english_name_column(client_for, street_admin, db):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["名称", "英文名称", "类型", "地址", "纬度", "经度"])
    writer.writerow(["R29驿站", "R29 Plaza Warm Station", "community_station", "成龙大道二段R29", "30.6035", "104.1262"])
    upload = SimpleUploadedFile("venues.csv", out.getvalue().encode("utf-8-sig"), content_type="text/csv")

    response = client_for(street_admin).post("/staff/venues/import/", {"file": upload})
    assert response.status_code == 302
    assert Venue.objects.get(name="R29驿站").name_en == "R29 Plaza Warm Station"


def test_a_partner_operator_cannot_change_the_english_name(client_for, api_for, merchant_a, barber):
    # The name is the street office's; its English name too, on the details page, the app's
    # API and in the service they share.
    client_for(merchant_a).post(f"/venues/{barber.pk}/details/", {"phone": "13900000003", "name_en": "Cheap Cuts"})
    barber.refresh_from_db()
    assert barber.name_en == BARBER_EN

    refused = api_for(merchant_a).patch(f"/api/v1/merchant/venues/{barber.pk}/", {"name_en": "Cheap Cuts"}, format="json")
    assert refused.status_code == 400 and "name_en" in refused.json()["fields"]

    with pytest.raises(PermissionDenied):
        services.venue_details_update(actor=merchant_a, venue=barber, data={"name_en": "Cheap Cuts"})
    barber.refresh_from_db()
    assert barber.name_en == BARBER_EN
