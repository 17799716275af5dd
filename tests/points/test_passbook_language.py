"""A passbook line reads in the reader's language: it is written from what the entry refers
to (the claim's rule and hours, the voucher's title) when it is shown, not from the words
stored when it was booked. Rule names and titles are the street office's own words."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from points import services
from points.rewards import services as rewards
from tests.points.factories import ClaimFactory
from tests.points.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def passbook_lines(client_for, rider, reviewer, hourly_rule, street_admin):
    claim = ClaimFactory(rider=rider, rule=hourly_rule, quantity=Decimal("2"), occurred_at=timezone.now() - timedelta(hours=3))
    services.claim_approve(actor=reviewer, claim=claim)  # booked while the reviewer's page is Chinese
    voucher = rewards.reward_redeem(rider=rider, reward=RewardFactory(title="免费快剪", cost=5)).voucher
    rewards.voucher_cancel(rider=rider, code=voucher.code)
    services.balance_adjust(actor=street_admin, rider=rider, amount=3, reason="补录")

    def lines(language: str) -> list[str]:
        page = client_for(rider)
        page.cookies["django_language"] = language
        return [entry.text for entry, _kind in page.get("/points/").context["rows"]]

    return lines


def test_a_rider_reading_in_english_sees_english_lines(passbook_lines):
    lines = passbook_lines("en")

    assert "Adjustment by the street office" in lines
    assert "Cancelled: 免费快剪" in lines
    assert any(line.startswith("免费快剪 · ") for line in lines)  # the purchase: title and venue
    assert "志愿服务时长 × 2 h" in lines


def test_the_same_lines_read_chinese_for_a_chinese_reader(passbook_lines):
    lines = passbook_lines("zh-hans")

    assert "志愿服务时长 × 2 小时" in lines
    assert "已取消：免费快剪" in lines
    assert not any(word in " ".join(lines) for word in ("Cancelled", "Adjustment", " h"))


def test_the_app_reads_its_passbook_in_its_language(api_for, passbook_lines, rider):
    client = api_for(rider)
    body = client.get("/api/v1/me/ledger/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert "志愿服务时长 × 2 h" in [entry["description"] for entry in body["results"]]


def test_an_adjustment_made_on_an_english_page_is_stored_in_chinese(rider, street_admin):
    with translation.override("en"):  # the street admin's page is in English
        entry = services.balance_adjust(actor=street_admin, rider=rider, amount=3, reason="typed in English")

    entry.refresh_from_db()
    assert entry.description == "街道办调整"  # as the Chinese ledger export and the admin show it
    assert entry.note == "typed in English"  # what staff typed stays as typed
