"""Opening the inbox marks what it showed as read, and the bell follows at once; the footer's
language switch sets the account's language, the notifications' included."""

from __future__ import annotations

import pytest

from friendlystreet.notifications.models import Notification
from friendlystreet.notifications.services import notify

pytestmark = pytest.mark.django_db


def bell(html: str) -> str:
    return html.split('<a class="bell"')[1].split(">")[0]


def test_opening_the_inbox_marks_what_it_shows_as_read(client_for, rider, other_rider):
    mine = [notify(rider, "welcome") for _ in range(3)]
    theirs = notify(other_rider, "welcome")
    html = client_for(rider).get("/notifications/").content.decode()
    assert html.count('data-testid="unread-marker"') == 3  # shown as new this once
    assert 'data-unread="0"' in bell(html)  # the bell of the same page already follows
    assert all(n.read_at for n in Notification.objects.filter(pk__in=[n.pk for n in mine]))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    again = client_for(rider).get("/notifications/").content.decode()
    assert 'data-testid="unread-marker"' not in again


def test_only_the_page_shown_is_marked(client_for, rider):
    for _ in range(25):  # a page holds 20
        notify(rider, "welcome")
    html = client_for(rider).get("/notifications/").content.decode()
    assert 'data-unread="5"' in bell(html)
    assert Notification.objects.filter(recipient=rider, read_at__isnull=True).count() == 5


def test_the_language_switch_sets_the_accounts_language_notifications_included(client_for, rider):
    client = client_for(rider)
    response = client.post("/notifications/language/", {"language": "en", "next": "/home/"}, follow=True)
    rider.refresh_from_db()
    assert rider.language == "en"  # no box to tick: the account has one language (tests/accounts/test_page_language.py)
    page = response.content.decode()
    assert "Sign out" in page
    assert "Saved to your account: English wherever you sign in, and for your notifications and SMS." in page


def test_visitors_switch_only_the_pages(client):
    assert 'data-testid="lang-notify"' not in client.get("/").content.decode()
    response = client.post("/notifications/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
