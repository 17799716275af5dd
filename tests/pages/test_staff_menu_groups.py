"""The staff menu in two groups: the day's work first (the dashboard, then the queues, whose
counts are the closed menu's 待办 total), then the pages that set the programme up and keep its
records (管理). It was one list in the order the apps registered their links, the queues mixed
in with the settings. Each link names its group where it is registered (NavLink.group), so a
reviewer's shorter menu and a street admin's long one are grouped alike; a partner operator
never sees the staff menu."""

from __future__ import annotations

import re

import pytest

from friendlystreet.dashboard.queues import badge_sources
from friendlystreet.pages.nav import MANAGE, STAFF_GROUPS, STAFF_NAV, WORK
from tests.factories import StreetAdminFactory

pytestmark = pytest.mark.django_db

WORK_LINKS = [
    "/staff/",
    "/staff/claims/",
    "/staff/riders/",
    "/staff/reports/",
    "/staff/venues/tips/",
    "/staff/rewards/",
    "/staff/notifications/deliveries/",
]
MANAGE_LINKS = [
    "/staff/activities/",
    "/staff/volunteers/",
    "/staff/venues/",
    "/staff/venues/compounds/",
    "/staff/partners/",
    "/staff/rules/",
    "/staff/balances/",
    "/staff/texts/",
    "/staff/exports/",
    "/staff/users/",
    "/staff/audit/",
]


def groups(html: str) -> list[tuple[str, str, list[str]]]:
    """The open menu's groups, in order: (code, name, the links' paths)."""
    start = html.index('class="staff-menu-links"')
    menu = html[start : html.index("</details>", start)]
    found = []
    for part in menu.split('data-testid="staff-menu-group"')[1:]:
        code = re.search(r'data-group="(\w+)"', part).group(1)
        name = re.search(r'class="staff-menu-group-name"[^>]*>([^<]*)<', part).group(1)
        found.append((code, name, re.findall(r'<a[^>]* href="([^"]+)"', part)))
    return found


def demo_admin():
    # The demo's street admin is a superuser: every section of the menu.
    return StreetAdminFactory(is_superuser=True)


def test_every_staff_link_names_its_group_and_the_queues_are_the_days_work():
    codes = {group.code for group in STAFF_GROUPS}
    assert all(link.group in codes for link in STAFF_NAV), [link.url_name for link in STAFF_NAV if link.group not in codes]
    # A link is in the day's work exactly when it opens a queue whose count waits on it
    # (today's activities have a badge but are no queue: arrival=False).
    queues = {name for name, source in badge_sources().items() if source.arrival}
    assert {link.url_name for link in STAFF_NAV if link.group == WORK} == {link.url_name for link in STAFF_NAV} & queues
    assert not any(link.group == MANAGE and link.url_name in queues for link in STAFF_NAV)


def test_the_street_admins_menu_has_the_days_work_first_then_the_rest(client_for):
    html = client_for(demo_admin()).get("/staff/").content.decode()
    assert groups(html) == [("work", "待办", WORK_LINKS), ("manage", "管理", MANAGE_LINKS)]


def test_the_menu_reads_in_english_with_its_short_labels(client_for):
    client = client_for(demo_admin())
    client.cookies["django_language"] = "en"
    html = client.get("/staff/").content.decode()
    assert [(code, name) for code, name, _links in groups(html)] == [("work", "To do"), ("manage", "Manage")]
    assert '<a href="/staff/notifications/deliveries/">Deliveries</a>' in html
    assert '<a href="/staff/texts/">Initiatives</a>' in html
    # The page the link opens has the link's name.
    texts = client.get("/staff/texts/").content.decode()
    assert re.search(r"<h1>\s*Initiatives\s*</h1>", texts)
    assert "Initiatives and convention" not in texts


def test_a_street_admin_by_role_gets_the_same_order(client_for):
    found = groups(client_for(StreetAdminFactory()).get("/staff/").content.decode())
    assert [code for code, _name, _links in found] == ["work", "manage"]
    work, manage = found[0][2], found[1][2]
    assert work[0] == "/staff/" and set(work) <= set(WORK_LINKS) and "/staff/claims/" in work
    assert set(manage) <= set(MANAGE_LINKS) and manage == [path for path in MANAGE_LINKS if path in manage]


def test_a_reviewers_shorter_menu_is_grouped_alike(client_for, reviewer):
    assert groups(client_for(reviewer).get("/staff/").content.decode()) == [
        ("work", "待办", ["/staff/", "/staff/claims/", "/staff/riders/", "/staff/reports/", "/staff/venues/tips/"]),
        ("manage", "管理", ["/staff/activities/", "/staff/exports/"]),
    ]


def test_a_staff_members_home_lists_the_work_first(client_for, reviewer):
    html = client_for(reviewer).get("/home/").content.decode()
    home_links = html[html.index('id="home-links"') : html.index("</ul>", html.index('id="home-links"'))]
    links = re.findall(r'<a class="button secondary" href="(/staff/[^"]+)"', home_links)
    assert links == [
        "/staff/claims/",
        "/staff/riders/",
        "/staff/reports/",
        "/staff/venues/tips/",
        "/staff/activities/",
        "/staff/exports/",
    ]


def test_a_partner_operator_never_sees_the_staff_menu(client_for, merchant_a):
    client = client_for(merchant_a)
    for path in ("/home/", "/redeem/", "/venues/"):
        html = client.get(path).content.decode()
        assert 'data-testid="staff-menu-group"' not in html
        assert 'href="/staff/' not in html
    assert client.get("/staff/").status_code in (302, 403)
