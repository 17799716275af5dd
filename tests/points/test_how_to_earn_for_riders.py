"""如何赚积分 opened with the sign-up steps for everyone, a verified rider with 350 points
included. The steps are for visitors and riders still to be verified; a verified rider starts
with the rules. And the passbook leads on to spending the points."""

from __future__ import annotations

import pytest

from tests.factories import PartnerFactory, RiderFactory

pytestmark = pytest.mark.django_db


def earn_page(client) -> str:
    return client.get("/points/how-to-earn/").content.decode()


def test_a_verified_rider_starts_with_the_rules(client_for, rider, rule):
    html = earn_page(client_for(rider))

    assert 'data-testid="join-steps"' not in html
    assert 'data-testid="category"' in html and 'data-testid="claim-this"' in html


def test_visitors_and_riders_waiting_for_verification_see_how_to_join_first(client, client_for, rule):
    waiting = RiderFactory(verification="unverified")
    for page in (earn_page(client), earn_page(client_for(waiting))):
        assert page.index('data-testid="join-steps"') < page.index('data-testid="category"')


def test_a_partner_operator_is_not_asked_to_sign_up(client_for, rule):
    assert 'data-testid="join-steps"' not in earn_page(client_for(PartnerFactory(verification="unverified")))


def test_the_rules_stay_one_cached_rendering_for_everyone(client, client_for, rider, rule, django_assert_num_queries):
    earn_page(client)  # renders and keeps the rules
    with django_assert_num_queries(0):
        assert 'data-testid="category"' in earn_page(client)
    assert 'data-testid="join-steps"' not in earn_page(client_for(rider))


def test_the_passbook_leads_on_to_spending_the_points(client_for, rider):
    html = client_for(rider).get("/points/").content.decode()

    assert 'href="/rewards/" data-testid="passbook-rewards">积分兑换<' in html
    assert 'href="/vouchers/" data-testid="passbook-vouchers">我的兑换券<' in html
