"""A merchant's app reconciles any earlier month, as the web history does: GET
/api/v1/merchant/redemptions/?period=YYYY-MM takes the periods the page takes (one parser,
selectors.period_parse), /api/v1/merchant/redemptions/months/ lists the months worth asking
for, and a period the page would drop is a 400 `invalid` naming `period`, never a 500."""

from __future__ import annotations

import re

import jsonschema
import pytest

from friendlystreet.days import local_today
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.points.rewards.test_history_any_month import at, months_ago, used_on

pytestmark = pytest.mark.django_db

HISTORY = "/api/v1/merchant/redemptions/"
MONTHS = "/api/v1/merchant/redemptions/months/"


def test_a_redemption_three_months_ago_is_in_its_month_not_this_months(voucher, merchant_a, api_for):
    month = months_ago(3)
    # 00:30 on the first in Beijing is still the last day of the month before in UTC.
    used_on(voucher, merchant_a, at(month, 0, 30))
    api = api_for(merchant_a)

    body = api.get(HISTORY, {"period": f"{month:%Y-%m}"}).json()

    assert body["count"] == 1 and body["results"][0]["display_code_end"] == voucher.code[-4:]
    assert api.get(HISTORY, {"period": f"{months_ago(4):%Y-%m}"}).json()["count"] == 0
    assert api.get(HISTORY, {"period": "month"}).json()["count"] == 0


def test_this_month_as_yyyy_mm_is_this_month(voucher, merchant_a, api_for):
    used_on(voucher, merchant_a, at(months_ago(0), 12))
    api = api_for(merchant_a)

    assert api.get(HISTORY, {"period": f"{months_ago(0):%Y-%m}"}).json()["count"] == 1
    assert api.get(HISTORY, {"period": "last_month"}).json()["count"] == 0


@pytest.mark.parametrize(
    "period",
    ["2026-9", "2026-13", "2026-00", "1999-12", "week", "", "２０２６-０９", "2026-09\n", "x" * 10_000, "2026-09-01"],
)
def test_a_period_the_page_would_drop_is_a_400_naming_it(period, merchant_a, barber, api_for):
    response = api_for(merchant_a).get(HISTORY, {"period": period}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        "message": "Some fields are not valid.",
        "code": "invalid",
        "fields": {"period": ["Use today, month, last_month or a past month as YYYY-MM."]},
    }


def test_a_future_month_is_a_400_in_chinese_too(merchant_a, barber, api_for):
    today = local_today()
    next_month = f"{today.year + (today.month == 12)}-{today.month % 12 + 1:02d}"

    response = api_for(merchant_a).get(HISTORY, {"period": next_month}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert response.json()["fields"] == {"period": ["请使用 today、month、last_month 或以 YYYY-MM 表示的过去月份。"]}


def test_the_months_with_redemptions_come_newest_first_only_my_venues(
    barber, hospital, merchant_a, merchant_b, rider, api_for, django_assert_num_queries
):
    give_points(rider, 10)
    for n in (5, 0, 5, 2):
        used_on(issue(rider, RewardFactory(venue=barber, cost=1)), merchant_a, at(months_ago(n), 0, 30))
    api = api_for(merchant_a)

    # The operator and their permissions, their venues, the months (one aggregate).
    with django_assert_num_queries(4):
        body = api.get(MONTHS).json()

    assert body == {"months": [f"{months_ago(n):%Y-%m}" for n in (0, 2, 5)]}
    # Each month listed is a period the history takes.
    for month in body["months"]:
        assert api.get(HISTORY, {"period": month}).status_code == 200
    assert api_for(merchant_b).get(MONTHS).json() == {"months": []}


def test_a_rider_cannot_read_a_merchants_months(rich_rider, api_for):
    assert api_for(rich_rider).get(MONTHS).status_code == 403
    assert api_for(None).get(MONTHS).status_code == 401


def test_the_schema_documents_the_periods_and_the_months(schema, voucher, merchant_a, api_for):
    operation = schema["paths"][HISTORY]["get"]
    (period,) = [p for p in operation["parameters"] if p["name"] == "period"]
    named, month = period["schema"]["oneOf"]
    assert named["enum"] == ["today", "month", "last_month"]
    assert re.fullmatch(month["pattern"].strip("^$"), "2026-09")
    assert "400" in operation["responses"]

    # The months answer is what its schema says, and each month matches the period's pattern.
    used_on(voucher, merchant_a, at(months_ago(3)))
    body = api_for(merchant_a).get(MONTHS).json()
    components = schema["components"]
    ref = schema["paths"][MONTHS]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    answer = {**ref, "components": components}
    jsonschema.Draft202012Validator(answer).validate(body)
    for value in body["months"]:
        jsonschema.Draft202012Validator(period["schema"]).validate(value)
    jsonschema.Draft202012Validator(period["schema"]).validate("today")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(period["schema"]).validate("2026-9")
