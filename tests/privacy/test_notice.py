"""The privacy notice names each right with a link, and every link works."""

from __future__ import annotations

import re

from django.urls import resolve


def test_every_right_the_notice_names_has_a_working_url(client, client_for, rider):
    page = client.get("/privacy/").content.decode()
    rights = page[page.index('id="rights"') : page.index("</ul>", page.index('id="rights"'))]
    links = re.findall(r'href="([^"]+)"', rights)
    assert {"/profile/data/", "/profile/delete/"} <= set(links)
    signed_in = client_for(rider)
    for link in links:
        resolve(link)
        assert signed_in.get(link).status_code == 200, link


def test_the_notice_says_how_long_photos_are_kept(client, settings):
    settings.PRIVACY_PHOTO_RETENTION_DAYS = 90
    assert "90" in client.get("/privacy/").content.decode()


def test_the_notice_says_how_long_the_verification_screenshot_is_kept(client, settings):
    settings.PRIVACY_EVIDENCE_RETENTION_DAYS = 21
    page = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    line = page[page.index('id="retention-evidence"') : page.index("</li>", page.index('id="retention-evidence"'))]
    assert "您的平台资料截图" in line and "21 天后删除" in line


def test_the_profile_links_to_download_and_delete(client_for, rider):
    page = client_for(rider).get("/profile/").content.decode()
    assert 'href="/profile/data/"' in page and 'href="/profile/delete/"' in page
