"""The partners' wall: the partner venues with their plaques and the partners that are not
venues; staff who manage venues manage the latter, nobody else."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from friendlystreet.audit.models import AuditEntry
from tests.html import text_of
from tests.venues.factories import CommunityFactory, VenueFactory
from venues.models import Partner, VenueKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def bike_donor(db) -> Partner:
    return Partner.objects.create(
        name="成都某某出行科技有限公司",
        kind="爱心企业",
        contribution="捐赠10辆暖新单车",
        partner_since=date(2025, 9, 1),
    )


def test_the_wall_shows_partner_venues_with_their_plaques_by_kind(client, bike_donor):
    community = CommunityFactory(name="望平社区")
    barber = VenueFactory(
        name="暖新理发店",
        kind=VenueKind.MERCHANT,
        community=community,
        plaque_number="CLL-NX-012",
        plaque_date=date(2025, 6, 18),
        partner_since=date(2025, 5, 1),
    )
    station = VenueFactory(name="成龙路暖新驿站", plaque_number="CLL-NX-001", plaque_date=date(2025, 3, 5))
    page = client.get(reverse("venues:partners")).content.decode()
    assert "牌匾编号 CLL-NX-012" in page and "2025-06-18 授牌" in page and "合作时间：2025年5月起" in page and "望平社区" in page
    groups = page.split('data-testid="partner-group"')[1:]
    assert 'data-kind="community_station"' in groups[0] and station.name in groups[0]
    assert 'data-kind="merchant"' in groups[1] and barber.name in groups[1]
    assert str(VenueKind.MERCHANT.label) in groups[1] or "暖新商家" in groups[1]


def test_a_venue_without_a_partnership_date_shows_its_community_without_a_dangling_dot(client):
    """Onboarding review #8: "成龙社区 · " under a noodle shop whose 合作起始日期 was left empty."""
    noodles = VenueFactory(kind=VenueKind.MERCHANT, community=CommunityFactory(name="成龙社区"), plaque_number="CLL-NX-031")
    both = VenueFactory(community=CommunityFactory(name="望平社区"), plaque_number="CLL-NX-032", partner_since=date(2025, 5, 1))
    html = client.get(reverse("venues:partners")).content.decode()

    def meta(venue) -> str:
        item = html.split(f'data-venue-id="{venue.pk}"', 1)[1].split("</li>", 1)[0]
        return text_of(item, "partner-venue-meta")

    assert meta(noodles) == "成龙社区"
    assert meta(both) == "望平社区 · 合作时间：2025年5月起"


def test_the_wall_shows_partners_that_are_not_venues_with_what_they_gave(client, bike_donor):
    page = client.get(reverse("venues:partners")).content.decode()
    others = page.split('data-testid="partner-others"', 1)[1]
    assert bike_donor.name in others and "捐赠10辆暖新单车" in others and "爱心企业" in others


def test_inactive_venues_venues_without_a_plaque_and_hidden_partners_are_not_on_the_wall(client):
    VenueFactory(name="已停用的驿站", plaque_number="CLL-NX-099", active=False)
    VenueFactory(name="没有授牌的商家", kind=VenueKind.MERCHANT)
    Partner.objects.create(name="已退出的伙伴", kind="企业", active=False)
    page = client.get(reverse("venues:partners")).content.decode()
    assert "已停用的驿站" not in page and "没有授牌的商家" not in page and "已退出的伙伴" not in page
    assert 'data-testid="partner-venue"' not in page


def test_the_wall_takes_two_queries_however_many_partners(client, bike_donor, django_assert_num_queries):
    for n in range(6):
        VenueFactory(plaque_number=f"CLL-NX-{n:03d}", community=CommunityFactory())
    Partner.objects.create(name="另一家爱心企业", kind="爱心企业")
    with django_assert_num_queries(2):  # the partner venues with their communities, the other partners
        response = client.get(reverse("venues:partners"))
    assert response.content.decode().count('data-testid="partner-venue"') == 6


def test_the_landing_page_and_the_footer_link_to_the_wall_and_the_initiatives(client):
    page = client.get(reverse("landing")).content.decode()
    assert reverse("venues:partners") in page and reverse("volunteers:text_list") in page


# --- staff ----------------------------------------------------------------------------------------


def test_the_staff_menu_leads_street_admins_to_the_partners_and_not_reviewers(client_for, street_admin, reviewer):
    link = f'href="{reverse("venues:staff_partner_list")}"'
    assert link in client_for(street_admin).get("/staff/").content.decode()
    assert link not in client_for(reviewer).get("/staff/").content.decode()


def test_staff_add_a_partner_and_it_is_on_the_wall(client_for, client, street_admin):
    response = client_for(street_admin).post(
        reverse("venues:staff_partner_new"),
        {"name": "锦江区某某公益协会", "kind": "社会组织", "contribution": "每月一次骑手义诊", "active": "on", "order": "10"},
    )
    assert response.status_code == 302
    partner = Partner.objects.get(name="锦江区某某公益协会")
    assert AuditEntry.objects.filter(action="venues.partner_saved", target_id=str(partner.pk), actor=street_admin).exists()
    assert "每月一次骑手义诊" in client.get(reverse("venues:partners")).content.decode()


def test_staff_hide_a_partner(client_for, client, street_admin, bike_donor):
    response = client_for(street_admin).post(
        reverse("venues:staff_partner_edit", args=[bike_donor.pk]),
        {"name": bike_donor.name, "kind": bike_donor.kind, "contribution": bike_donor.contribution, "order": "100"},
    )
    assert response.status_code == 302
    bike_donor.refresh_from_db()
    assert not bike_donor.active
    assert bike_donor.name not in client.get(reverse("venues:partners")).content.decode()


def test_a_partner_without_a_name_is_refused(client_for, street_admin):
    response = client_for(street_admin).post(reverse("venues:staff_partner_new"), {"name": "", "kind": "企业", "order": "1"})
    assert response.status_code == 400
    assert not Partner.objects.exists()


@pytest.mark.parametrize("persona", ["rider", "reviewer", "merchant_a"])
def test_others_cannot_manage_partners(request, client_for, persona, bike_donor):
    user = request.getfixturevalue(persona)
    other = client_for(user)
    assert other.get(reverse("venues:staff_partner_list")).status_code == 403
    edit = reverse("venues:staff_partner_edit", args=[bike_donor.pk])
    assert other.post(edit, {"name": "改名", "kind": "x"}).status_code == 403
    bike_donor.refresh_from_db()
    assert bike_donor.name == "成都某某出行科技有限公司"


def test_the_staff_list_shows_every_partner_hidden_ones_too(client_for, street_admin, bike_donor):
    Partner.objects.create(name="已退出的伙伴", kind="企业", active=False)
    page = client_for(street_admin).get(reverse("venues:staff_partner_list")).content.decode()
    assert bike_donor.name in page and "已退出的伙伴" in page
