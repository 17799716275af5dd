"""A rider deciding whether to sign up reads the points rules (public review #10): how points
are earned, that they do not expire, the monthly limits, how long a voucher lasts and what
happens to points when an account is deleted; the figures are the ones the code applies, and
every page's footer links the rules."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def rules(client) -> str:
    response = client.get("/points/rules/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"', 1)[1].split("</section>", 1)[0]


def test_a_visitor_reads_the_points_rules(client):
    page = rules(client)

    assert "<h1>积分规则</h1>" in page
    assert "积分不会过期" in section(page, "rules-validity")
    redeeming = section(page, "rules-redeeming")
    assert "只有通过街道办认证的骑手才能兑换" in redeeming and "每人每个自然月" in redeeming and 'href="/rewards/"' in redeeming
    vouchers = section(page, "rules-vouchers")
    assert "到期没有使用的兑换券会作废，积分自动退回" in vouchers and "使用之前可以退回" in vouchers
    assert 'href="/points/how-to-earn/"' in section(page, "rules-earning")


def test_the_figures_are_the_ones_the_site_applies(client, settings):
    settings.POINTS_CLAIM_WINDOW_DAYS = 14
    settings.PRIVACY_DELETION_COOLING_OFF_DAYS = 10

    page = rules(client)

    assert "最近 14 天内" in section(page, "rules-earning")
    deleting = section(page, "rules-deleting")
    assert "10 天冷静期" in deleting and "重新登录即取消注销" in deleting
    assert "积分任何人都不能再使用" in deleting and 'href="/privacy/"' in deleting


def test_the_rules_are_in_english_too(client):
    client.cookies["django_language"] = "en"
    page = rules(client)
    assert "Points do not expire" in page and "last 30 days" in page


def test_every_pages_footer_links_the_rules(client):
    for url in ("/", "/venues/", "/points/how-to-earn/"):
        footer = client.get(url).content.decode().split('<footer class="footer">', 1)[1]
        assert '<a href="/points/rules/" data-testid="footer-points-rules">积分规则</a>' in footer, url
