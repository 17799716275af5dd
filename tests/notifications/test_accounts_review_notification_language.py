"""The notification settings say truly which language the notices are written in (accounts
review, December 2026): to a rider who never chose one, reading the site in English, it said
"written in Simplified Chinese, your account's language" while 我的资料 said the language was
not chosen; now it says the site's language is used because none was chosen."""

from __future__ import annotations

import pytest

from tests.html import text_of

pytestmark = pytest.mark.django_db


def line_of(client, language: str) -> str:
    page = client.get("/notifications/settings/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return text_of(page, "notification-language")


def test_a_rider_who_never_chose_is_told_the_site_language_is_used(client_for, rider):
    rider.language = ""
    rider.save(update_fields=["language"])
    client = client_for(rider)

    english = line_of(client, "en")
    assert "Simplified Chinese" in english and "as you have not chosen one" in english
    assert "your account" not in english
    assert "您尚未选择语言" in line_of(client, "zh-hans")


def test_a_rider_who_chose_is_told_it_is_their_account_language(client_for, rider):
    rider.language = "en"
    rider.save(update_fields=["language"])

    line = line_of(client_for(rider), "en")

    assert "English, your account" in line
    assert "not chosen" not in line
