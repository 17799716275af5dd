"""The menu's 治理线索 badge counts the *new* reports (已提交: 4), but the page it opens lists every
open one (治理线索 (8)): a reviewer who clicked the badge looked for "the 4" among 8. The list now
says above its rows how many are new and links to the list of exactly those, the link of the
dashboard's card. The number is the badge's own (staff/base.html counts it now on this page), so
the two never disagree and the page runs no query more (staffmorning finding 17)."""

from __future__ import annotations

import re

import pytest

from friendlystreet.dashboard import queues
from tests.dashboard.helpers import badge
from tests.factories import RiderFactory
from volunteers.models import Report, ReportUpdate

pytestmark = pytest.mark.django_db

S = Report.Status
LIST = "/staff/reports/"


def a_report(status: str) -> Report:
    report = Report.objects.create(
        reporter=RiderFactory(),
        status=status,
        category="sanitation",
        description="消防通道旁堆满了装修垃圾",
        address="成龙路168号",
    )
    ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=report.reporter)
    return report


@pytest.fixture
def monday_morning(db):
    """4 reports came in over the weekend; 4 more were accepted last week and are still open."""
    return [a_report(S.SUBMITTED) for _ in range(4)] + [a_report(S.ACCEPTED) for _ in range(4)]


def heading_count(html: str) -> int:
    return int(re.search(r'id="report-count">\((\d+)\)<', html).group(1))


def new_note(html: str) -> str:
    """The line about the new reports, its text without tags ("" when there is none)."""
    found = re.search(r'<p class="notice" data-testid="new-reports">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


def new_link(html: str) -> str:
    note = re.search(r'<p class="notice" data-testid="new-reports">(.*?)</p>', html, re.S).group(1)
    return re.search(r'<a href="([^"]+)">', note).group(1).replace("&amp;", "&")


def test_the_reviewer_who_clicks_the_badge_reads_how_many_of_the_list_are_new(client_for, reviewer, monday_morning):
    staff = client_for(reviewer)

    page = staff.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # The menu says 4, the heading 8: the page says which 4.
    assert badge(page, LIST) == 4
    assert heading_count(page) == 8
    assert new_note(page) == "4 new reports are waiting to be accepted: show only new reports."
    # The dashboard card's link: the list of exactly what the badge counts.
    card = next(line for line in queues.today_for(reviewer) if line.code == "volunteers.new_reports")
    assert new_link(page) == card.url == f"{LIST}?status=submitted"

    only_new = staff.get(new_link(page), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert heading_count(only_new) == badge(only_new, LIST) == 4
    assert only_new.count('data-testid="report-row"') == 4
    assert new_note(only_new) == ""  # the list is those: nothing more to say


def test_the_note_in_chinese(client_for, reviewer, monday_morning):
    page = client_for(reviewer).get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert new_note(page) == "有 4 条新上报的线索等待受理：只看新上报的。"


def test_a_decision_changes_the_note_with_the_badge(client_for, reviewer, monday_morning):
    staff = client_for(reviewer)
    staff.get(LIST)
    Report.objects.filter(pk=monday_morning[0].pk).update(status=S.ACCEPTED)

    page = staff.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert badge(page, LIST) == 3
    assert new_note(page).startswith("3 new reports are waiting to be accepted:")
    assert heading_count(page) == 8


def test_one_new_report_is_said_in_the_singular(client_for, reviewer):
    a_report(S.SUBMITTED)
    a_report(S.ACCEPTED)

    page = client_for(reviewer).get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert new_note(page) == "1 new report is waiting to be accepted: show only new reports."


def test_no_note_when_nothing_is_new(client_for, reviewer):
    for _ in range(3):
        a_report(S.ACCEPTED)

    page = client_for(reviewer).get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert badge(page, LIST) == 0
    assert heading_count(page) == 3
    assert new_note(page) == ""
    assert 'data-testid="new-reports"' not in page


def test_another_filter_keeps_the_note_and_its_link_opens_every_new_report(client_for, reviewer, monday_morning):
    page = client_for(reviewer).get(f"{LIST}?status=accepted", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert heading_count(page) == 4
    assert new_note(page).startswith("4 new reports are waiting to be accepted:")
    assert new_link(page) == f"{LIST}?status=submitted"
