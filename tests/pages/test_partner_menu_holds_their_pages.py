"""The barber at the counter opens ☰: his counter, his history, proposing a reward, his venue
and the venue map (his venue as riders see it). It also offered 小区指南, 活动 and 如何赚积分, a
rider's deliveries, volunteering and points, which he has none of. A rider's pages in the menu
everyone sees now name the rider permission they serve (NavLink.rider_perm): a partner operator
without it does not get them; one who is a rider too (a shop's staff member who signed up as a
rider first) still does, under ☰. Visitors and riders keep the menu they had; staff, who run
these from the staff area, no longer get them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from friendlystreet.accounts import roles
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db

RIDERS_PAGES = ("/compounds/", "/activities/", "/points/how-to-earn/")
PARTNERS_PAGES = ("/redeem/", "/redeem/history/", "/redeem/propose/", "/venues/mine/")


def topbar(response) -> str:
    return response.content.decode().split('<header class="topbar">')[1].split("</header>")[0]


def menu(bar: str) -> str:
    """The ☰ menu of a phone (visitors, staff and partner operators; riders have the tab bar)."""
    return bar[bar.index('class="topmenu-links"') :].split("</div>")[0]


def wide_links(bar: str) -> list[str]:
    """What the bar itself offers on a wide screen: the links before the ☰ menu."""
    return [chunk.split('"')[0] for chunk in bar.split('class="topmenu')[0].split('class="wide-only" href="')[1:]]


def test_a_partner_operators_menu_holds_their_counter_and_the_map_not_riders_pages(client_for, merchant_a):
    bar = topbar(client_for(merchant_a).get("/venues/"))

    # On a wide screen, in the bar; on a phone, under ☰.
    assert wide_links(bar) == ["/venues/", *PARTNERS_PAGES]
    for path in (*PARTNERS_PAGES, "/venues/"):
        assert f'href="{path}"' in menu(bar)
    for path in RIDERS_PAGES:
        assert f'href="{path}"' not in bar
    assert "阵地地图" in menu(bar) and "小区指南" not in bar and "如何赚积分" not in bar


def test_a_rider_keeps_the_riders_pages(client_for, rider):
    bar = topbar(client_for(rider).get("/venues/"))

    assert wide_links(bar) == ["/venues/", *RIDERS_PAGES, "/rewards/"]


def test_a_visitor_keeps_the_riders_pages(client_for):
    bar = topbar(client_for(None).get("/venues/"))

    assert wide_links(bar) == ["/venues/", *RIDERS_PAGES]
    for path in ("/venues/", *RIDERS_PAGES):
        assert f'href="{path}"' in menu(bar)


def test_a_rider_who_also_runs_a_venue_keeps_the_riders_pages_under_the_menu(client_for, rider):
    # As /staff/users/ makes a shop's staff member, who signed up as a rider, its operator.
    rider.groups.add(Group.objects.get_or_create(name=roles.PARTNER)[0])
    VenueFactory(name="王师傅理发店").operators.add(rider)

    bar = topbar(client_for(rider).get("/venues/"))

    # The counter in the bar, the rider's pages under ☰ (shown at every width for them: both in
    # the bar ran past a 1280 px screen; tests/pages/test_next_steps_and_menus_by_role.py).
    assert wide_links(bar) == ["/venues/", *PARTNERS_PAGES]
    for path in (*PARTNERS_PAGES, "/venues/", *RIDERS_PAGES):
        assert f'href="{path}"' in menu(bar)


def test_staff_get_the_map_not_the_riders_pages(client_for, reviewer):
    bar = topbar(client_for(reviewer).get("/venues/"))

    # They run activities, compounds and rules from the staff area's own pages.
    assert wide_links(bar) == ["/venues/"]
