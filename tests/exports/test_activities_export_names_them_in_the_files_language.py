"""The activities export names each activity in the file's language, as the vouchers export
names the reward and the English ledger the activity a check-in paid for (Activity.label()):
an English file says "Fire-lane patrol", the English title staff gave it, where it said
锦绣天府小区消防通道巡查 in a file otherwise in English. A Chinese file, and an activity
without an English title, keep the Chinese one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.exports.conftest import local, read_rows
from tests.volunteers.factories import ActivityFactory

pytestmark = pytest.mark.django_db

START = local(2025, 3, 10, 14, 0)


@pytest.fixture
def patrols():
    ActivityFactory(
        title="锦绣天府小区消防通道巡查", title_en="Fire-lane patrol", starts_at=START, ends_at=START + timedelta(hours=2)
    )
    ActivityFactory(title="成龙路清洁", starts_at=START + timedelta(days=1), ends_at=START + timedelta(days=1, hours=2))


def titles(rows: list[list]) -> list[str]:
    return [row[1] for row in rows[1:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_english_file_names_the_activity_by_its_english_title(fmt, reviewer, export_as, patrols):
    rows = read_rows(export_as(reviewer, "activities", fmt, language="en"))

    assert rows[0][1] == "Title"
    assert titles(rows) == ["Fire-lane patrol", "成龙路清洁"]  # no English title: the Chinese one


def test_a_chinese_file_keeps_the_chinese_titles(reviewer, export_as, patrols):
    rows = read_rows(export_as(reviewer, "activities", "csv", language="zh-hans"))

    assert titles(rows) == ["锦绣天府小区消防通道巡查", "成龙路清洁"]
