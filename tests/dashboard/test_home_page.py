"""/staff/ and /home/ as staff see them: today's work with counts and links, the figures of a
period against the previous one, charts with their tables, communities, partners. The
dashboard runs a constant number of queries whatever the number of rows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from points import services as points_services
from tests.dashboard.helpers import badge
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory
from tests.venues.factories import CommunityFactory, CompoundFactory, TipFactory, VenueFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory

pytestmark = pytest.mark.django_db


def test_reviewer_sees_todays_work_with_counts_and_links(client_for, reviewer, rider):
    ClaimFactory(rider=rider)
    ClaimFactory(rider=rider)
    TipFactory(author=rider)
    page = client_for(reviewer).get("/staff/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="count-points.pending_claims">2<' in html
    assert 'href="/staff/claims/"' in html
    assert 'data-testid="count-venues.tips_pending">1<' in html
    # Failed deliveries are the street admins' queue, not a reviewer's.
    assert "notifications.failed_deliveries" not in html


def test_the_page_shows_the_period_and_its_comparison(client_for, reviewer):
    html = client_for(reviewer).get("/staff/?start=2025-03-01&end=2025-03-31").content.decode()
    assert "2025-03-01" in html and "2025-02-01" in html and "2025-02-28" in html
    assert 'id="dashboard-charts"' in html
    assert 'data-figure="points_earned"' in html


def test_a_bad_range_falls_back_to_this_month_with_the_error(client_for, reviewer):
    page = client_for(reviewer).get("/staff/?start=2025-03-05&end=2025-03-01")
    assert page.status_code == 200
    assert page.context["form"].errors
    assert page.context["period"].start == timezone.localdate().replace(day=1)


@pytest.mark.parametrize("start, end", [("0001-01-01", "0001-01-02"), ("1999-12-30", "2000-01-02")])
def test_a_year_out_of_the_programmes_is_refused_in_words(client_for, reviewer, start, end):
    page = client_for(reviewer).get(f"/staff/?start={start}&end={end}")
    assert page.status_code == 200
    assert "请输入 2000 年至 2099 年之间的日期。" in page.content.decode()
    assert page.context["period"].start == timezone.localdate().replace(day=1)


def test_the_staff_navigation_shows_the_counts_as_badges(client_for, reviewer, rider):
    for _ in range(3):
        ClaimFactory(rider=rider)
    c = client_for(reviewer)
    html = c.get("/staff/").content.decode()
    assert 'href="/staff/claims/">' in html and 'title="待审核的积分申请">3<' in html
    # Another staff page shows the count the dashboard last recorded.
    other = c.get("/staff/riders/").content.decode()
    assert 'title="待审核的积分申请">3<' in other


def test_a_queues_own_page_shows_its_badge_live_as_its_heading_does(client_for, reviewer, rider):
    """A reviewer decides claims and comes back to the queue: the menu's count is the page's,
    not the count recorded minutes ago."""
    claims = [ClaimFactory(rider=rider) for _ in range(3)]
    c = client_for(reviewer)
    c.get("/staff/")  # records 3
    for claim in claims[:2]:
        points_services.claim_approve(actor=reviewer, claim=claim)

    queue = c.get("/staff/claims/").content.decode()
    assert badge(queue, "/staff/claims/") == 1
    # The queue's page moved the record: the badge on every other page says 1 too, not the 3
    # from before the decisions.
    elsewhere = c.get("/staff/riders/").content.decode()
    assert badge(elsewhere, "/staff/claims/") == 1


def test_a_queues_page_moves_the_record_only_when_its_count_moved(client_for, reviewer, rider, django_assert_num_queries):
    from friendlystreet.dashboard import queues
    from friendlystreet.dashboard.models import QueueCount

    ClaimFactory(rider=rider)
    queues.queues_refresh()
    changed_at = QueueCount.objects.get(code="points.pending_claims").changed_at
    with django_assert_num_queries(2):  # the record, and the queue counted now
        assert queues.badges(here="points:review_queue") == {"points:review_queue": 1}
    assert QueueCount.objects.get(code="points.pending_claims").changed_at == changed_at

    ClaimFactory(rider=rider)
    # And the record moved to it, once: its compare-and-set in a savepoint (with the notice
    # of new work it may bring).
    with django_assert_num_queries(5):
        assert queues.badges(here="points:review_queue") == {"points:review_queue": 2}
    assert QueueCount.objects.get(code="points.pending_claims").count == 2
    # On a page that is no queue's the record is read as it is (one query).
    with django_assert_num_queries(1):
        assert queues.badges(here="audit:audit_list") == {"points:review_queue": 2}


def grow(n: int) -> None:
    """n of everything the dashboard counts, in this month."""
    community = CommunityFactory()
    venue = VenueFactory(community=community)
    for _ in range(n):
        rider = RiderFactory()
        ClaimFactory(rider=rider)
        TipFactory(compound=CompoundFactory(community=community), author=rider)
        activity = ActivityFactory(venue=venue, starts_at=timezone.now() - timedelta(hours=1))
        SignupFactory(activity=activity, rider=rider)


def dashboard_queries(client) -> int:
    client.get("/staff/")  # warm up: content types, the figures' cache, the recorded counts
    from django.core.cache import cache

    cache.clear()  # figures computed afresh: the cold path is what is pinned
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/staff/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


# Computed afresh: session, user, permissions (3); the communities (1); today's work for a
# street admin (12: eight queues, two oldest, today's sign-ups, the riders waiting without a
# screenshot); the recorded counts (1); the
# figures of the period and of the previous one (2 x 12: riders 3, points and vouchers 2,
# tips, activities, sign-ups, reports and acceptances 1 each, the two medians, whether or not
# there is anything to take a median of); by community (12, two of them the medians); the
# charts (7); the partners panel (2); the bell (1). Warm (the communities, the figures' bundle
# with its panels and their rendering cached for a few minutes; the session cached): user and
# permissions (2), today's work (12), the recorded counts (1), the bell (1).
COLD, WARM = 63, 16


def test_the_dashboard_is_a_constant_number_of_queries(client_for, street_admin):
    grow(2)
    c = client_for(street_admin)
    assert dashboard_queries(c) == COLD
    grow(12)
    c.get("/staff/")  # the new counts are recorded once
    assert dashboard_queries(c) == COLD
    with CaptureQueriesContext(connection) as ctx:
        c.get("/staff/")
    assert len(ctx.captured_queries) == WARM


def test_street_admins_home_shows_staff_work_not_rider_buttons(client_for, street_admin, rider):
    ClaimFactory(rider=rider)
    html = client_for(street_admin).get("/home/").content.decode()
    assert 'data-testid="home-work"' in html
    assert 'href="/staff/claims/"' in html
    assert 'href="/points/claims/new/"' not in html
    assert "waiting for verification by the street office" not in html


def test_partner_operators_never_see_rider_links(client_for, merchant_a):
    html = client_for(merchant_a).get("/home/").content.decode()
    assert 'href="/redeem/"' in html
    for rider_only in ('href="/points/"', 'href="/points/claims/new/"', 'href="/rewards/"', 'href="/vouchers/"'):
        assert rider_only not in html
    assert 'data-testid="home-work"' not in html


def test_riders_home_is_unchanged(client_for, rider):
    html = client_for(rider).get("/home/").content.decode()
    assert 'href="/points/claims/new/"' in html
    assert 'data-testid="home-work"' not in html


def figures_part(html: str) -> str:
    """From the period line to the end of the communities' table: what the bundle renders."""
    start = html.index('data-testid="period"')
    return html[start : html.index("</table>", html.index('data-testid="by-community"'))]


