"""An app asks for the unread notices with `?unread=` and it is read as every flag of the API
(`?mine=`, `?open_now=`): `?unread=` (empty) is no, as the app sends an unticked box, not a 400;
`?unread=0` is no; text nobody can read is a 400 naming it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from friendlystreet.notifications.models import Notification
from tests.flags import JUNK, NO, YES

pytestmark = pytest.mark.django_db


@pytest.fixture
def read_and_unread(rider):
    read = Notification.objects.create(recipient=rider, kind="welcome", title="已读", link="/home/", read_at=timezone.now())
    unread = Notification.objects.create(recipient=rider, kind="welcome", title="未读", link="/home/")
    return read, unread


def listed(api_for, rider, value: str) -> set[int]:
    response = api_for(rider).get("/api/v1/notifications/", {"unread": value})
    assert response.status_code == 200, (value, response.content)
    return {item["id"] for item in response.json()["results"]}


@pytest.mark.parametrize("value", YES)
def test_yes_lists_only_the_unread_notices(api_for, rider, read_and_unread, value):
    _read, unread = read_and_unread

    assert listed(api_for, rider, value) == {unread.pk}


@pytest.mark.parametrize("value", NO)
def test_no_or_nothing_lists_every_notice(api_for, rider, read_and_unread, value):
    assert listed(api_for, rider, value) == {n.pk for n in read_and_unread}


def test_the_app_is_told_which_parameter_it_cannot_read(api_for, rider, read_and_unread):
    response = api_for(rider).get("/api/v1/notifications/", {"unread": JUNK}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["fields"] == {"unread": ["Must be a valid boolean."]}
