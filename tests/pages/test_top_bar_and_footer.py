"""The top bar and the footer of every page follow the user's roles, bell and language at
once, and carry this request's CSRF token and path."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from friendlystreet.accounts import roles
from friendlystreet.notifications.services import notify

pytestmark = pytest.mark.django_db


def topbar(response) -> str:
    return response.content.decode().split('<header class="topbar">')[1].split("</header>")[0]


def footer(response) -> str:
    return response.content.decode().split('<footer class="footer">')[1].split("</footer>")[0]


def test_a_rider_made_reviewer_sees_the_staff_link_at_once_and_loses_it_with_the_role(client_for, rider):
    client = client_for(rider)
    assert 'href="/staff/"' not in topbar(client.get("/home/"))
    rider.groups.add(Group.objects.get(name=roles.REVIEWER))
    assert 'href="/staff/"' in topbar(client.get("/home/"))
    rider.groups.remove(Group.objects.get(name=roles.REVIEWER))
    assert 'href="/staff/"' not in topbar(client.get("/home/"))


def test_the_bell_in_the_top_bar_counts_new_notifications(client_for, rider):
    client = client_for(rider)
    assert 'data-unread="0"' in topbar(client.get("/points/"))
    notify(rider, "welcome")
    notify(rider, "welcome")
    assert 'data-unread="2"' in topbar(client.get("/points/"))


def test_the_footer_returns_to_the_page_it_is_on_and_switches_the_language(client_for, rider):
    client = client_for(rider)
    client.get("/home/")
    assert 'name="next" type="hidden" value="/points/?before=5&amp;x=%3Cb%3E"' in footer(client.get("/points/?before=5&x=<b>"))
    assert "退出" in topbar(client.get("/home/"))  # Sign out, in Chinese
    client.post("/i18n/setlang/", {"language": "en", "next": "/home/"})
    assert "Sign out" in topbar(client.get("/home/"))


def test_visitors_see_sign_in_links_and_the_signed_in_their_own(client_for, rider):
    visitor = topbar(client_for(None).get("/"))
    assert 'href="/accounts/login/"' in visitor and "bell" not in visitor
    signed_in = topbar(client_for(rider).get("/"))
    assert 'href="/accounts/login/"' not in signed_in and 'id="bell"' in signed_in


def test_sign_out_and_language_forms_carry_this_visits_csrf_token(rider):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(rider)
    page = browser.get("/home/")
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert len(tokens) == 2  # sign out, language
    switched = browser.post("/i18n/setlang/", {"language": "en", "next": "/home/", "csrfmiddlewaretoken": tokens[1]})
    assert switched.status_code == 302
    signed_out = browser.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens[0]})
    assert signed_out.status_code == 302
    assert browser.get("/home/").status_code == 302  # signed out: to the sign-in page


def test_a_groups_permission_change_reaches_the_top_bar(client_for, reviewer):
    from django.contrib.auth.models import Permission

    client = client_for(reviewer)
    assert 'href="/staff/"' in topbar(client.get("/home/"))
    app_label, codename = roles.STAFF_AREA.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    Group.objects.get(name=roles.REVIEWER).permissions.remove(permission)
    assert 'href="/staff/"' not in topbar(client.get("/home/"))
