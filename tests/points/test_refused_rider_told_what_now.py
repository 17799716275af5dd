"""A rider whose verification was refused is told the same next step everywhere: upload a new,
clear screenshot (as the home page says). The passbook and the catalogue said "claiming and
redeeming open once the street office has verified your account", as if it were still
waiting, and the claim page sent them to update their profile or visit a station."""

from __future__ import annotations

import pytest

from friendlystreet.accounts.models import Verification
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db

NEXT_STEP = "请重新上传一张清晰的截图，街道办会重新审核。"
WAITING = "街道办完成认证后，您即可申请和兑换积分。"


@pytest.fixture
def refused(db):
    return RiderFactory(verification=Verification.REJECTED, verification_note="截图看不清工号")


@pytest.mark.parametrize("path", ["/points/", "/rewards/"])
def test_the_passbook_and_the_catalogue_say_what_to_do_now(client_for, refused, path):
    page = client_for(refused).get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "您的认证未通过，暂时不能申请和兑换积分。" in page and NEXT_STEP in page
    assert 'href="/profile/evidence/"' in page
    assert WAITING not in page


@pytest.mark.parametrize("path", ["/points/", "/rewards/"])
def test_a_rider_still_waiting_is_told_to_wait(client_for, path):
    waiting = RiderFactory(verification=Verification.UNVERIFIED)

    page = client_for(waiting).get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert WAITING in page and NEXT_STEP not in page


def test_the_claim_page_gives_the_same_next_step(client_for, refused):
    page = client_for(refused).get("/points/claims/new/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "截图看不清工号" in page and NEXT_STEP in page
    assert "到社区驿站咨询" not in page
