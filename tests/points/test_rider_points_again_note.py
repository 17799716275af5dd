"""A rider taps 重新申请 on a rejected claim: the note above the form asks them to choose the photos
again only when that claim had photos (a claim without any read 重新选择照片后提交 too)."""

from __future__ import annotations

import re

import pytest

from points.models import Claim, ClaimPhoto
from tests.html import text_of
from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def note_after_claim_again(client, claim: Claim) -> str:
    page = client.get(f"/points/claims/{claim.pk}/").content.decode()
    again = re.search(r'href="([^"]+)" data-testid="claim-again"', page).group(1).replace("&amp;", "&")
    form = client.get(again).content.decode()
    return text_of(form, "claim-again-note")


def test_the_note_asks_for_photos_only_when_the_claim_had_some(client_for, rider, rule):
    client = client_for(rider)
    without = ClaimFactory(rider=rider, rule=rule, status=Claim.Status.REJECTED, reason="请补充地点。")
    with_photo = ClaimFactory(rider=rider, rule=rule, status=Claim.Status.REJECTED, reason="照片看不清。")
    ClaimPhoto.objects.create(claim=with_photo, image="claims/x.jpg", token="t", content_type="image/jpeg")

    assert note_after_claim_again(client, without) == (
        f"已按您未通过的第 {without.pk} 号申请填好。审核意见：“请补充地点。”请补充所要求的内容后提交。"
    )
    assert note_after_claim_again(client, with_photo) == (
        f"已按您未通过的第 {with_photo.pk} 号申请填好。审核意见：“照片看不清。”请补充所要求的内容，重新选择照片后提交。"
    )
