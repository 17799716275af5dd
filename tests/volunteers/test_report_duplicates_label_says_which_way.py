"""Report #5's page listed #6 under 与之重复的线索 ("a report duplicating with it"), which reads
both ways: a reviewer could take #5 for the duplicate of #6, and answer the wrong one. The
original now lists them as 并入本线索的重复线索 (the duplicates merged into this one), and the
duplicate still says 重复于 #5."""

from __future__ import annotations

import re

import pytest

from tests.volunteers.test_report_review_duplicates import a_report
from volunteers.models import Report

pytestmark = pytest.mark.django_db

S = Report.Status


def facts(html: str) -> dict[str, str]:
    """The report's facts as read: each <dt> with the text of its <dd>."""
    pairs = re.findall(r"<dt>([^<]*)</dt>\s*<dd[^>]*>(.*?)</dd>", html, flags=re.S)
    return {term.strip(): re.sub(r"<[^>]+>", "", value).strip() for term, value in pairs}


def test_the_original_says_which_reports_were_merged_into_it(client_for, reviewer, rider, other_rider):
    original = a_report(rider, S.ACCEPTED)
    duplicate = a_report(other_rider, S.DUPLICATE, duplicate_of=original)
    staff = client_for(reviewer)

    on_original = facts(staff.get(f"/staff/reports/{original.pk}/").content.decode())
    on_duplicate = facts(staff.get(f"/staff/reports/{duplicate.pk}/").content.decode())

    assert on_original.get("并入本线索的重复线索") == f"#{duplicate.pk}"
    assert "与之重复的线索" not in on_original
    assert on_duplicate.get("重复于") == f"#{original.pk}"
