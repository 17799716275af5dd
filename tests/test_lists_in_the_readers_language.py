"""Words shown as a list read with the reader's separator (friendlystreet.lists): 测试驿站A、测试驿站B
in Chinese, Rest stop A, Rest stop B in English — an English page used to show the Chinese 、.
What the audit trail stores stays written in Chinese, whoever wrote it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation

from friendlystreet.accounts import roles
from friendlystreet.audit.models import AuditEntry
from friendlystreet.lists import listed_lazy
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    body = re.sub(r"<select.*?</select>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_in_english_the_venues_where_nobody_else_confirms_vouchers_are_listed_with_commas(client_for, street_admin, rider):
    admin = client_for(street_admin)
    admin.post(f"/staff/users/{rider.pk}/roles/", {"roles": ["partner_operator"]})
    for name in ("Rest stop A", "Rest stop B"):
        admin.post(f"/staff/users/{rider.pk}/venues/", {"venue": VenueFactory(name=name).pk}, HTTP_ACCEPT_LANGUAGE="en")

    english = text_of(admin.get(f"/staff/users/{rider.pk}/", HTTP_ACCEPT_LANGUAGE="en"))
    chinese = text_of(admin.get(f"/staff/users/{rider.pk}/"))

    assert "Nobody else confirms vouchers at Rest stop A, Rest stop B:" in english
    assert "Rest stop A、Rest stop B" in chinese
    # The trail keeps the list as it was written in Chinese, though the admin worked in English.
    added = AuditEntry.objects.filter(action="accounts.operator_venue_added", target_id=str(rider.pk)).latest("pk")
    assert added.data["venues"] == ["Rest stop A", "Rest stop A、Rest stop B"]


def test_in_english_the_admins_users_list_names_roles_with_commas(client_for, rider):
    root = get_user_model().objects.create_superuser(username="root", password="x-long-password-1")
    rider.groups.add(Group.objects.get(name=roles.REVIEWER))

    page = client_for(root).get("/admin/accounts/user/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Rider, Reviewer" in page or "Reviewer, Rider" in page


def test_a_list_made_before_its_reader_is_known_reads_in_the_readers_language():
    with translation.override("zh-hans"):
        labels = listed_lazy(roles.ROLE_LABELS[code] for code in (roles.RIDER, roles.PARTNER))

    with translation.override("en"):
        assert str(labels) == "Rider, Partner operator"
    with translation.override("zh-hans"):
        assert str(labels) == "骑手、合作商户"
