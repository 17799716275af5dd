"""The Chinese catalogue is complete: every message has a translation, none is a fuzzy guess."""

from __future__ import annotations

import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:  # the first block is the header
        if block.lstrip().startswith("#~"):
            continue  # obsolete
        yield block


def test_every_message_is_translated():
    untranslated = []
    for block in entries():
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, flags=re.M)
        if not strs or all(not (first + rest.replace('"', "").replace("\n", "")) for first, rest in strs):
            untranslated.append(block.splitlines()[-2][:80] if len(block.splitlines()) > 1 else block[:80])
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:5]}"


def test_no_fuzzy_translations():
    fuzzy = [b.splitlines()[1][:80] for b in entries() if re.search(r"^#,.*\bfuzzy\b", b, flags=re.M)]
    assert not fuzzy, fuzzy[:5]


def test_chinese_quotes_are_one_kind():
    """A title named in a sentence is in “…”, the mainland's quotation marks, as in the rest of
    the catalogue; a few messages had 「…」, so one merchant's counter mixed the two."""
    corner = [b.splitlines()[-1][:80] for b in entries() if re.search(r'^(msgstr|")[^\n]*[「」]', b, flags=re.M)]
    assert not corner, corner
