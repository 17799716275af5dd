"""如何赚积分 for a rider who has signed up and waits for verification: the "How to join" steps
sent them to 注册 again (the sign-up page turns a signed-in rider back home) and to 上传截图
when the street office already had their screenshot. The steps they have done now say so."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db


def join_steps(client) -> str:
    html = client.get("/points/how-to-earn/").content.decode()
    start = html.index('data-testid="join-steps"')
    return html[start : html.index("</section>", start)]


def test_a_rider_waiting_for_verification_is_not_asked_to_sign_up_again(client_for, rule):
    steps = join_steps(client_for(RiderFactory(verification="unverified")))

    assert 'href="/accounts/signup/"' not in steps
    assert "✓ 您已注册。" in steps
    assert ">上传截图<" in steps


def test_a_rider_whose_screenshot_arrived_is_told_it_is_waiting(client_for, rule):
    rider = RiderFactory(verification="unverified")
    rider.verification_evidence = SimpleUploadedFile("me.jpg", b"x", content_type="image/jpeg")
    rider.save()

    steps = join_steps(client_for(rider))

    assert ">已收到截图，等待街道办认证<" in steps
    assert ">上传截图<" not in steps


def test_a_refused_rider_is_asked_for_a_new_screenshot(client_for, rule):
    steps = join_steps(client_for(RiderFactory(verification="rejected")))

    assert ">重新上传截图<" in steps


def test_a_visitor_still_gets_the_sign_up_link(client, rule):
    steps = join_steps(client)

    assert 'href="/accounts/signup/"' in steps
    assert "您已注册" not in steps
