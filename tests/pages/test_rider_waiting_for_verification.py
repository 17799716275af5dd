"""A rider waiting for verification knows where they stand: once the screenshot is in, the home
page says so (with the date) and how long the street office usually takes, and keeps a small
"upload again"; the points and rewards pages say that claiming and redeeming open after
verification. A verified rider reads none of this. And the landing page's cards all lead on."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from friendlystreet.accounts.models import Verification
from tests.factories import RiderFactory
from tests.points.factories import image_bytes

pytestmark = pytest.mark.django_db

NOTE = "街道办完成认证后，您即可申请和兑换积分。"


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def newcomer(db):
    return RiderFactory(verification=Verification.UNVERIFIED)


def test_before_the_screenshot_the_home_page_asks_for_it(client_for, newcomer):
    panel = section(client_for(newcomer).get("/home/").content.decode(), "home-verification")

    assert "请上传您配送平台个人主页的截图" in panel
    assert "已收到您的截图" not in panel


def test_after_the_screenshot_the_home_page_says_it_arrived_and_how_long_verification_takes(client_for, newcomer):
    client = client_for(newcomer)
    sent = client.post(
        "/profile/evidence/", {"evidence": SimpleUploadedFile("me.jpg", image_bytes("JPEG"), content_type="image/jpeg")}
    )
    assert sent.status_code == 302

    panel = section(client.get("/home/").content.decode(), "home-verification")

    today = timezone.localdate().strftime("%Y-%m-%d")
    assert f"已收到您的截图（{today}），街道办一般在几个工作日内完成认证。" in panel
    assert "请上传您配送平台个人主页的截图" not in panel and "重新上传截图" not in panel
    again = re.search(r'<a href="/profile/evidence/" data-testid="evidence-again">(.*?)</a>', panel).group(1)
    assert again == "重新上传"
    assert 'class="button"' not in panel  # a small link now, not the big button


def test_a_rejected_rider_is_still_asked_for_a_new_screenshot(client_for, newcomer):
    client = client_for(newcomer)
    client.post("/profile/evidence/", {"evidence": SimpleUploadedFile("me.jpg", image_bytes("JPEG"), content_type="image/jpeg")})
    newcomer.verification, newcomer.verification_note = Verification.REJECTED, "截图看不清"
    newcomer.save(update_fields=["verification", "verification_note"])

    panel = section(client.get("/home/").content.decode(), "home-verification")

    assert "截图看不清" in panel and "重新上传截图" in panel and "已收到您的截图" not in panel


@pytest.mark.parametrize("url", ["/points/", "/rewards/"])
def test_an_unverified_rider_is_told_claiming_and_redeeming_open_after_verification(client_for, newcomer, url):
    page = client_for(newcomer).get(url).content.decode()

    assert page.count(NOTE) == 1


@pytest.mark.parametrize("url", ["/points/", "/rewards/"])
def test_a_verified_rider_and_a_visitor_read_no_such_note(client_for, rider, url):
    assert NOTE not in client_for(rider).get(url).content.decode()
    if url == "/rewards/":  # public
        assert NOTE not in client_for(None).get(url).content.decode()


def test_every_card_of_the_landing_page_leads_somewhere(client):
    page = client.get("/").content.decode()

    cards = re.findall(r'<article class="card">(.*?)</article>', page, re.S)
    assert len(cards) == 5
    assert all("<a href=" in card for card in cards), [c[:60] for c in cards if "<a href=" not in c]
    assert '<a href="/venues/" data-testid="landing-venues">查看阵地地图</a>' in page
    assert '<a href="/points/how-to-earn/" data-testid="landing-how-to-earn">如何赚积分</a>' in page


def test_a_rider_waiting_for_verification_is_offered_no_rewards_yet(client_for, newcomer):
    """Redeeming opens with verification: the home shows the balance, not "20 points to go"."""
    from tests.points.rewards.factories import RewardFactory, give_points

    RewardFactory(title="免费快剪一次", cost=80)
    give_points(newcomer, 60)

    panel = section(client_for(newcomer).get("/home/").content.decode(), "home-balance")

    assert 'data-testid="home-balance-figure">60<' in panel
    assert 'data-testid="home-reward"' not in panel
