"""A rider opens the report form and reads, under 你看到了什么？, how much to write before
sending: 至少写 4 个字（汉字、字母或数字，空格和标点不算）。 They used to learn it only from
the refusal after sending "垃圾". The help reads the rule's own minimum (reports.services), so
a changed rule changes what the form says."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from volunteers.models import Report
from volunteers.reports import services

pytestmark = pytest.mark.django_db

NEW = reverse("volunteers:report_new")


def help_under_the_description(html: str) -> str:
    found = re.search(r'<div class="helptext" id="id_description_helptext">(.*?)</div>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


def test_the_form_says_the_minimum_before_sending(rider, client_for):
    html = client_for(rider).get(NEW).content.decode()

    assert help_under_the_description(html).endswith("至少写 4 个字（汉字、字母或数字，空格和标点不算）。")
    assert 'aria-describedby="id_description_helptext"' in html


def test_in_english(rider, client_for):
    client = client_for(rider)
    client.cookies["django_language"] = "en"

    html = client.get(NEW).content.decode()

    assert help_under_the_description(html).endswith(
        "At least 4 characters: Chinese characters, letters or digits (spaces and punctuation do not count)."
    )


def test_a_changed_rule_changes_the_help_and_the_refusal_alike(rider, client_for, monkeypatch):
    monkeypatch.setattr(services, "MIN_DESCRIPTION", 6)
    client = client_for(rider)

    assert "至少写 6 个字" in help_under_the_description(client.get(NEW).content.decode())
    refused = client.post(NEW, {"category": "public_facility", "description": "路灯不亮了", "address": "龙湖小区2号门旁"})
    assert "至少写 6 个字" in refused.content.decode() and "至少 6 个字" in refused.content.decode()
    assert not Report.objects.exists()
