"""Staff answer a report. Since riders who said "me too" are told of its resolution with the street
office's note (ede1571), strangers to the reporter read that note too; the form said only that
the reporter reads it, so staff wrote 王师傅，您反映的路灯… Its help text now says who else reads
it and not to name the reporter, on a line of its own, in Chinese and in English."""

from __future__ import annotations

import pytest
from django.urls import reverse

from volunteers.reports.services import report_submit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh-hans", "办结时，点了“我也看到了”的骑手（看到同一问题的人）也会看到这段说明：请勿写出上报人的姓名或身份。"),
        (
            "en",
            "When it is resolved, the riders who said “me too” (they saw the same problem) read it too: "
            "do not name the reporter or say who they are.",
        ),
    ],
)
def test_the_note_says_that_riders_who_saw_it_too_read_it(client_for, reviewer, rider, language, said):
    report = report_submit(rider=rider, category="public_facility", description="路灯坏了三天", lat=30.6085, lng=104.1255).report
    staff = client_for(reviewer)
    staff.cookies["django_language"] = language

    response = staff.get(reverse("volunteers:staff_report_detail", args=[report.pk]))

    assert response.status_code == 200
    help_text = response.content.decode().split('data-testid="note-help">', 1)[1].split("</div>", 1)[0]
    assert f"<br>{said}" in help_text  # a line of its own, after what the reporter reads
