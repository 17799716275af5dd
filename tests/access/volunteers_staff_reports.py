"""Who may triage neighbourhood reports (tests/test_permission_matrix.py walks them):
reviewers and street admins; riders and partners get 403, the anonymous the login page.
Reply templates are the street admins' alone (reviewers use them, get 403 on their pages)."""

from __future__ import annotations

from tests.access import LOGIN, Route, page
from volunteers.models import ReplyTemplate, Report


def a_report(rider, **kwargs) -> Report:
    fields = {"category": "sanitation", "description": "垃圾堆在消防通道旁", "address": "成龙路168号"} | kwargs
    return Report.objects.create(reporter=rider, **fields)


def _report(world) -> dict:
    return {"pk": a_report(world.rider).pk}


def _template(world) -> dict:
    template = ReplyTemplate.objects.create(category="sanitation", status="accepted", title="已受理", text="已转交环卫")
    return {"pk": template.pk}


STAFF = page(staff=True)
ADMIN = page(admin_only=True)
# A saved template goes back to the list; only street admins get there.
ADMIN_POST = {"anon": LOGIN, "rider": 403, "partner": 403, "reviewer": 403, "admin": 302}
TEMPLATE_DATA = {"category": "sanitation", "status": "accepted", "title": "已受理", "text": "已转交环卫", "active": "on"}
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
    Route("volunteers:staff_report_community", STAFF_POST, setup=_report, method="post", data={"community": ""}),
    Route("volunteers:staff_report_bulk_duplicate", STAFF_POST, method="post", data={"ids": [], "original": ""}),
    Route("volunteers:staff_reply_template_list", ADMIN),
    Route("volunteers:staff_reply_template_new", ADMIN),
    Route("volunteers:staff_reply_template_new", ADMIN_POST, method="post", data=TEMPLATE_DATA),
    Route("volunteers:staff_reply_template_edit", ADMIN, setup=_template),
    Route("volunteers:staff_reply_template_edit", ADMIN_POST, setup=_template, method="post", data=TEMPLATE_DATA),
]
