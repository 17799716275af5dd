"""The claim form explains itself before it is sent: points with their unit in Chinese, a
prompt instead of "---------", the photo requirement up front; "How to earn" gives each rule
its own "claim this" button that preselects it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def options(html: str) -> list[str]:
    select = html.split('<select name="rule"')[1].split("</select>")[0]
    return [o.split(">", 1)[1].split("</option>")[0] for o in select.split("<option")[1:]]


def test_options_read_points_and_their_unit_in_chinese(client_for, rider, rule, hourly_rule):
    texts = options(client_for(rider).get("/points/claims/new/").content.decode())
    assert texts[0] == "请选择"
    # Chinese brackets in Chinese text; the category is the option's group (a phone's closed select is narrow).
    assert f"{rule.name}（{rule.points} 积分/次）" in texts
    assert f"{hourly_rule.name}（{hourly_rule.points} 积分/小时）" in texts
    assert not any("---" in t for t in texts)


def test_a_rule_that_needs_a_photo_says_so_before_sending(client_for, rider, photo_rule):
    html = client_for(rider).get("/points/claims/new/").content.decode()
    assert f'value="{photo_rule.pk}" data-hour="" data-photo="1" data-facts="50 积分/次 · 需要照片"' in html
    assert 'id="photo-needed"' in html and "hidden" in html.split('data-testid="photo-needed"')[1].split(">")[0]


def test_claim_this_preselects_the_rule_and_shows_its_photo_note(client_for, rider, rule, photo_rule):
    client = client_for(rider)
    earn = client.get("/points/how-to-earn/").content.decode()
    assert f'href="/points/claims/new/?rule={photo_rule.pk}"' in earn
    assert earn.count('data-testid="claim-this"') == 2
    html = client.get(f"/points/claims/new/?rule={photo_rule.pk}").content.decode()
    assert f'value="{photo_rule.pk}" data-hour="" data-photo="1" data-facts="50 积分/次 · 需要照片" selected' in html
    assert "hidden" not in html.split('data-testid="photo-needed"')[1].split(">")[0]


def test_a_bad_rule_in_the_address_selects_nothing(client_for, rider, rule):
    html = client_for(rider).get("/points/claims/new/?rule=x<b>").content.decode()
    assert " selected" not in html.split('<select name="rule"')[1].split("</select>")[0]
