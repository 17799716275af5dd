"""Django admin's lists name people masked (admin_policy.person_column), a column Django's list
does not join by itself: each list that has one joins the person, so a page of 100 rows costs
what a page of one does, and still shows 张* 137****0001, never the whole number."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendlystreet.audit.services import audit_record
from friendlystreet.notifications import kinds
from friendlystreet.notifications.models import ChannelPreference
from friendlystreet.notifications.services import notify
from tests.factories import RiderFactory, UserFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/notifications/notification/",
    "/admin/notifications/channelpreference/",
    "/admin/audit/auditentry/",
    "/admin/usersessions/usersession/",
    "/admin/account/emailaddress/",
]


def add_rows(n: int) -> list:
    """n riders, each with a row in every list that names a person."""
    kinds.register(kinds.Kind(code="test_admin_rows", label="x", title="Hello", body="Hello"))
    riders = []
    for i in range(n):
        rider = RiderFactory(display_name=f"张{i}")
        notify(rider, "test_admin_rows", {})
        ChannelPreference.objects.create(user=rider, kind="test_admin_rows", channel=kinds.SMS, enabled=False)
        audit_record(actor=rider, action="accounts.phone_changed", target=rider, data={})
        UserSession.objects.create(user=rider, ip="10.0.0.1", session_key=f"key{rider.pk}", user_agent="test")
        EmailAddress.objects.create(user=rider, email=f"r{rider.pk}@example.org", primary=True, verified=True)
        riders.append(rider)
    return riders


def queries_of(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


@pytest.mark.parametrize("url", LISTS)
def test_a_list_that_names_people_costs_the_same_for_one_row_or_five(url, client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    first = add_rows(1)[0]
    one, html = queries_of(client, url)
    assert f"张* {first.masked_phone}" in html and first.phone[3:] not in html

    add_rows(4)
    five, html = queries_of(client, url)

    assert five == one
    assert html.count("张* 137****") == 5
