"""The audit trail says of each export whether riders' names and phones were in it in full,
in words that read plainly (姓名和手机号完整显示：否), not the double negative 个人信息未脱敏：否.
Entries already stored read the same way: only the label changed, not what is stored."""

from __future__ import annotations

import re

import pytest

from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db


def trail_text(client, **headers) -> str:
    html = client.get("/staff/audit/", {"action": "ledgers.export"}, **headers).content.decode()
    html += client.get("/staff/audit/", {"action": "ledgers.export.personal_data"}, **headers).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_trail_says_plainly_whether_names_and_phones_were_shown_in_full(client_for, street_admin, reviewer, export_as):
    RiderFactory(display_name="张小骑", phone="+8613800000001")
    export_as(reviewer, "riders")
    export_as(street_admin, "riders", reason="authority_request")
    admin = client_for(street_admin)

    text = trail_text(admin)
    assert "未脱敏" not in text
    assert re.search(r"姓名和手机号完整显示 ?[:：]? ?否", text), text
    assert re.search(r"姓名和手机号完整显示 ?[:：]? ?是", text)

    english = trail_text(admin, HTTP_ACCEPT_LANGUAGE="en")
    assert "unmasked: no" not in english.lower() and "personal data unmasked" not in english.lower()
    assert re.search(r"names and phone numbers shown in full ?:? ?no", english, flags=re.I)
