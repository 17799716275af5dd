"""Compound tips are riders' word on the way in, and an approved one pays its author points:
only riders write them. A barber's operator or a reviewer on a compound guide sees whose the
tips are instead of the form; a tip sent anyway, by the page or the app, is refused with the
rider-only answer and nothing is stored. Staff change the guide itself."""

from __future__ import annotations

import pytest

from friendlystreet.accounts.access import RiderOnly
from tests.venues.factories import CompoundFactory
from venues import services
from venues.models import Tip

pytestmark = pytest.mark.django_db

TIP = "3号门骑手可以刷脸进，电动车停门右侧。"


@pytest.fixture
def compound():
    return CompoundFactory(name="成龙锦苑")


def test_a_rider_sees_the_form_and_sends_a_tip(client_for, rider, compound):
    client = client_for(rider)
    page = client.get(f"/compounds/{compound.pk}/").content.decode()
    assert 'id="tip-form"' in page and 'data-testid="tips-are-riders"' not in page

    client.post(f"/compounds/{compound.pk}/tips/", {"text": TIP, "idempotency_key": "k1"})

    assert Tip.objects.get().author == rider


@pytest.mark.parametrize("who", ["merchant_a", "reviewer", "street_admin"])
def test_a_partner_or_staff_member_is_told_whose_the_tips_are(client_for, compound, who, request):
    page = client_for(request.getfixturevalue(who)).get(f"/compounds/{compound.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    text = page.content.decode()
    assert 'id="tip-form"' not in text
    assert "贴士由最熟悉进门路线的骑手撰写，审核通过后可获得积分。" in text


def test_a_tip_sent_by_an_operator_anyway_is_refused_and_not_stored(client_for, api_for, merchant_a, compound):
    page = client_for(merchant_a).post(f"/compounds/{compound.pk}/tips/", {"text": TIP}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 403
    assert "这是骑手的页面；您的账号是合作商户账号。" in page.content.decode()

    app = api_for(merchant_a).post(f"/api/v1/compounds/{compound.pk}/tips/", {"text": TIP}, format="json")
    assert app.status_code == 403 and app.json()["code"] == "rider_only"
    assert not Tip.objects.exists()


def test_the_service_itself_refuses_a_reviewer(reviewer, compound):
    with pytest.raises(RiderOnly):
        services.tip_submit(author=reviewer, compound=compound, text=TIP)
    assert not Tip.objects.exists()
