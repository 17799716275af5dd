"""The barber opens his shop's page from his profile (场所页面（骑手看到的样子）) and sees the
hours are wrong. Under the page it offered 信息有误？告诉我们, a rider's report: tapped, it
answered 仅限骑手使用, a dead end at the very moment he wanted to correct his own page. On
the page of a venue he runs he is now led to where he changes it himself; another partner,
or staff, are not offered a rider's report they cannot file; riders and passers-by still are."""

from __future__ import annotations

import pytest

from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db

EDIT_OWN = "这是您的场所：修改电话、简介、营业时间和照片"
TELL_US = "信息有误？告诉我们"


@pytest.fixture
def shop(merchant_a):
    venue = VenueFactory(name="王师傅理发店")
    venue.operators.add(merchant_a)
    return venue


def test_the_operator_is_led_to_change_his_own_venue(shop, merchant_a, client_for):
    page = client_for(merchant_a).get(f"/venues/{shop.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert f'href="/venues/{shop.pk}/details/" data-testid="venue-edit-own">{EDIT_OWN}</a>' in page
    assert "/reports/new/" not in page and TELL_US not in page
    assert "{#" not in page and "{%" not in page  # the template's comments stay comments


def test_in_english_too(shop, merchant_a, client_for):
    page = client_for(merchant_a).get(f"/venues/{shop.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Your venue: change its phone, description, opening hours and photos" in page


def test_another_partner_and_staff_are_offered_no_riders_report(shop, merchant_b, street_admin, client_for):
    for person in (merchant_b, street_admin):
        page = client_for(person).get(f"/venues/{shop.pk}/").content.decode()
        assert "/reports/new/" not in page, person
        assert "venue-edit-own" not in page, person


def test_riders_and_passers_by_still_tell_us_after_the_operator_looked(shop, merchant_a, rider, client_for):
    client_for(merchant_a).get(f"/venues/{shop.pk}/")  # the page's body is cached for everyone

    for person in (rider, None):
        page = client_for(person).get(f"/venues/{shop.pk}/").content.decode()
        assert f'href="/reports/new/?venue={shop.pk}"' in page and TELL_US in page
        assert "venue-edit-own" not in page
