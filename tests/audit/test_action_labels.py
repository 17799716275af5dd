"""Every action the services write reaches the audit trail in words: a street admin reads
台账已生成 · 台账 积分流水, never `ledgers.export` or `ledger`."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from friendlystreet.audit.selectors import ACTION_LABELS
from friendlystreet.ledgers.services import export_request
from friendlystreet.privacy import access

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "migrations", "node_modules", ".git", "bench"}
# `action="app.what"` in a call of audit_record(); an f-string's codes are checked where they
# are built (volunteers' report and team states are listed in ACTION_LABELS one by one).
WRITTEN = re.compile(r"action=([^,\n)]*)")  # the argument, up to the next one
CODE = re.compile(r'"([a-z_]+\.[a-z_.]+)"')


def codes_written() -> set[str]:
    found = {access.EXPORT_WITH_PERSONAL_DATA}
    for path in ROOT.rglob("*.py"):
        if SKIP.intersection(path.relative_to(ROOT).parts):
            continue
        for call in WRITTEN.findall(path.read_text(encoding="utf-8")):
            found.update(code for code in CODE.findall(call) if not code.endswith("_"))
    return found


def test_every_action_the_code_writes_has_a_label():
    written = codes_written()
    assert "ledgers.export" in written and "points.claim_approved" in written  # the scan finds them
    assert sorted(code for code in written if code not in ACTION_LABELS) == []


@pytest.mark.django_db
def test_an_export_reads_in_chinese_on_the_audit_trail(client_for, street_admin):
    export_request(owner=street_admin, kind="ledger", fmt="csv", start=date(2026, 11, 1), end=date(2026, 11, 30))

    body = client_for(street_admin).get("/staff/audit/").content.decode()

    # The entries as read (the object-type filter names each model with its code, on purpose).
    entries = re.sub(r"<select.*?</select>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", entries)
    assert "台账已生成" in text and "积分流水" in text
    assert "ledgers.export" not in text and " ledger " not in text


def test_a_persons_name_reads_姓名_not_名称():
    """名称 names things (a venue, a rule); the trail says which of a person's fields was seen."""
    from django.utils import translation

    from friendlystreet.audit.selectors import entry_changes

    with translation.override("zh-hans"):
        (change,) = entry_changes({"fields": ["display_name"]}, "accounts.user")
        assert change.after == "姓名"
