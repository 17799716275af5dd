"""The top bar and its ☰ menu carry each person's own pages: the partner's redemption
pages for whoever may confirm vouchers (by permission), the rewards catalogue for riders on
a wide screen (where the phone's tab bar is not shown)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from friendlystreet.accounts import roles

pytestmark = pytest.mark.django_db


def topbar(response) -> str:
    return response.content.decode().split('<header class="topbar">')[1].split("</header>")[0]


def menu(bar: str) -> str:
    return bar[bar.index('class="topmenu-links"') :].split("</div>")[0]


def test_the_partners_menu_leads_to_the_redemption_page_and_history(client_for, merchant_a):
    bar = topbar(client_for(merchant_a).get("/venues/"))
    assert 'href="/redeem/"' in menu(bar) and 'href="/redeem/history/"' in menu(bar)
    assert "核销兑换券" in menu(bar)
    # and on a wide screen, in the bar itself
    assert '<a class="wide-only" href="/redeem/" data-testid="partner-link">' in bar


def test_the_redemption_link_follows_the_permission_not_the_role(client_for, merchant_a):
    client = client_for(merchant_a)
    app_label, codename = roles.REDEMPTION_PAGE.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    Group.objects.get(name=roles.PARTNER).permissions.remove(permission)
    assert 'href="/redeem/"' not in topbar(client.get("/venues/"))
    # The same power in a group of another name: the link comes with the permission.
    counter = Group.objects.create(name="counter_staff")
    counter.permissions.add(permission)
    merchant_a.groups.add(counter)
    assert 'href="/redeem/"' in menu(topbar(client.get("/venues/")))


def test_riders_and_staff_get_no_redemption_links(client_for, rider, reviewer):
    assert 'href="/redeem/' not in topbar(client_for(rider).get("/venues/"))
    assert 'href="/redeem/' not in topbar(client_for(reviewer).get("/venues/"))


def test_a_riders_top_bar_links_to_the_rewards_catalogue(client_for, rider):
    bar = topbar(client_for(rider).get("/venues/"))
    assert '<a class="wide-only" href="/rewards/" data-testid="rewards-link">积分兑换</a>' in bar


def test_partners_and_visitors_get_no_riders_catalogue_link(client_for, merchant_a):
    assert 'data-testid="rewards-link"' not in topbar(client_for(merchant_a).get("/venues/"))
    assert 'data-testid="rewards-link"' not in topbar(client_for(None).get("/venues/"))