def test_the_cached_figures_read_as_computed_and_todays_work_stays_live(client_for, reviewer, street, rider):
    ClaimFactory(rider=rider)
    c = client_for(reviewer)
    url = "/staff/?start=2025-03-01&end=2025-03-31"
    fresh = c.get(url).content.decode()
    assert 'data-figure="median_hours_to_accept"' in figures_part(fresh)
    assert '<td class="num">10.0</td>' in figures_part(fresh)  # community A's median hours to acceptance
    ClaimFactory(rider=rider)
    again = c.get(url).content.decode()
    assert figures_part(again) == figures_part(fresh)
    # Today's work is counted live: the street's pending claim, rider's two.
    assert 'data-testid="count-points.pending_claims">3<' in again


def test_panels_from_the_cached_figures_follow_each_users_permissions(client_for, reviewer, db):
    from django.contrib.auth.models import Group, Permission

    from tests.factories import UserFactory

    client_for(reviewer).get("/staff/")  # the bundle, with the partners panel, is now cached
    assert 'data-testid="partners"' in client_for(reviewer).get("/staff/").content.decode()
    clerk = UserFactory()
    group = Group.objects.create(name="front desk")
    group.permissions.add(Permission.objects.get(codename="access_staff_area"))
    clerk.groups.add(group)
    page = client_for(clerk).get("/staff/")
    assert page.status_code == 200
    assert 'data-testid="partners"' not in page.content.decode()


def test_a_badge_says_what_it_counts_and_the_to_do_total_counts_only_work_waiting(client_for, street_admin, rider):
    """治理线索 opens every open report but its badge counts the new ones: the badge says so (to
    screen readers and on hover). Today's activities have a badge on 活动 but wait for nobody:
    they are not in the closed menu's 待办 total."""
    from tests.volunteers.factories import ActivityFactory

    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    ActivityFactory(starts_at=noon, signup_deadline=noon - timedelta(days=1))
    for _ in range(2):
        ClaimFactory(rider=rider)

    html = client_for(street_admin).get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert re.search(
        r'href="/staff/claims/">[^<]*<span class="visually-hidden">待审核的积分申请</span>'
        r'<span class="badge nav-badge" data-testid="nav-badge" title="待审核的积分申请">2<',
        html,
    )
    assert re.search(
        r'<span class="visually-hidden">今日活动</span><span class="badge nav-badge" data-testid="nav-badge" title="今日活动">1<',
        html,
    )
    assert 'data-testid="menu-badge">待办 2<' in html  # the claims, not the activity
