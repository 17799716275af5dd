"""The notification settings list each person the notices that concern them: a partner
operator sees the notice about their reward proposal and none of the riders' notices; a
rider sees none of the partner's. The opening line names only the channels offered."""

from __future__ import annotations

import pytest
from django.utils import translation

from friendlystreet.notifications import kinds
from friendlystreet.notifications.models import ChannelPreference

pytestmark = pytest.mark.django_db

RIDERS_PERMS = ("points.submit_claim", "points.redeem_reward", "volunteers.join_activities", "volunteers.submit_report")


def label(code: str) -> str:
    with translation.override("zh-hans"):
        return str(kinds.get(code).label)


def riders_notices() -> list[str]:
    return [kind.code for kind in kinds.all_kinds() if kind.perm in RIDERS_PERMS]


def settings_page(client) -> str:
    response = client.get("/notifications/settings/")
    assert response.status_code == 200
    return response.content.decode()


def test_every_riders_notice_says_it_is_for_riders():
    """The riders' notices are registered with a rider's permission (the list the barber
    was shown had 15 of them)."""
    for code in (
        "points_claim_approved",
        "points_rider_verified",
        "points_voucher_expiring",
        "volunteers_grid_appointed",
        "volunteers_activity_reminder",
        "volunteers_report_updated",
    ):
        assert code in riders_notices()


def test_the_barbers_settings_list_the_proposal_notice_and_no_riders_notice(client_for, merchant_a):
    html = settings_page(client_for(merchant_a))
    assert label("points_reward_published") in html  # 我提议的奖品已上架
    for code in riders_notices():
        assert f'data-kind="{code}"' not in html
        assert label(code) not in html, code
    assert "我的积分申请获批" not in html and "我被聘为微网格员" not in html


def test_the_riders_settings_list_no_partners_notice(client_for, rider):
    html = settings_page(client_for(rider))
    assert label("points_reward_published") not in html
    assert 'data-kind="points_reward_published"' not in html
    assert label("points_claim_approved") in html and 'name="points_claim_approved__sms"' in html


def test_a_notice_that_comes_only_on_the_site_is_listed_without_boxes(client_for, merchant_a):
    html = settings_page(client_for(merchant_a))
    site_only = html[html.index('data-testid="site-only"') :].split("</fieldset>")[0]
    assert 'data-kind="points_reward_published"' in site_only and "<input" not in site_only


def intro_and_boxes(client) -> tuple[str, set[str]]:
    html = settings_page(client)
    intro = html.split('data-testid="preferences-intro">')[1].split("</p>")[0]
    return intro, {channel for channel in ("sms", "email") if f'__{channel}" id=' in html}


def test_the_page_names_only_the_channels_it_offers(client_for, rider, reviewer):
    # The riders' notices offer SMS only (a test kind elsewhere may add e-mail for everyone):
    # the opening line names e-mail exactly when there is a box for it.
    intro, boxes = intro_and_boxes(client_for(rider))
    assert "sms" in boxes and "短信" in intro
    assert ("电子邮件" in intro) == ("email" in boxes)
    # The reviewers' digest may also come by e-mail: their page offers both.
    intro, boxes = intro_and_boxes(client_for(reviewer))
    assert boxes == {"sms", "email"} and "短信或电子邮件" in intro


def test_the_barber_still_saves_their_settings(client_for, merchant_a):
    client = client_for(merchant_a)
    html = settings_page(client)
    assert 'name="privacy_deletion_scheduled__sms"' in html
    response = client.post("/notifications/settings/", {})  # every box off
    assert response.status_code == 302
    saved = set(ChannelPreference.objects.filter(user=merchant_a).values_list("kind", "channel", "enabled"))
    # Off, but the account's safety notices, which always come by SMS.
    always = {(kind.code, "sms") for kind in kinds.all_kinds() if kinds.SMS in kind.required_channels}
    assert saved and all(enabled is ((kind, channel) in always) for kind, channel, enabled in saved)
    assert not any(kind in riders_notices() for kind, _channel, _enabled in saved)
