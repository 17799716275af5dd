"""Where the site tells partners to contact the street office, it says how when the office has
set settings.STREET_OFFICE_CONTACT (a phone and hours): their venue's details, the counter and
the proposals when they are not linked to a venue yet, the counter paused by failed look-ups,
a deactivated account's page. Unset (the default), those sentences read as before.
Onboarding review, finding 6."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from points.rewards import services as reward_services
from tests.factories import PartnerFactory
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db

CONTACT = "028-8888 0000（工作日 9:00–17:00）"
SAID = f"街道办联系方式：{CONTACT}。"


@pytest.fixture
def operator(db):
    person = PartnerFactory(display_name="老街面馆张姐")
    VenueFactory(name="老街牛肉面馆").operators.add(person)
    return person


@pytest.fixture
def unlinked(db):
    return PartnerFactory(display_name="还没有场所的商户")


def _details(client_for, operator) -> str:
    venue = operator.operated_venues.get()
    return client_for(operator).get(reverse("venues:venue_details_edit", args=[venue.pk])).content.decode()


def test_the_venue_details_form_says_how_to_reach_the_office(client_for, operator, settings):
    settings.STREET_OFFICE_CONTACT = CONTACT
    assert f"如需更改请联系街道办。{SAID}" in _details(client_for, operator).replace(
        '<span class="office-contact" data-testid="street-office-contact">', ""
    ).replace("</span>", "")


@pytest.mark.parametrize("url_name", ["points:redeem_page", "points:reward_propose"])
def test_an_operator_not_linked_yet_is_told_how_to_reach_the_office(client_for, unlinked, settings, url_name):
    settings.STREET_OFFICE_CONTACT = CONTACT
    page = client_for(unlinked).get(reverse(url_name)).content.decode()
    assert f'请联系街道办为您关联。<span class="office-contact" data-testid="street-office-contact">{SAID}</span>' in page


def test_a_counter_paused_by_failed_look_ups_says_it_too(settings):
    settings.STREET_OFFICE_CONTACT = CONTACT
    with translation.override("zh-hans"):
        assert reward_services._paused_message(3).endswith(f"如果还是查不到，请联系街道办。{SAID}")
    with translation.override("en"):
        assert reward_services._paused_message(3).endswith(f"contact the street office. Street office contact: {CONTACT}.")


def test_in_english_after_a_space(client_for, unlinked, settings):
    settings.STREET_OFFICE_CONTACT = CONTACT
    page = client_for(unlinked).get(reverse("points:redeem_page"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        f'your venue. <span class="office-contact" data-testid="street-office-contact">Street office contact: {CONTACT}.</span>'
        in page
    )


def test_the_deactivated_accounts_page_says_it(client, settings):
    settings.STREET_OFFICE_CONTACT = CONTACT
    assert SAID in client.get(reverse("account_inactive")).content.decode()


def test_unset_the_sentences_read_as_before(client_for, client, operator, unlinked, settings):
    settings.STREET_OFFICE_CONTACT = ""
    pages = [
        _details(client_for, operator),
        client_for(unlinked).get(reverse("points:redeem_page")).content.decode(),
        client_for(unlinked).get(reverse("points:reward_propose")).content.decode(),
        client.get(reverse("account_inactive")).content.decode(),
    ]
    for page in pages:
        assert "street-office-contact" not in page and "街道办联系方式" not in page
    assert "如需更改请联系街道办。</p>" in pages[0] and "请联系街道办为您关联。</p>" in pages[1]
    with translation.override("zh-hans"):
        assert reward_services._paused_message(3).endswith("如果还是查不到，请联系街道办。")


def test_a_contact_of_spaces_is_none(client_for, unlinked, settings):
    settings.STREET_OFFICE_CONTACT = "   "
    assert "street-office-contact" not in client_for(unlinked).get(reverse("points:redeem_page")).content.decode()
