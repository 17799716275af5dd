"""The rider's inbox: the bell on every page, the notifications page and the API show only
the signed-in user's own notifications, newest first; one or all can be marked read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from friendlystreet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def make(user, n=1, **fields) -> list[Notification]:
    now = timezone.now()
    fields = {"link": "/home/", **fields}
    rows = [
        Notification.objects.create(recipient=user, kind="welcome", title=f"{user.username} #{i}", **fields) for i in range(n)
    ]
    for i, row in enumerate(rows):  # distinct times, the last one newest
        Notification.objects.filter(pk=row.pk).update(created_at=now - timedelta(minutes=n - i))
    return rows


def ids_on_page(response) -> list[int]:
    import re

    return [int(x) for x in re.findall(r'data-testid="notification" data-id="(\d+)"', response.content.decode())]


# --- the page -----------------------------------------------------------------------------


def test_rider_sees_only_their_own_notifications_newest_first(client_for, rider, other_rider):
    mine = make(rider, 3)
    make(other_rider, 2)
    response = client_for(rider).get("/notifications/")
    assert response.status_code == 200
    assert ids_on_page(response) == [n.id for n in reversed(mine)]
    assert other_rider.username not in response.content.decode()


def test_inbox_is_paginated(client_for, rider):
    rows = make(rider, 25)
    c = client_for(rider)
    first = ids_on_page(c.get("/notifications/"))
    second = ids_on_page(c.get("/notifications/?page=2"))
    assert len(first) == 20
    assert second == [n.id for n in reversed(rows[:5])]
    assert c.get("/notifications/?page=abc").status_code == 200  # a bad page number is page 1


def test_rider_marks_one_notification_read(client_for, rider):
    first, second = make(rider, 2)
    response = client_for(rider).post(f"/notifications/{first.id}/read/", {"next": "/notifications/?page=1"})
    assert response.status_code == 302
    assert response["Location"] == "/notifications/?page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_marking_read_twice_keeps_the_first_time(client_for, rider):
    (n,) = make(rider)
    c = client_for(rider)
    c.post(f"/notifications/{n.id}/read/")
    n.refresh_from_db()
    first_time = n.read_at
    c.post(f"/notifications/{n.id}/read/")
    n.refresh_from_db()
    assert n.read_at == first_time


def test_mark_read_refuses_a_redirect_to_another_site(client_for, rider):
    (n,) = make(rider)
    response = client_for(rider).post(f"/notifications/{n.id}/read/", {"next": "https://evil.example/"})
    assert response["Location"] == "/notifications/"


def test_rider_cannot_mark_another_riders_notification(client_for, rider, other_rider):
    (theirs,) = make(other_rider)
    assert client_for(rider).post(f"/notifications/{theirs.id}/read/").status_code == 404
    assert client_for(rider).get(f"/notifications/{theirs.id}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_marks_only_my_own(client_for, rider, other_rider):
    make(rider, 3)
    make(other_rider, 2)
    response = client_for(rider).post("/notifications/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=rider, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other_rider, read_at__isnull=True).count() == 2


def test_marking_needs_a_post(client_for, rider):
    (n,) = make(rider)
    assert client_for(rider).get(f"/notifications/{n.id}/read/").status_code == 405
    assert client_for(rider).get("/notifications/read-all/").status_code == 405


def test_opening_a_notification_marks_it_read_and_follows_its_link(client_for, rider):
    (n,) = make(rider)
    response = client_for(rider).get(f"/notifications/{n.id}/open/")
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_a_link_to_another_site_is_not_followed(client_for, rider):
    n = Notification.objects.create(recipient=rider, kind="welcome", title="t", link="//evil.example/x")
    response = client_for(rider).get(f"/notifications/{n.id}/open/")
    assert response["Location"] == "/notifications/"


def test_inbox_page_queries_do_not_grow_with_the_page(client_for, rider, django_assert_num_queries):
    make(rider, 20)
    c = client_for(rider)
    c.get("/notifications/")  # warm up the session
    # the user, their permissions (the top bar's staff link), the page count, the unread
    # count (once, for the page and the bell), the page rows; the session comes from the cache
    with django_assert_num_queries(5):
        assert c.get("/notifications/").status_code == 200


# --- the bell ------------------------------------------------------------------------------


def test_bell_on_every_page_shows_my_unread_count(client_for, rider, other_rider):
    make(rider, 3)
    make(other_rider, 5)
    oldest = Notification.objects.filter(recipient=rider).order_by("id").first()
    Notification.objects.filter(pk=oldest.pk).update(read_at=timezone.now())
    body = client_for(rider).get("/home/").content.decode()
    assert 'data-testid="bell"' in body
    assert 'data-unread="2"' in body
    assert 'data-testid="bell-count">2<' in body


def test_bell_without_unread_notifications_has_no_number(client_for, rider):
    body = client_for(rider).get("/home/").content.decode()
    assert 'data-unread="0"' in body
    assert 'data-testid="bell-count"' not in body


def test_no_bell_for_visitors(client):
    assert 'data-testid="bell"' not in client.get("/").content.decode()


def test_bell_costs_one_query(rider, django_assert_num_queries):
    make(rider, 3)
    request = RequestFactory().get("/")
    request.user = rider
    rider.get_all_permissions()  # the layout's permission checks are not the bell's
    template = engines["django"].from_string('{% include "includes/bell.html" %}{% include "includes/bell.html" %}')
    with django_assert_num_queries(1):
        html = template.render({"user": rider}, request)
    assert html.count('data-unread="3"') == 2


def test_bell_shows_99_plus(client_for, rider):
    Notification.objects.bulk_create([Notification(recipient=rider, kind="welcome", title="t") for _ in range(120)])
    assert 'data-testid="bell-count">99+<' in client_for(rider).get("/home/").content.decode()


# --- the API ---------------------------------------------------------------------------------


def test_api_lists_only_my_notifications_newest_first(api_for, rider, other_rider):
    mine = make(rider, 3)
    make(other_rider, 2)
    body = api_for(rider).get("/api/v1/notifications/").json()
    assert body["count"] == 3
    assert [n["id"] for n in body["results"]] == [n.id for n in reversed(mine)]
    assert set(body["results"][0]) == {"id", "kind", "title", "body", "link", "target", "created_at", "read_at", "is_read"}
    assert body["results"][0]["is_read"] is False


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("/points/claims/254/", {"type": "claim", "id": "254"}),
        ("/vouchers/PM77-4UCZ-R3ZJ/", {"type": "voucher", "id": "PM77-4UCZ-R3ZJ"}),
        ("/activities/10/", {"type": "activity", "id": "10"}),
        ("/reports/15/?from=notice", {"type": "report", "id": "15"}),
        ("/compounds/2/", {"type": "compound", "id": "2"}),
        ("/points/", None),  # a page, not one thing: the app opens the web link or its passbook
        ("/profile/", None),
        ("", None),
        ("/no/such/page/", None),
    ],
)
def test_an_app_learns_what_a_notice_is_about_without_parsing_the_web_link(api_for, rider, link, target):
    make(rider, link=link)
    (notice,) = api_for(rider).get("/api/v1/notifications/").json()["results"]
    assert (notice["link"], notice["target"]) == (link, target)


def test_api_list_is_paginated_and_filters_unread(api_for, rider):
    rows = make(rider, 25)
    Notification.objects.filter(pk__in=[r.pk for r in rows[:5]]).update(read_at=timezone.now())
    c = api_for(rider)
    body = c.get("/api/v1/notifications/").json()
    assert (body["count"], len(body["results"])) == (25, 20)
    assert body["next"]
    assert len(c.get("/api/v1/notifications/?page=2").json()["results"]) == 5
    assert c.get("/api/v1/notifications/?unread=true").json()["count"] == 20
    assert len(c.get("/api/v1/notifications/?page_size=5").json()["results"]) == 5


def test_api_list_bad_input_is_400_json(api_for, rider):
    c = api_for(rider)
    response = c.get("/api/v1/notifications/?unread=maybe")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert c.get("/api/v1/notifications/?page=99").status_code == 404


def test_api_list_query_count_is_pinned(api_for, rider, django_assert_num_queries):
    make(rider, 20)
    c = api_for(rider)
    c.get("/api/v1/notifications/")
    # the user, count, page (the session comes from the cache)
    with django_assert_num_queries(3):
        assert c.get("/api/v1/notifications/").status_code == 200


def test_api_marks_my_notification_read(api_for, rider):
    (n,) = make(rider)
    response = api_for(rider).post(f"/api/v1/notifications/{n.id}/read/")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    n.refresh_from_db()
    assert n.read_at is not None


def test_api_another_riders_notification_is_404(api_for, rider, other_rider):
    (theirs,) = make(other_rider)
    response = api_for(rider).post(f"/api/v1/notifications/{theirs.id}/read/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_mark_all_read(api_for, rider, other_rider):
    make(rider, 3)
    make(other_rider, 1)
    assert api_for(rider).post("/api/v1/notifications/read-all/").json() == {"marked": 3}
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_api_needs_sign_in(client):
    assert client.get("/api/v1/notifications/").status_code == 401


def test_session_api_post_needs_the_csrf_token(rider):
    from rest_framework.test import APIClient

    c = APIClient(enforce_csrf_checks=True)
    c.force_login(rider)
    (n,) = make(rider)
    assert c.post(f"/api/v1/notifications/{n.id}/read/").status_code == 403


def test_the_count_kept_for_a_request_follows_a_new_notification_and_marking_read(rider):
    # The request's user is a lazy wrapper (SimpleLazyObject), as request.user is.
    from django.utils.functional import SimpleLazyObject

    from friendlystreet.notifications import selectors, services
    from friendlystreet.notifications.services import notify

    user = SimpleLazyObject(lambda: rider)
    assert selectors.unread_count(user=user) == 0
    n = notify(user, "welcome")
    assert selectors.unread_count(user=user) == 1
    services.notification_mark_read(user=user, notification=n)
    assert selectors.unread_count(user=user) == 0
