"""Month end: a street admin looks at last month's figures by community on the dashboard and
wants them in a file to send upward. Under the communities' table a link opens the export
form with the monthly summary and these days already chosen; before, the dashboard had no
way there, and the days had to be typed again on the exports page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

pytestmark = pytest.mark.django_db


def summary_link(html: str) -> str | None:
    found = re.search(r'<a [^>]*data-testid="export-summary" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_last_months_figures_lead_to_its_monthly_summary_export(client_for, street_admin):
    client = client_for(street_admin)
    last_day = timezone.localdate().replace(day=1) - timedelta(days=1)
    first_day = last_day.replace(day=1)

    dashboard = client.get("/staff/?preset=last_month").content.decode()
    link = summary_link(dashboard)
    assert link is not None
    assert "导出这段时间的月度汇总" in dashboard

    form = client.get(link).context["form"]
    assert form["kind"].value() == "monthly_summary"
    assert (form["start"].value(), form["end"].value()) == (first_day, last_day)


def test_the_link_follows_days_typed_by_hand(client_for, street_admin):
    client = client_for(street_admin)
    client.cookies["django_language"] = "en"

    start, end = timezone.localdate() - timedelta(days=60), timezone.localdate() - timedelta(days=45)

    dashboard = client.get(f"/staff/?start={start}&end={end}").content.decode()

    assert "Export these days as the monthly summary" in dashboard
    assert summary_link(dashboard).endswith(f"?kind=monthly_summary&start={start}&end={end}#export-form")


def test_staff_who_may_not_export_get_no_link(client_for, reviewer):
    # A street office that lets its reviewers see the figures but not export ledgers.
    for group in reviewer.groups.all():
        group.permissions.remove(*Permission.objects.filter(codename="create_export"))

    dashboard = client_for(reviewer).get("/staff/?preset=last_month")

    assert dashboard.status_code == 200
    assert summary_link(dashboard.content.decode()) is None
