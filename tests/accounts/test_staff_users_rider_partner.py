"""A rider given the 合作商户 role (a merchant's staff member who signed up as a rider first):
their page warns the street admin that they cannot confirm their own vouchers, and names the
venues where nobody else confirms vouchers (their own could not be used there). A partner
operator who is no rider gets no such warning."""

from __future__ import annotations

import re

import pytest

from tests.factories import PartnerFactory
from tests.venues.factories import VenueFactory

pytestmark = pytest.mark.django_db

WARNING = "此人也是骑手：不能核销自己兑换的兑换券。"


def text_of(response) -> str:
    body = re.sub(r"<select.*?</select>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_a_rider_made_a_partner_operator_is_flagged_as_unable_to_confirm_their_own_vouchers(client_for, street_admin, rider):
    venue = VenueFactory(name="测试驿站A")
    admin = client_for(street_admin)

    before = text_of(admin.get(f"/staff/users/{rider.pk}/"))
    assert "如授予此骑手合作商户角色，其不能核销自己兑换的兑换券" in before
    assert WARNING not in before

    saved = admin.post(f"/staff/users/{rider.pk}/roles/", {"roles": ["partner_operator"]}, follow=True)
    text = text_of(saved)
    assert "已保存" in text and text.count(WARNING) == 2  # the message of the moment, and the page's notice
    assert "由该场所的其他核销人员核销" in text

    # Alone at the venue: nobody could confirm their own vouchers of it.
    page = text_of(admin.post(f"/staff/users/{rider.pk}/venues/", {"venue": venue.pk}, follow=True))
    assert "测试驿站A没有其他核销人员" in page

    venue.operators.add(PartnerFactory(display_name="王师傅"))
    page = text_of(admin.get(f"/staff/users/{rider.pk}/"))
    assert WARNING in page and "没有其他核销人员" not in page


def test_a_partner_operator_who_is_no_rider_gets_no_warning(client_for, street_admin, merchant_a):
    VenueFactory(name="测试驿站A").operators.add(merchant_a)

    page = text_of(client_for(street_admin).get(f"/staff/users/{merchant_a.pk}/"))

    assert "合作商户" in page
    assert WARNING not in page and "没有其他核销人员" not in page and "如授予此骑手" not in page
