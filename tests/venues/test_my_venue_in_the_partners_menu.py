"""The barber at the counter wants to change his Monday hours: 我的场所 in his menu (and under
his counter) leads to his venue's details. The menu had his counter, history and proposals, and
his venue only on his profile, two taps away from any page. A menu's link is one address for
everyone, so /venues/mine/ sends each operator to their own venue; one who runs several (or none
yet) to their profile, which lists them."""

from __future__ import annotations

import pytest

from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db


def test_the_partners_menu_and_home_lead_to_my_venue(client_for, merchant_a):
    VenueFactory(name="王师傅理发店").operators.add(merchant_a)

    html = client_for(merchant_a).get("/home/").content.decode()

    assert '<a href="/venues/mine/" data-testid="partner-link">我的场所</a>' in html
    assert 'href="/venues/mine/"' in html[html.index('id="home-links"') :].split("</nav>")[0]


def test_one_venue_leads_to_its_details(client_for, merchant_a):
    shop = VenueFactory(name="王师傅理发店")
    shop.operators.add(merchant_a)
    VenueFactory(name="另一家店")  # not theirs

    response = client_for(merchant_a).get("/venues/mine/", follow=True)

    assert response.redirect_chain[-1][0] == f"/venues/{shop.pk}/details/"
    assert response.status_code == 200 and "王师傅理发店" in response.content.decode()


def test_several_venues_lead_to_the_profile_that_lists_them(client_for, merchant_a):
    for name in ("王师傅理发店", "王师傅理发店二店"):
        VenueFactory(name=name).operators.add(merchant_a)

    response = client_for(merchant_a).get("/venues/mine/", follow=True)

    assert response.redirect_chain[-1][0] == "/profile/#operator-venues"
    html = response.content.decode()
    assert "王师傅理发店二店" in html[html.index('id="operator-venues"') :]


def test_riders_have_no_such_link(client_for, rider):
    assert 'href="/venues/mine/"' not in client_for(rider).get("/venues/").content.decode()
