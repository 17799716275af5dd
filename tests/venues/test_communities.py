"""Communities (社区) on a staff page: a fresh database has none, and the Django admin is for
superusers only, so a street admin lists, adds and renames them here (venues.services.
community_*); names are unique; a community in use is renamed, never deleted; one added by
mistake is deleted. Each write is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from friendlystreet.audit.models import AuditEntry
from tests.venues.factories import CommunityFactory, CompoundFactory, VenueFactory
from tests.venues.test_import_in_chinese import CHINESE_HEADER, IMPORT, csv_file
from venues import services
from venues.models import Community, Venue
from volunteers.models_reports import Report

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
LIST = "/staff/venues/communities/"


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_on_a_fresh_database_a_street_admin_adds_a_community_and_venues_can_name_it(client_for, street_admin):
    admin = client_for(street_admin)
    assert not Community.objects.exists()
    page = admin.get(LIST, **ZH).content.decode()
    assert "还没有社区：请在下方添加本街道的社区" in page
    # Reached from the venues' sub-navigation and from the import page, which needs them.
    assert f'href="{LIST}"' in admin.get("/staff/venues/", **ZH).content.decode()
    assert 'data-testid="communities-link"' in admin.get(IMPORT, **ZH).content.decode()

    response = admin.post(LIST, {"name": "  望平社区 ", "position": "2"}, follow=True, **ZH)

    assert messages_of(response) == ["已添加社区“望平社区”。"]
    community = Community.objects.get()
    assert (community.name, community.position) == ("望平社区", 2)
    assert f'data-community-id="{community.pk}"' in response.content.decode()
    entry = AuditEntry.objects.get(action="venues.community.create")
    assert (entry.actor, entry.target_id, entry.data) == (street_admin, str(community.pk), {"name": "望平社区"})
    # The venue form offers it, and an imported row may name it.
    assert ">望平社区</option>" in admin.get("/staff/venues/new/", **ZH).content.decode()
    row = ["", "望平驿站", "驿站", "望平社区", "成龙大道二段8号", "30.6035", "104.1262", "", "", "是"]
    assert admin.post(IMPORT, {"file": csv_file(CHINESE_HEADER, [row])}).status_code == 302
    assert Venue.objects.get(name="望平驿站").community == community


def test_a_name_another_community_has_is_refused_with_the_position_in_one_round(client_for, street_admin):
    CommunityFactory(name="望平社区")
    CommunityFactory(name="Chenglong Community")
    admin = client_for(street_admin)

    response = admin.post(LIST, {"name": "望平社区", "position": "1000"}, **ZH)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["name"] == ["已有名为“望平社区”的社区。"]
    assert errors["position"] == ["请填写 0 到 999 之间的整数。"]

    response = admin.post(LIST, {"name": "chenglong community", "position": "0"}, **ZH)
    assert response.context["form"].errors["name"] == ["已有名为“Chenglong Community”的社区。"]
    assert admin.post(LIST, {"name": " ", "position": "0"}, **ZH).context["form"].errors["name"] == ["请填写社区名称。"]
    assert Community.objects.count() == 2
    # The service says the same to any other caller.
    with pytest.raises(ValidationError) as excinfo:
        services.community_create(actor=street_admin, name="望平社区 ")
    assert "name" in excinfo.value.message_dict


def test_renaming_keeps_its_venues_and_guides_which_show_the_new_name(client_for, client, street_admin):
    community = CommunityFactory(name="望平社区")
    venue = VenueFactory(name="望平驿站", community=community)
    CompoundFactory(community=community)
    admin = client_for(street_admin)
    row = admin.get(LIST, **ZH).content.decode()
    assert f'<a href="/staff/venues/communities/{community.pk}/">望平社区</a></td><td>0</td><td>1</td><td>1</td>' in row

    edit = f"/staff/venues/communities/{community.pk}/"
    response = admin.post(edit, {"name": "望平街社区", "position": "0"}, follow=True, **ZH)

    assert messages_of(response) == ["社区已保存。"]
    venue.refresh_from_db()
    assert venue.community.name == "望平街社区"
    assert client.get(f"/api/v1/venues/{venue.pk}/").json()["community"] == "望平街社区"
    entry = AuditEntry.objects.get(action="venues.community.update")
    assert entry.data["changes"]["name"] == ["望平社区", "望平街社区"]
    assert "position" not in entry.data["changes"]


def test_keeping_its_own_name_is_no_clash(client_for, street_admin):
    community = CommunityFactory(name="望平社区", position=1)
    response = client_for(street_admin).post(f"/staff/venues/communities/{community.pk}/", {"name": "望平社区", "position": "5"})
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.position == 5


def test_a_community_in_use_is_not_deleted_and_the_page_says_where_it_is_used(client_for, street_admin, rider):
    community = CommunityFactory(name="望平社区")
    VenueFactory(community=community)
    Report.objects.create(reporter=rider, category="environment", description="垃圾满了", address="望平街", community=community)
    admin = client_for(street_admin)

    page = admin.get(f"/staff/venues/communities/{community.pk}/", **ZH).content.decode()
    assert 'data-testid="community-in-use"' in page and 'data-testid="delete-community"' not in page

    response = admin.post(f"/staff/venues/communities/{community.pk}/delete/", follow=True, **ZH)

    assert messages_of(response) == ["社区“望平社区”正在使用中（阵地：1、线索上报：1），不能删除；如名称有误，请改名。"]
    assert Community.objects.filter(pk=community.pk).exists()
    assert not AuditEntry.objects.filter(action="venues.community.delete").exists()


def test_a_community_added_by_mistake_is_deleted(client_for, street_admin):
    community = CommunityFactory(name="望平社去")
    admin = client_for(street_admin)
    page = admin.get(f"/staff/venues/communities/{community.pk}/", **ZH).content.decode()
    assert 'data-confirm="删除社区“望平社去”？目前没有任何内容使用它。"' in page

    response = admin.post(f"/staff/venues/communities/{community.pk}/delete/", follow=True, **ZH)

    assert messages_of(response) == ["已删除社区“望平社去”。"]
    assert not Community.objects.exists()
    entry = AuditEntry.objects.get(action="venues.community.delete")
    assert (entry.actor, entry.target_id, entry.data) == (street_admin, str(community.pk), {"name": "望平社去"})


def test_only_street_admins_manage_communities(client_for, reviewer, rider):
    community = CommunityFactory(name="望平社区")
    assert client_for(reviewer).get(LIST).status_code == 403
    assert client_for(reviewer).post(LIST, {"name": "新社区", "position": "0"}).status_code == 403
    assert client_for(rider).post(f"/staff/venues/communities/{community.pk}/delete/").status_code == 403
    for call in (
        lambda: services.community_create(actor=reviewer, name="新社区"),
        lambda: services.community_update(actor=reviewer, community=community, name="改名社区"),
        lambda: services.community_delete(actor=rider, community=community),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert list(Community.objects.values_list("name", flat=True)) == ["望平社区"]
