"""The venues pages changed lately run a fixed number of queries, however long their lists:
the staff venue list (with 营业时间未填写 marks), the communities, the import page's lists of
what the cells take, the tip queue (badges and what approving pays) and a compound guide read
by a rider with tips of their own. Every staff page also reads the signed-in user, their
permissions, the bell's unread count and the staff menu's queue counts (4 queries): the counts
as recorded (the periodic refresh, queues_refresh(), records them; the first staff page of a new
installation counts and records them once, tests/dashboard/test_badges_before_the_first_count.py)."""

from __future__ import annotations

from datetime import date

import pytest

from friendlystreet.dashboard.queues import queues_refresh
from tests.factories import RiderFactory
from tests.venues.factories import AmenityFactory, CommunityFactory, CompoundFactory, GateFactory, TipFactory, VenueFactory
from tests.venues.test_venue_editing_tips import tip_points_rule
from venues.models import TipStatus
from volunteers import services as volunteers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(tip_points_rule.__name__)]

MANY = 6


def test_the_staff_venue_list(client_for, street_admin, django_assert_num_queries):
    for i in range(MANY):
        VenueFactory(name=f"驿站{i}", community=CommunityFactory(name=f"社区{i}"), hours="" if i % 2 else "24/7")
    queues_refresh()
    client = client_for(street_admin)

    # + the count for the pager, the page of venues with their community and hours_known
    with django_assert_num_queries(4 + 2):
        page = client.get("/staff/venues/").content.decode()
    assert page.count('data-testid="hours-not-given"') == MANY // 2


def test_the_communities_page(client_for, street_admin, django_assert_num_queries):
    for i in range(MANY):
        community = CommunityFactory(name=f"社区{i}")
        VenueFactory(community=community)
        CompoundFactory(community=community)
    queues_refresh()
    client = client_for(street_admin)

    # + the communities with their counts and whether anything names them, in one query
    with django_assert_num_queries(4 + 1):
        page = client.get("/staff/venues/communities/").content.decode()
    assert page.count("data-community-id=") == MANY


def test_the_import_page(client_for, street_admin, django_assert_num_queries):
    for i in range(MANY):
        AmenityFactory(code=f"amenity_{i}", name=f"设施{i}")
        CommunityFactory(name=f"社区{i}")
    queues_refresh()
    client = client_for(street_admin)

    # + the amenities, the communities' names
    with django_assert_num_queries(4 + 2):
        page = client.get("/staff/venues/import/").content.decode()
    assert page.count('<li data-code="amenity_') == MANY


def test_the_tip_queue(client_for, reviewer, street_admin, django_assert_num_queries):
    compound = CompoundFactory()
    for i in range(MANY):
        author = RiderFactory()
        volunteers.grid_appoint(
            actor=street_admin, rider=author, area=f"第{i}网格", appointed_on=date(2026, 3, 1), certificate_number=f"WG-{i}"
        )
        TipFactory(compound=compound, author=author)
    queues_refresh()
    client = client_for(reviewer)

    # + the count for the pager, the page of tips with compound and author, the authors' three
    # kinds of badge, the points rule and what each author earned under it (its caps), and the
    # queue's own count, which the dashboard's figure takes from this page
    with django_assert_num_queries(4 + 8):
        page = client.get("/staff/venues/tips/").content.decode()
    assert page.count('data-testid="tip-points"') == MANY
    assert page.count('class="rider-badge') == MANY


def test_a_compound_guide_read_by_a_rider_with_tips_of_their_own(client_for, rider, django_assert_num_queries):
    compound = CompoundFactory()
    for i in range(MANY):
        GateFactory(compound=compound, name=f"{i}号门")
        TipFactory(compound=compound, author=RiderFactory(), status=TipStatus.APPROVED, text=f"公开的贴士{i}")
        TipFactory(compound=compound, author=rider, text=f"我的贴士{i}")
    client = client_for(rider)

    # The user and their permissions, the bell; the guide (compound, gates, parking, bicycles,
    # approved tips with their authors); the rider's own tips; what a tip pays (the rule, what
    # the rider earned under it).
    with django_assert_num_queries(3 + 5 + 1 + 2):
        page = client.get(f"/compounds/{compound.pk}/").content.decode()
    assert page.count("公开的贴士") == page.count("我的贴士") == MANY
