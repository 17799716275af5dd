"""A rider sends the claim form empty (the browser's own check bypassed, as an old phone or an app
view may) and read Django's 这个字段是必填项。 / This field is required. under 您做了什么？. The
report form says what is missing in its own words (请选择问题类型); now the claim form does too,
under each field: 请选择您做了什么。, 请填写次数或小时数。, 请填写发生时间。"""

from __future__ import annotations

import re

import pytest

from points.models import Claim

pytestmark = pytest.mark.django_db

NEW = "/points/claims/new/"
EMPTY = {"rule": "", "quantity": "", "occurred_at": "", "description": "", "location": ""}


def errors_under(html: str) -> dict[str, list[str]]:
    """Each field's errors as the page lists them under it."""
    found = re.findall(r'<ul class="errorlist" id="id_(\w+)_error">(.*?)</ul>', html, re.S)
    return {field: re.findall(r"<li>(.*?)</li>", items) for field, items in found}


def test_an_empty_claim_says_what_is_missing_in_the_sites_words(client_for, rider, rule):
    html = client_for(rider).post(NEW, EMPTY).content.decode()

    assert errors_under(html) == {
        "rule": ["请选择您做了什么。"],
        "quantity": ["请填写次数或小时数。"],
        "occurred_at": ["请填写发生时间。"],
    }
    assert "这个字段是必填项" not in html
    assert not Claim.objects.exists()


def test_in_english(client_for, rider, rule):
    client = client_for(rider)
    client.cookies["django_language"] = "en"

    html = client.post(NEW, EMPTY).content.decode()

    assert errors_under(html) == {
        "rule": ["Choose what you did."],
        "quantity": ["Enter how many times or hours."],
        "occurred_at": ["Enter when it happened."],
    }
    assert "This field is required" not in html
