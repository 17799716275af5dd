"""A street admin reads a new partner's entry on the audit trail: the fields it was created
with, before and after. A field left blank (no plaque number yet) is not listed as a change
from — to —, which only made the real values harder to find."""

from __future__ import annotations

import re

import pytest

from venues.partners import partner_save

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def changed_fields(body: str) -> list[str]:
    return re.findall(r'<tr class="changed"><th scope="row">([^<]*)</th>', body)


def test_a_field_blank_before_and_after_is_not_a_change(client_for, street_admin):
    partner_save(actor=street_admin, name="蓉城暖心保险服务站", kind="爱心企业", contribution="意外伤害保险")

    body = client_for(street_admin).get("/staff/audit/?action=venues.partner_saved", **ZH).content.decode()

    fields = changed_fields(body)
    assert "名称" in fields and "伙伴类型" in fields  # what it was created with
    assert "授牌编号" not in fields and "授牌日期" not in fields  # left blank: None, then "" or None
    assert "<ins>—</ins>" not in body
