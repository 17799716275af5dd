"""The days of an export are checked before anything is written, by one rule for the page's
form and the API (services.export_days): both days between 2000 and 2099, the end not before
the start, at most three years (the dashboard's periods, which the summary, the vouchers and
the riders are computed over: a longer range used to be accepted and then fail in the
background), and for a ledger of things that happened nothing after today."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from friendlystreet.ledgers.models import Export
from tests.exports.conftest import read_rows

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/exports/"
PAGE = "/staff/exports/"
# Seven years: more than the three the dashboard's periods (and so the exporters) allow.
TOO_LONG = {"format": "csv", "start": "2019-01-01", "end": "2025-12-31"}
THREE_YEARS_ZH = "请选择不超过三年的时间段。"


@pytest.mark.parametrize("kind", ["monthly_summary", "riders", "vouchers", "ledger", "activities"])
def test_the_api_refuses_more_than_three_years_of_any_ledger_with_a_400(kind, street_admin, api_for):
    response = api_for(street_admin).post(URL, {**TOO_LONG, "kind": kind}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert response.json() == {"message": "部分字段填写有误。", "code": "invalid", "fields": {"end": [THREE_YEARS_ZH]}}
    assert not Export.objects.exists()


def test_the_form_refuses_it_on_the_end_date_in_chinese_and_writes_nothing(street_admin, client_for):
    response = client_for(street_admin).post(PAGE, {**TOO_LONG, "kind": "monthly_summary"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"end": [THREE_YEARS_ZH]}
    assert THREE_YEARS_ZH in response.content.decode()
    assert not Export.objects.exists()


def test_and_in_english_for_staff_who_read_english(street_admin, client_for, api_for):
    page = client_for(street_admin).post(PAGE, {**TOO_LONG, "kind": "riders"}, HTTP_ACCEPT_LANGUAGE="en")
    api = api_for(street_admin).post(URL, {**TOO_LONG, "kind": "riders"}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert page.context["form"].errors == {"end": ["Choose a period of at most three years."]}
    assert api.json()["fields"] == {"end": ["Choose a period of at most three years."]}


def test_three_years_exactly_are_exported(street_admin, export_as):
    export = export_as(street_admin, "monthly_summary", start=date(2023, 1, 1), end=date(2025, 12, 31))

    assert export.status == Export.Status.DONE, export.error
    assert read_rows(export)[0][0] == "社区"


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"start": "2025-04-01", "end": "2025-03-01"}, "end", "结束日期早于开始日期。"),
        ({"start": "1999-12-31"}, "start", "请输入 2000 年至 2099 年之间的日期。"),
        ({"end": "2100-01-01"}, "end", "请输入 2000 年至 2099 年之间的日期。"),
    ],
)
def test_the_page_and_the_api_give_the_same_words_for_the_same_mistake(change, field, message, street_admin, client_for, api_for):
    body = {"kind": "ledger", "format": "csv", "start": "2025-03-01", "end": "2025-03-31", **change}

    page = client_for(street_admin).post(PAGE, body)
    api = api_for(street_admin).post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert page.context["form"].errors == {field: [message]}
    assert api.status_code == 400 and api.json()["fields"] == {field: [message]}
    assert not Export.objects.exists()


# --- days after today ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["monthly_summary", "reports"])
def test_a_ledger_of_days_still_to_come_is_refused(kind, street_admin, client_for, api_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    body = {"kind": kind, "format": "xlsx", "start": tomorrow.isoformat(), "end": tomorrow.isoformat()}

    page = client_for(street_admin).post(PAGE, body)
    api = api_for(street_admin).post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")

    words = "所选日期从今天以后才开始，还没有可导出的记录。"
    assert page.context["form"].errors == {"start": [words]}
    assert api.status_code == 400 and api.json()["fields"] == {"start": [words]}
    assert not Export.objects.exists()


def test_a_month_asked_for_before_it_ends_runs_to_today_and_the_page_says_so(
    street_admin, client_for, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    first = today.replace(day=1)
    month_end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    body = {"kind": "riders", "format": "csv", "start": first.isoformat(), "end": (month_end + timedelta(days=1)).isoformat()}
    client = client_for(street_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, body, follow=True)

    export = Export.objects.get()
    assert (export.start, export.end, export.status) == (first, today, Export.Status.DONE)
    html = response.content.decode()
    assert f"导出只到今天（{today.isoformat()}）为止，之后的日期还没有到来。" in html
    # The form comes back with the days the file covers.
    assert response.context["form"]["end"].value() == today


def test_activities_may_be_exported_ahead_of_their_days(reviewer, api_for, django_capture_on_commit_callbacks):
    """Activities are planned: next month's sign-ups are a list staff need before it starts."""
    first = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    body = {"kind": "activities", "format": "csv", "start": first.isoformat(), "end": (first + timedelta(days=27)).isoformat()}

    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(reviewer).post(URL, body, format="json")

    assert response.status_code == 202
    export = Export.objects.get()
    assert (export.start, export.end) == (first, first + timedelta(days=27))
