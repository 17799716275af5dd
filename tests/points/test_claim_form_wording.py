"""The claim form from a rider's review: the quantity is asked as hours or times for the
chosen rule (as the claim's page will say it), the photo limit (8 MB) is said before the
upload, and a rejected claim offers 重新申请 with its rule, time and words filled in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from points import services
from points.models import Claim
from tests.html import text_of
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def form(client, query: str = "") -> str:
    return client.get(f"/points/claims/new/{query}").content.decode()


def test_the_quantity_is_asked_as_hours_or_times_for_the_chosen_rule(client_for, rider, rule, hourly_rule):
    client = client_for(rider)

    hours = form(client, f"?rule={hourly_rule.pk}")
    times = form(client, f"?rule={rule.pk}")
    neither = form(client)

    assert (text_of(hours, "quantity-label"), text_of(hours, "quantity-help")) == (
        "时长（小时）",
        "以半小时为单位，0.5 至 24 小时。",
    )
    assert (text_of(times, "quantity-label"), text_of(times, "quantity-help")) == ("次数", "整数，1 至 10 次。")
    assert text_of(neither, "quantity-label") == "次数 / 小时数"
    # The script switches them when the rider chooses another rule.
    assert 'data-hours="时长（小时）" data-times="次数"' in neither


def test_the_photo_limit_is_said_before_the_upload(client_for, rider, rule):
    help_text = text_of(form(client_for(rider)), "photos-help").replace("\xa0", " ")  # 8.0 MB does not break
    assert help_text == "最多 3 张照片（JPEG、PNG 或 WebP），每张不超过 8.0 MB。照片中的位置信息会被删除。"


def test_a_rejected_claim_is_sent_again_from_its_own_details(client_for, rider, reviewer, photo_rule, jpeg):
    occurred = (timezone.localtime() - timedelta(days=2, hours=3)).replace(second=0, microsecond=0)
    rejected = ClaimFactory(
        rider=rider, rule=photo_rule, occurred_at=occurred, description="捡到钱包交还失主", location="成龙大道"
    )
    services.claim_reject(actor=reviewer, claim=rejected, reason="请补充现场照片后重新申请")
    client = client_for(rider)

    page = client.get(f"/points/claims/{rejected.pk}/").content.decode()
    again = page.split('data-testid="claim-again"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert again == f"/points/claims/new/?again={rejected.pk}"
    assert text_of(page, "claim-again") == "重新申请"

    html = client.get(again).content.decode()
    assert f'value="{photo_rule.pk}" data-hour="" data-photo="1" data-facts="50 积分/次 · 需要照片" selected' in html
    assert f'value="{occurred:%Y-%m-%dT%H:%M}"' in html and ">捡到钱包交还失主</textarea>" in html and 'value="成龙大道"' in html
    assert "请补充现场照片后重新申请" in text_of(html, "claim-again-note")

    sent = client.post(
        "/points/claims/new/",
        {
            "rule": photo_rule.pk,
            "quantity": "1",
            "occurred_at": f"{occurred:%Y-%m-%dT%H:%M}",
            "description": "捡到钱包交还失主",
            "location": "成龙大道",
            "photos": [jpeg()],
        },
    )
    assert sent.status_code == 302
    new = Claim.objects.exclude(pk=rejected.pk).get(rider=rider)
    assert (new.status, new.rule, new.occurred_at, new.photos.count()) == ("pending", photo_rule, occurred, 1)


def test_only_ones_own_rejected_claim_fills_the_form(client_for, rider, other_rider, reviewer, rule):
    pending = ClaimFactory(rider=rider, rule=rule, description="我的")
    theirs = services.claim_reject(
        actor=reviewer, claim=ClaimFactory(rider=other_rider, rule=rule, description="别人的"), reason="不符"
    )
    client = client_for(rider)

    for pk in (pending.pk, theirs.pk, "x"):
        html = form(client, f"?again={pk}")
        assert 'data-testid="claim-again-note"' not in html and "别人的" not in html and ">我的</textarea>" not in html
    assert 'data-testid="claim-again"' not in client.get(f"/points/claims/{pending.pk}/").content.decode()
