"""A reviewer's morning starts on /home/ (where signing in lands): its buttons read
待审核的积分申请: 2, an English colon and space inside Chinese. They now read
待审核的积分申请：2, as the dashboard and the morning SMS write it; English keeps "Pending claims: 2"."""

from __future__ import annotations

import re

import pytest

from tests.points.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def work_buttons(html: str) -> list[str]:
    block = re.search(r'<ul class="big-links" id="home-work".*?</ul>', html, flags=re.S)
    assert block, "the reviewer's home lists today's work"
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in re.findall(r"<li>(.*?)</li>", block.group(0), re.S)]


def test_the_reviewers_home_writes_the_counts_the_chinese_way(client_for, reviewer, rider):
    ClaimFactory(rider=rider)
    ClaimFactory(rider=rider)

    buttons = work_buttons(client_for(reviewer).get("/home/").content.decode())

    assert "待审核的积分申请：2" in buttons
    assert not [b for b in buttons if ": " in b], buttons


def test_in_english_the_counts_follow_a_colon(client_for, reviewer, rider):
    ClaimFactory(rider=rider)
    staff = client_for(reviewer)
    staff.cookies["django_language"] = "en"

    buttons = work_buttons(staff.get("/home/").content.decode())

    assert "Pending claims: 1" in buttons
