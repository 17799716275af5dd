"""A reviewer ticks three reports in 治理线索, types the original's number with a slip (#999 for
#9) and a note for the reporters, and presses 标记为重复. The list came back with “没有编号为 #999 的线索。”
and nothing ticked, no number, no note: the three had to be found and ticked again and the note
typed again. Now the list keeps the ticks, the number and the note (once), and nothing changed."""

from __future__ import annotations

import re

import pytest

from tests.volunteers.test_report_review_duplicates import a_report
from volunteers.models import Report

pytestmark = pytest.mark.django_db

LIST = "/staff/reports/"
S = Report.Status


def ticked(html: str) -> set[int]:
    boxes = re.findall(r'<input type="checkbox" name="ids" value="(\d+)"[^>]*>', html)
    tags = re.findall(r'<input type="checkbox" name="ids" value="\d+"[^>]*>', html)
    return {int(number) for number, tag in zip(boxes, tags, strict=True) if re.search(r"\bchecked\b", tag)}


def box_value(html: str, box_id: str) -> str:
    tag = re.search(rf'<input [^>]*id="{box_id}"[^>]*>', html)
    assert tag, f"the list has its {box_id} box"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def test_a_slip_in_the_originals_number_keeps_the_ticks_and_the_note(client_for, reviewer, rider, other_rider):
    first, second, third = (a_report(rider if n % 2 else other_rider) for n in range(3))
    staff = client_for(reviewer)

    response = staff.post(
        "/staff/reports/duplicates/",
        {"ids": [first.pk, third.pk], "duplicate_of": 999, "note": "同一处井盖，已在处理", "next": LIST},
        follow=True,
    )

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == LIST
    assert "没有编号为 #999 的线索。" in html
    assert ticked(html) == {first.pk, third.pk}
    assert box_value(html, "bulk-original") == "999"
    assert box_value(html, "bulk-note") == "同一处井盖，已在处理"
    for report in (first, second, third):
        report.refresh_from_db()
        assert report.status == S.SUBMITTED and report.duplicate_of_id is None

    # Once: the next visit of the list starts clean.
    again = staff.get(LIST).content.decode()
    assert ticked(again) == set()
    assert box_value(again, "bulk-note") == ""


def test_pressing_it_with_nothing_ticked_keeps_the_number_and_the_note(client_for, reviewer, rider):
    original, other = a_report(rider), a_report(rider)
    staff = client_for(reviewer)

    response = staff.post(
        "/staff/reports/duplicates/", {"duplicate_of": original.pk, "note": "同一处井盖", "next": LIST}, follow=True
    )

    html = response.content.decode()
    assert ticked(html) == set()
    assert box_value(html, "bulk-original") == str(original.pk)
    assert box_value(html, "bulk-note") == "同一处井盖"
    other.refresh_from_db()
    assert other.status == S.SUBMITTED
