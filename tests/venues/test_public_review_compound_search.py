"""A rider searches the compound guides for a name that is not there: the page said 暂无小区指南
(no guide yet), as if the street had none, and offered no way back. It now says that nothing
matches what was typed, and links to every guide."""

from __future__ import annotations

import pytest

from tests.html import text_of
from tests.venues.factories import CompoundFactory

pytestmark = pytest.mark.django_db


def test_a_search_that_finds_no_compound_says_so_and_leads_back_to_all_guides(client):
    CompoundFactory(name="锦绣天府小区")

    page = client.get("/compounds/", {"q": "龙湖"}).content.decode()

    assert text_of(page, "no-compounds") == "没有找到与“龙湖”相符的小区指南。 全部小区指南"
    assert 'href="/compounds/" data-testid="all-compounds"' in page
    assert "暂无小区指南" not in page


def test_without_a_search_an_empty_list_says_there_is_no_guide_yet(client):
    page = client.get("/compounds/").content.decode()

    assert text_of(page, "no-compounds") == "暂无小区指南。"
    assert 'data-testid="all-compounds"' not in page
