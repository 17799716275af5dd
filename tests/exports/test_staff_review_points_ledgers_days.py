"""The points ledger, the claims and the vouchers are things that happened, as the reports and
the monthly summary are: a street admin who types next year by mistake (2027 for 2026) is
told there is nothing to export yet, instead of getting an empty file; a month asked for
before it ends runs to today, and the page says so. (Only those three accepted days to come.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.ledgers.models import Export

pytestmark = pytest.mark.django_db

PAGE = "/staff/exports/"
URL = "/api/v1/staff/exports/"
NOTHING_YET = "所选日期从今天以后才开始，还没有可导出的记录。"


@pytest.mark.parametrize("kind", ["ledger", "claims", "vouchers"])
def test_days_all_still_to_come_are_refused_on_the_page_and_the_api(kind, street_admin, client_for, api_for):
    next_year = timezone.localdate().replace(day=1) + timedelta(days=366)
    body = {"kind": kind, "format": "xlsx", "start": next_year.isoformat(), "end": (next_year + timedelta(days=27)).isoformat()}

    page = client_for(street_admin).post(PAGE, body)
    api = api_for(street_admin).post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert page.status_code == 200
    assert page.context["form"].errors == {"start": [NOTHING_YET]}
    assert NOTHING_YET in page.content.decode()
    assert api.status_code == 400 and api.json()["fields"] == {"start": [NOTHING_YET]}
    assert not Export.objects.exists()


@pytest.mark.parametrize("kind", ["ledger", "claims", "vouchers"])
def test_this_whole_month_runs_to_today_and_the_page_says_so(kind, reviewer, client_for, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    first = today.replace(day=1)
    month_end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    body = {"kind": kind, "format": "csv", "start": first.isoformat(), "end": (month_end + timedelta(days=1)).isoformat()}

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(reviewer).post(PAGE, body, follow=True)

    export = Export.objects.get()
    assert (export.start, export.end, export.status) == (first, today, Export.Status.DONE)
    assert f"导出只到今天（{today.isoformat()}）为止，之后的日期还没有到来。" in response.content.decode()
