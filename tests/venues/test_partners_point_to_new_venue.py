"""A street admin told to onboard a partner shop opens 合作商户 (the partners that are not
venues) first: its list and its form say that a shop or station riders visit is a venue, and
link to the new venue form (onboarding review, finding 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from venues.models import Partner

pytestmark = pytest.mark.django_db

SAID = "骑手到店的商家、驿站等（提供奖品、核销兑换券）请作为阵地添加：阵地 → 新建阵地。"


def _note(page: str) -> str:
    return page.split('id="partners-are-not-venues"', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize("url_name", ["venues:staff_partner_list", "venues:staff_partner_new", "venues:staff_partner_edit"])
def test_the_partner_pages_send_a_shop_riders_visit_to_the_new_venue_form(client_for, street_admin, url_name):
    partner = Partner.objects.create(name="成都某某出行科技有限公司", kind="爱心企业")
    args = [partner.pk] if url_name.endswith("edit") else []
    page = client_for(street_admin).get(reverse(url_name, args=args)).content.decode()
    note = _note(page)
    assert SAID + "<a " in note  # no space after 。 before the link
    assert f'href="{reverse("venues:staff_venue_create")}"' in note and "新建阵地</a>" in note


def test_in_english_too(client_for, street_admin):
    c = client_for(street_admin)
    c.cookies["django_language"] = "en"
    note = _note(c.get(reverse("venues:staff_partner_new"), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Shops, stations and other places riders visit" in note and "New venue</a>" in note
    assert "under Venues → New venue. <a " in note
