"""Who may triage neighbourhood reports (tests/test_permission_matrix.py walks them):
reviewers and street admins; riders and partners get 403, the anonymous the login page."""

from __future__ import annotations

from tests.access import LOGIN, Route, page
from volunteers.models import Report


def a_report(rider, **kwargs) -> Report:
    fields = {"category": "sanitation", "description": "垃圾堆在消防通道旁", "address": "成龙路168号"} | kwargs
    return Report.objects.create(reporter=rider, **fields)


def _report(world) -> dict:
    return {"pk": a_report(world.rider).pk}


STAFF = page(staff=True)
# Actions redirect back to the page with a message (also when the move is no longer allowed:
# the second caller finds the report accepted and is told so).
STAFF_POST = {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 302, "admin": 302}

ROUTES = [
    Route("volunteers:staff_report_list", STAFF),
    Route("volunteers:staff_report_detail", STAFF, setup=_report),
    Route(
        "volunteers:staff_report_transition",
        STAFF_POST,
        setup=_report,
        method="post",
        data={"status": "accepted", "note": "已转社区处理"},
    ),
    Route("volunteers:staff_report_assign", STAFF_POST, setup=_report, method="post", data={"assigned_to": ""}),
    Route("volunteers:staff_report_bulk_duplicate", STAFF_POST, method="post", data={"ids": [], "original": ""}),
]
