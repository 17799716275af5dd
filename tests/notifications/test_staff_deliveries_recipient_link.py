"""A street admin looking at a failed SMS opens the recipient's page (用户与角色) from the list,
to check their phone or whether the account is still active; staff who may see deliveries but
not people's pages get the name without a link that would only be refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from tests.notifications.test_staff_deliveries import failed_sms

pytestmark = pytest.mark.django_db

URL = "/staff/notifications/deliveries/"


def test_the_recipient_links_to_their_page_for_a_street_admin(client_for, street_admin, rider):
    failed_sms(rider)

    body = client_for(street_admin).get(URL).content.decode()

    link = f'<a href="/staff/users/{rider.pk}/" data-testid="delivery-recipient">{rider.masked_name}</a>'
    assert link in body
    assert client_for(street_admin).get(f"/staff/users/{rider.pk}/").status_code == 200


def test_no_link_for_staff_who_may_not_open_peoples_pages(client_for, reviewer, rider):
    # Roles are groups: a group of another name that holds only the deliveries' permission.
    desk = Group.objects.create(name="sms_desk")
    desk.permissions.add(Permission.objects.get(content_type__app_label="notifications", codename="manage_deliveries"))
    reviewer.groups.add(desk)
    failed_sms(rider)

    response = client_for(reviewer).get(URL)

    assert response.status_code == 200 and rider.masked_name in response.content.decode()
    assert f"/staff/users/{rider.pk}/" not in response.content.decode()
    assert client_for(reviewer).get(f"/staff/users/{rider.pk}/").status_code in (302, 403)
