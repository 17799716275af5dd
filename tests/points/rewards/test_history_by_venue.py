"""A partner operator who runs two venues (the barber's and its second shop) reconciles each
venue on its own: the history page offers a venue select (kept in the CSV link), and the app
asks GET /api/v1/merchant/redemptions/?venue=<id> (and .../months/?venue=<id>). A venue they
do not run is a 400 `invalid` naming `venue` in the app, and dropped on the page: never another
operator's redemptions. An operator of one venue sees no change."""

from __future__ import annotations

import csv
import io

import pytest

from points.rewards import services
from tests.points.rewards.factories import RewardFactory, issue
from tests.points.rewards.test_history_any_month import at, months_ago, used_on
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db

HISTORY = "/api/v1/merchant/redemptions/"
MONTHS = "/api/v1/merchant/redemptions/months/"


@pytest.fixture
def second_shop(merchant_a):
    venue = VenueFactory(name="王师傅理发店二店", kind=VenueKind.MERCHANT)
    venue.operators.add(merchant_a)
    return venue


@pytest.fixture
def used_today(rich_rider, barber, second_shop, hospital, merchant_a, merchant_b):
    """Today, a haircut confirmed at the barber's, two shaves at the second shop, and a care
    pack at the hospital (merchant_b's)."""
    confirmed = {}
    for venue, operator, title, times in (
        (barber, merchant_a, "快剪", 1),
        (second_shop, merchant_a, "修面", 2),
        (hospital, merchant_b, "关爱包", 1),
    ):
        reward = RewardFactory(venue=venue, title=title, cost=10)
        for _ in range(times):
            voucher = issue(rich_rider, reward)
            services.voucher_confirm(operator=operator, code=voucher.code)
            confirmed.setdefault(venue.pk, []).append(voucher.code[-4:])
    return confirmed


def titles(body: dict) -> list[str]:
    return sorted(row["title"] for row in body["results"])


def test_an_operator_of_two_venues_reads_each_venues_history_in_the_app(used_today, barber, second_shop, merchant_a, api_for):
    api = api_for(merchant_a)

    assert titles(api.get(HISTORY).json()) == ["修面", "修面", "快剪"]
    assert titles(api.get(HISTORY, {"venue": barber.pk}).json()) == ["快剪"]
    second = api.get(HISTORY, {"venue": second_shop.pk, "period": "month"}).json()
    assert second["count"] == 2 and {row["venue"]["id"] for row in second["results"]} == {second_shop.pk}


def test_the_months_follow_the_venue_chosen(rich_rider, barber, second_shop, merchant_a, api_for):
    used_on(issue(rich_rider, RewardFactory(venue=barber, cost=1)), merchant_a, at(months_ago(2)))
    used_on(issue(rich_rider, RewardFactory(venue=second_shop, cost=1)), merchant_a, at(months_ago(3)))
    api = api_for(merchant_a)

    assert api.get(MONTHS).json() == {"months": [f"{months_ago(n):%Y-%m}" for n in (2, 3)]}
    assert api.get(MONTHS, {"venue": barber.pk}).json() == {"months": [f"{months_ago(2):%Y-%m}"]}
    assert api.get(MONTHS, {"venue": second_shop.pk}).json() == {"months": [f"{months_ago(3):%Y-%m}"]}


@pytest.mark.parametrize("path", [HISTORY, MONTHS])
def test_another_operators_venue_is_a_400_naming_venue_never_its_redemptions(path, used_today, hospital, merchant_a, api_for):
    api = api_for(merchant_a)
    for venue in (hospital.pk, 999_999, 0, -1, "abc", "1.0", "２", "9" * 30):
        response = api.get(path, {"venue": venue}, HTTP_ACCEPT_LANGUAGE="en")

        assert response.status_code == 400, venue
        assert response.json() == {
            "message": "Some fields are not valid.",
            "code": "invalid",
            "fields": {"venue": ["Choose one of the venues you run, by its id."]},
        }
    chinese = api.get(path, {"venue": hospital.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.json()["fields"] == {"venue": ["请按编号选择您负责的一个场所。"]}


def test_with_one_venue_the_filter_changes_nothing(used_today, hospital, barber, merchant_b, api_for):
    api = api_for(merchant_b)

    everything = api.get(HISTORY).json()
    assert titles(everything) == ["关爱包"]
    assert api.get(HISTORY, {"venue": hospital.pk}).json() == everything
    assert api.get(HISTORY, {"venue": ""}).json() == everything
    assert api.get(MONTHS, {"venue": hospital.pk}).json() == api.get(MONTHS).json()
    # The barber's is not theirs either.
    assert api.get(HISTORY, {"venue": barber.pk}).status_code == 400


def test_the_schema_shows_the_venue_filter(schema):
    for path in (HISTORY, MONTHS):
        operation = schema["paths"][path]["get"]
        (venue,) = [p for p in operation["parameters"] if p["name"] == "venue"]
        assert venue["in"] == "query" and venue["schema"]["type"] == "integer"
        assert "venue the caller runs" in venue["description"]
        assert "`venue`" in operation["responses"]["400"]["description"]


# --- the web page --------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


def test_the_page_offers_a_venue_select_kept_in_the_csv_link(used_today, barber, second_shop, merchant_a, client_for):
    client = client_for(merchant_a)

    everything = client.get("/redeem/history/").content.decode()
    assert '<select name="venue"' in everything
    assert f'<option value="{barber.pk}">王师傅理发店</option>' in everything
    assert f'<option value="{second_shop.pk}">王师傅理发店二店</option>' in everything
    assert everything.count('data-testid="redemption"') == 3

    page = client.get("/redeem/history/", {"venue": second_shop.pk, "period": "month"}).content.decode()
    assert f'<option value="{second_shop.pk}" selected>王师傅理发店二店</option>' in page
    assert page.count('data-testid="redemption"') == 2 and "快剪" not in page
    csv_link = f'href="/redeem/history.csv?period=month&amp;venue={second_shop.pk}"'
    assert csv_link in page

    export = client.get("/redeem/history.csv", {"period": "month", "venue": second_shop.pk})
    assert [(row[1], row[2]) for row in csv_rows(export)] == [("王师傅理发店二店", "修面")] * 2


def test_the_page_drops_a_venue_not_theirs_and_shows_only_their_own(used_today, hospital, merchant_a, client_for):
    client = client_for(merchant_a)

    for venue in (hospital.pk, "abc"):
        page = client.get("/redeem/history/", {"venue": venue})
        html = page.content.decode()

        assert page.status_code == 200
        assert html.count('data-testid="redemption"') == 3 and "关爱包" not in html
        # Nothing of the foreign venue is carried on: the CSV link, the tabs and the select.
        assert 'href="/redeem/history.csv?period=today" id="export-csv"' in html
        assert 'href="?period=month"' in html
        assert " selected>" not in html.split('<select name="venue"')[1].split("</select>")[0]
        export = client.get("/redeem/history.csv", {"venue": venue})
        assert len(csv_rows(export)) == 3 and "社区卫生服务中心" not in export.content.decode("utf-8-sig")


def test_an_operator_of_one_venue_sees_no_venue_select(used_today, hospital, merchant_b, client_for):
    html = client_for(merchant_b).get("/redeem/history/", {"venue": hospital.pk}).content.decode()

    assert '<select name="venue"' not in html
    assert html.count('data-testid="redemption"') == 1
