"""Each signed-in person opens the start page (/) and the top bar's menu and finds only what
they can use. The start page sent a reviewer and a street admin through a rider's "how to
join" (上传截图: a 403 for staff) and offered everyone signed in "sign up / sign in"; staff's
menu still carried the riders' pages (小区指南, 活动, 如何赚积分), which they run from the staff
area. Now staff find today's queues and their dashboard, a partner operator the counter, and
every link shown answers them."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from friendlystreet.accounts import roles
from tests.factories import RiderFactory, StreetAdminFactory
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db

RIDERS_PAGES = ("/compounds/", "/activities/", "/points/how-to-earn/")
COUNTER = ("/redeem/", "/redeem/history/", "/redeem/propose/", "/venues/mine/")


def main_of(response) -> str:
    return response.content.decode().split('id="main"', 1)[1].split("</main>", 1)[0]


def topbar(response) -> str:
    return response.content.decode().split('<header class="topbar">')[1].split("</header>")[0]


def links(html: str) -> list[str]:
    return [href for href in re.findall(r'href="(/[^"#]*)"', html) if not href.startswith("/static/")]


def menu(bar: str) -> str:
    return bar[bar.index('class="topmenu-links"') :].split("</div>")[0]


def assert_each_answers(client, hrefs) -> None:
    """Every link opens for this person: a page (after the redirects a page may make, such as
    "my venue" to the venue), never a refusal nor the sign-in form."""
    for href in set(hrefs):
        response = client.get(href, follow=True)
        assert response.status_code == 200, href
        assert not response.redirect_chain or "/accounts/login/" not in response.redirect_chain[-1][0], href


@pytest.fixture
def superuser_admin(db):
    # As the demo's street admin (also the Django admin): a superuser holds every permission.
    return StreetAdminFactory(display_name="超级管理员", is_superuser=True, is_staff=True)


@pytest.fixture
def partner(merchant_a):
    VenueFactory(name="王师傅理发店").operators.add(merchant_a)
    return merchant_a


@pytest.fixture
def rider_partner(rider):
    # As /staff/users/ makes a shop's staff member, who signed up as a rider, its operator.
    rider.groups.add(Group.objects.get_or_create(name=roles.PARTNER)[0])
    VenueFactory(name="王师傅理发店").operators.add(rider)
    return rider


@pytest.mark.parametrize("who", ["reviewer", "street_admin", "superuser_admin"])
def test_staff_find_todays_work_on_the_start_page_not_the_riders_join_steps(request, client_for, who):
    client = client_for(request.getfixturevalue(who))
    page = main_of(client.get("/"))

    assert 'data-testid="landing-staff"' in page and "今日待办" in page
    assert 'href="/staff/"' in page and 'href="/staff/claims/"' in page
    assert 'data-testid="join-steps"' not in page and 'href="/profile/evidence/"' not in page
    assert 'href="/accounts/signup/"' not in page and 'href="/accounts/login/"' not in page
    assert_each_answers(client, links(page))


@pytest.mark.parametrize("who", ["reviewer", "street_admin", "superuser_admin"])
def test_staffs_menu_holds_the_venue_map_and_no_riders_pages(request, client_for, who):
    client = client_for(request.getfixturevalue(who))
    bar = topbar(client.get("/venues/"))

    assert 'href="/venues/"' in menu(bar)
    for path in RIDERS_PAGES:
        assert f'href="{path}"' not in bar
    assert_each_answers(client, links(bar))


def test_a_partner_operator_finds_the_counter_on_the_start_page(client_for, partner):
    client = client_for(partner)
    page = main_of(client.get("/"))

    counter = page.split('data-testid="landing-partner"', 1)[1].split("</section>", 1)[0]
    assert "我的核销台" in counter and links(counter) == list(COUNTER)
    assert 'data-testid="join-steps"' not in page and 'href="/accounts/signup/"' not in page
    assert_each_answers(client, links(page))
    assert_each_answers(client, links(topbar(client.get("/venues/"))))


def test_a_verified_rider_gets_no_join_steps_nor_sign_up_and_every_link_opens(client_for, rider):
    client = client_for(rider)
    page = main_of(client.get("/"))

    assert 'data-testid="join-steps"' not in page
    assert 'href="/accounts/signup/"' not in page and 'href="/accounts/login/"' not in page
    assert_each_answers(client, links(page))
    bar = topbar(client.get("/venues/"))
    for path in RIDERS_PAGES:
        assert f'href="{path}"' in bar
    assert_each_answers(client, links(bar))


def test_a_rider_still_to_be_verified_is_told_what_is_done_and_what_is_next(client_for):
    client = client_for(RiderFactory(verification="unverified"))
    steps = main_of(client.get("/")).split('data-testid="join-steps"', 1)[1].split("</section>", 1)[0]

    assert "✓ 您已注册。" in steps and 'href="/accounts/signup/"' not in steps
    assert 'href="/profile/evidence/"' in steps
    assert_each_answers(client, links(steps))


def test_a_visitor_still_gets_the_join_steps_and_sign_up(client):
    page = main_of(client.get("/"))

    assert 'data-testid="join-steps"' in page and 'href="/accounts/signup/"' in page
    assert 'data-testid="landing-staff"' not in page and 'data-testid="landing-partner"' not in page


def test_a_rider_who_runs_a_venue_too_gets_the_counter_in_the_bar_and_the_riders_pages_under_the_menu(client_for, rider_partner):
    client = client_for(rider_partner)
    bar = topbar(client.get("/venues/"))

    wide = [chunk.split('"')[0] for chunk in bar.split('class="topmenu')[0].split('class="wide-only" href="')[1:]]
    assert wide == ["/venues/", *COUNTER]  # the riders' pages made the bar run past 1280 px
    assert '<details class="topmenu">' in bar  # the menu at every width, not only on a phone
    for path in (*RIDERS_PAGES, *COUNTER):
        assert f'href="{path}"' in menu(bar)
    assert_each_answers(client, links(bar))
    page = main_of(client.get("/"))
    assert 'data-testid="landing-partner"' in page
    assert_each_answers(client, links(page))


def test_a_partner_operator_who_does_not_ride_keeps_the_menu_for_phones_only(client_for, partner):
    bar = topbar(client_for(partner).get("/venues/"))

    assert '<details class="topmenu narrow-only">' in bar
