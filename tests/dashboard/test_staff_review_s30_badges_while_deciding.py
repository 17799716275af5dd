"""A reviewer works through the claims with 通过并审下一条 (approve and next) and 驳回并审下一条:
each decision opens the next claim, never the queue's page. The menu on the next claim said
积分申请 3 and 待办 3 after two decisions (the count recorded when the queue was last opened);
it now says what is left, as the queue's own page does. The same for a report answered on its
page: 治理线索 counts the new reports, and an accepted one is no longer new."""

from __future__ import annotations

import re

import pytest

from tests.points.factories import ClaimFactory
from volunteers.models import Report, ReportUpdate

pytestmark = pytest.mark.django_db


def menu_badge(html: str, href: str) -> int:
    """The number beside the menu link to `href`, the current section's (in bold) included."""
    link = re.search(r'href="' + re.escape(href) + r'">(.*?)</a>', html, re.S).group(1)
    found = re.search(r'data-testid="nav-badge"[^>]*>(\d+)<', link)
    return int(found.group(1)) if found else 0


def to_do(html: str) -> int:
    """The phone menu's one number: 待办 n."""
    found = re.search(r'data-testid="menu-badge">[^<]*?(\d+)<', html)
    return int(found.group(1)) if found else 0


def test_the_menu_counts_down_as_the_reviewer_approves_and_rejects_and_goes_on(client_for, reviewer, rider):
    first, second, third = (ClaimFactory(rider=rider) for _ in range(3))
    staff = client_for(reviewer)
    assert menu_badge(staff.get("/staff/").content.decode(), "/staff/claims/") == 3  # the morning starts here
    queue = staff.get("/staff/claims/").content.decode()
    assert menu_badge(queue, "/staff/claims/") == 3

    approved = staff.post(f"/staff/claims/{first.pk}/approve/", {"and_next": "1"}, follow=True)
    assert approved.redirect_chain[-1][0].startswith(f"/staff/claims/{second.pk}/")
    html = approved.content.decode()
    assert menu_badge(html, "/staff/claims/") == 2
    assert to_do(html) == 2

    rejected = staff.post(f"/staff/claims/{second.pk}/reject/", {"and_next": "1", "reason": "照片看不清"}, follow=True)
    assert rejected.redirect_chain[-1][0].startswith(f"/staff/claims/{third.pk}/")
    html = rejected.content.decode()
    assert menu_badge(html, "/staff/claims/") == 1
    assert to_do(html) == 1
    # And the other staff pages read the same count (the record moved with it).
    assert menu_badge(staff.get("/staff/riders/").content.decode(), "/staff/claims/") == 1


def test_an_accepted_report_leaves_the_count_of_new_reports_on_its_own_page(client_for, reviewer, rider):
    reports = []
    for text in ("成龙大道二段井盖松了，电动车压过去会翘起来", "跃进路路口没有红绿灯，放学时经常抢道"):
        report = Report.objects.create(reporter=rider, category="safety_hazard", description=text, address="成龙大道")
        ReportUpdate.objects.create(report=report, status=Report.Status.SUBMITTED, author=rider)
        reports.append(report)
    staff = client_for(reviewer)
    assert menu_badge(staff.get("/staff/").content.decode(), "/staff/reports/") == 2
    assert menu_badge(staff.get("/staff/reports/").content.decode(), "/staff/reports/") == 2

    answered = staff.post(f"/staff/reports/{reports[0].pk}/transition/", {"status": "accepted", "note": ""}, follow=True)

    assert "已改为“已受理”" in answered.content.decode()
    assert menu_badge(answered.content.decode(), "/staff/reports/") == 1
