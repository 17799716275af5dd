"""A street admin reads a balance adjustment on the audit trail: its object read 积分账户 #13,
and nothing on the entry said whose account that was. The account is named by its rider, masked
as riders are on every staff page, and links to the rider's balance page."""

from __future__ import annotations

import re

import pytest

from points.services import balance_adjust

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_an_adjusted_balance_names_the_rider_and_links_to_their_balance(client_for, street_admin, rider):
    balance_adjust(actor=street_admin, rider=rider, amount=5, reason="补发活动积分")
    client = client_for(street_admin)

    body = client.get("/staff/audit/?action=points.balance_adjusted", **ZH).content.decode()

    who = f"{rider.masked_name} {rider.masked_phone}（#{rider.pk}）"  # 张** 137****0001（#2）
    assert f"积分账户 {who}</a>" in body
    assert "张小骑" not in body  # masked, as the rider is everywhere on staff pages
    links = re.findall(r'<a href="([^"]*)" data-testid="audit-object-page">', body)
    assert links == [f"/staff/balances/{rider.pk}/"]
    assert client.get(links[0]).status_code == 200
