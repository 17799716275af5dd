"""A rider who reads English sees the party badge as "Party member" (its English label), so the
pages about it name it so: "the “Party member” badge", not "the 党员 badge", which an English
reader cannot match with anything on their pages. In Chinese it stays the “党员”标识."""

from __future__ import annotations

import re

import pytest

from volunteers import services
from volunteers.selectors import PARTY

pytestmark = pytest.mark.django_db

BRANCH = "成龙路街道新就业群体联合党支部"


def main_of(client, path: str, language: str) -> str:
    client.post("/notifications/language/", {"language": language, "next": path})
    html = client.get(path).content.decode()
    return re.search(r"<main.*?</main>", html, re.S).group(0)


def test_an_english_reader_reads_the_badges_english_name_where_they_consent_to_it(client_for, rider):
    page = main_of(client_for(rider), "/profile/party/", "en")
    assert str(PARTY.label) == "Party member"
    assert "a “Party member” badge on my own pages" in page
    assert "党员" not in page


def test_an_english_reader_sees_the_badges_english_name_once_it_is_confirmed(client_for, rider, street_admin):
    services.party_confirm(actor=street_admin, declaration=services.party_declare(rider=rider, organisation=BRANCH, consent=True))
    client = client_for(rider)
    assert "the “Party member” badge is shown" in main_of(client, "/profile/party/", "en")
    profile = main_of(client, "/profile/", "en")
    assert "confirmed, the “Party member” badge is shown" in profile
    assert "党员 badge" not in profile


def test_a_chinese_reader_still_reads_the_dangyuan_badge(client_for, rider):
    assert "“党员”标识" in main_of(client_for(rider), "/profile/party/", "zh-hans")
