"""The voucher page is what a rider shows at the counter: it says what they get (the
reward's own text), where and when to go (address, opening hours), how it is used, and
follows the counter's confirmation (tests/browser/test_points_polish_voucher.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from points.rewards import services
from tests.html import text_of
from tests.points.rewards.factories import RewardFactory, issue
from tests.venues.factories import VenueFactory
from venues.models import VenueKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def haircut(merchant_a):
    shop = VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT, address="成龙大道二段88号", hours="Mo-Sa 09:00-21:00")
    shop.hours_note = "周日休息"
    shop.save(update_fields=["hours_note"])
    shop.operators.add(merchant_a)
    return RewardFactory(venue=shop, title="免费快剪一次", cost=80, description="含洗剪吹。建议14:00-17:00错峰时段到店。")


def test_the_voucher_says_what_where_when_and_how(rich_rider, haircut, client_for):
    voucher = issue(rich_rider, haircut)

    html = client_for(rich_rider).get(f"/vouchers/{voucher.code}/").content.decode()

    assert text_of(html, "reward-description") == "含洗剪吹。建议14:00-17:00错峰时段到店。"
    assert text_of(html, "venue-address") == "成龙大道二段88号"
    hours = text_of(html, "venue-hours")
    assert "09:00–21:00" in hours and "周日休息" in hours
    how = text_of(html, "voucher-how")
    assert how.startswith("到王师傅理发店后，在柜台出示此二维码") and how.endswith(
        f"请在 {timezone.localtime(voucher.expires_at):%Y-%m-%d %H:%M} 前使用。"
    )
    # It asks the API whether it was confirmed meanwhile (static/js/points.js).
    assert f'data-poll-url="/api/v1/vouchers/{voucher.code}/"' in html and "js/points.js" in html


def test_a_used_voucher_says_where_and_when_and_is_no_longer_followed(rich_rider, haircut, merchant_a, client_for):
    voucher = issue(rich_rider, haircut)
    services.voucher_confirm(operator=merchant_a, code=voucher.code)
    voucher.refresh_from_db()

    html = client_for(rich_rider).get(f"/vouchers/{voucher.code}/").content.decode()

    assert text_of(html, "voucher-status") == "已使用"
    assert text_of(html, "voucher-used") == f"已于 {timezone.localtime(voucher.redeemed_at):%Y-%m-%d %H:%M} 在王师傅理发店使用。"
    assert "data-poll-url" not in html and 'data-testid="voucher-how"' not in html and 'data-testid="voucher-qr"' not in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "星期一–星期五 10:00–14:00，17:00–20:30；星期六 24小时；星期日休息 · 春节休息三天"),
        ("en", "Mon–Fri 10:00–14:00, 17:00–20:30; Sat 24 hours; Sun closed · 春节休息三天"),
    ],
)
def test_the_vouchers_hours_name_the_closed_day_in_the_pages_punctuation(rich_rider, merchant_a, client_for, language, expected):
    """Onboarding review #7: "星期一–星期五 10:00–20:30; 星期六 24小时" left Sunday out, so a rider
    holding a 7-day voucher might go on Sunday, and its "; " was English in a Chinese line."""
    shop = VenueFactory(name="老街牛肉面馆", kind=VenueKind.MERCHANT, hours="Mo-Fr 10:00-14:00,17:00-20:30; Sa 24h; Su off")
    shop.hours_note = "春节休息三天"
    shop.save(update_fields=["hours_note"])
    shop.operators.add(merchant_a)
    voucher = issue(rich_rider, RewardFactory(venue=shop, title="免费牛肉面一碗", cost=50))
    client = client_for(rich_rider)
    client.cookies["django_language"] = language

    html = client.get(f"/vouchers/{voucher.code}/").content.decode()

    assert text_of(html, "venue-hours") == expected
