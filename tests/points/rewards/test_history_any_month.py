"""A partner operator reconciles any month on the redemption history, not only today, this
month and last month: a month select lists the months their venue confirmed vouchers in, and
the table (CSV) follows the choice. Months are Beijing time's, as the quick choices are."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time, timedelta
from urllib.parse import unquote

import pytest

from friendlystreet.days import local_today, local_zone
from points.models import Voucher
from points.rewards import services
from tests.points.rewards.factories import RewardFactory, give_points, issue

pytestmark = pytest.mark.django_db


def months_ago(n: int) -> date:
    month = local_today().replace(day=1)
    for _ in range(n):
        month = (month - timedelta(days=1)).replace(day=1)
    return month


def used_on(voucher: Voucher, operator, moment: datetime) -> Voucher:
    services.voucher_confirm(operator=operator, code=voucher.code)
    Voucher.objects.filter(pk=voucher.pk).update(redeemed_at=moment)
    return voucher


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=local_zone())


def month_options(html: str) -> list[str]:
    form = re.search(r'<form [^>]*data-testid="month-form".*?</form>', html, re.S)
    return re.findall(r'<option value="(\d{4}-\d{2})"', form.group(0)) if form else []


def test_a_redemption_three_months_ago_shows_in_its_month_and_its_csv_not_this_months(voucher, merchant_a, client_for):
    month = months_ago(3)
    # 00:30 on the first in Beijing is still the last day of the month before in UTC.
    used_on(voucher, merchant_a, at(month, 0, 30))
    barber = client_for(merchant_a)
    key = month.strftime("%Y-%m")

    page = barber.get(f"/redeem/history/?period={key}").content.decode()
    assert page.count('data-testid="redemption"') == 1
    assert f'<option value="{key}" selected>{month.year}年{month.month}月</option>' in page
    csv_link = re.search(r'href="([^"]+)" id="export-csv"', page).group(1)
    assert f"period={key}" in csv_link

    export = barber.get(csv_link.replace("&amp;", "&"))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][2] == "免费快剪一次"
    assert unquote(export["Content-Disposition"]).endswith(f"核销记录_{month.year}年{month.month}月.csv")

    for period in ("month", "last_month", "today", months_ago(2).strftime("%Y-%m"), months_ago(4).strftime("%Y-%m")):
        assert 'data-testid="redemption"' not in barber.get(f"/redeem/history/?period={period}").content.decode()
        assert barber.get(f"/redeem/history.csv?period={period}").content.decode("utf-8-sig").count("\n") == 1


@pytest.mark.parametrize(
    "bad", ["2026-13", "2026-00", "26-09", "2026-9", "0001-01", "9999-12", "2026-09-01", "x" * 300, "２０２６-０９"]
)
def test_a_malformed_month_falls_back_to_today_keeping_the_venue(bad, voucher, merchant_a, barber, client_for):
    services.voucher_confirm(operator=merchant_a, code=voucher.code)  # today
    client = client_for(merchant_a)

    page = client.get("/redeem/history/", {"period": bad, "venue": barber.pk})
    export = client.get("/redeem/history.csv", {"period": bad, "venue": barber.pk})

    assert page.status_code == 200 and export.status_code == 200
    html = page.content.decode()
    assert re.search(r'<a href="\?period=today[^"]*" aria-current="page"', html)
    assert html.count('data-testid="redemption"') == 1
    assert export.content.decode("utf-8-sig").count("\n") == 2


def test_a_future_month_falls_back_to_today(voucher, merchant_a, client_for):
    services.voucher_confirm(operator=merchant_a, code=voucher.code)
    following = (local_today().replace(day=1) + timedelta(days=32)).replace(day=1).strftime("%Y-%m")

    html = client_for(merchant_a).get(f"/redeem/history/?period={following}").content.decode()

    assert re.search(r'<a href="\?period=today[^"]*" aria-current="page"', html)
    assert html.count('data-testid="redemption"') == 1
    assert f'value="{following}"' not in html


def test_this_month_chosen_in_the_select_is_the_this_month_tab(voucher, merchant_a, client_for):
    services.voucher_confirm(operator=merchant_a, code=voucher.code)
    key = local_today().strftime("%Y-%m")

    html = client_for(merchant_a).get(f"/redeem/history/?period={key}").content.decode()

    assert re.search(r'<a href="\?period=month[^"]*" aria-current="page"', html)
    assert f'<option value="{key}" selected>' in html


def test_the_month_list_has_only_months_with_this_venues_redemptions(
    rich_rider, other_rider, haircut, care_pack, merchant_a, merchant_b, client_for
):
    give_points(other_rider, 300)
    used_on(issue(rich_rider, haircut), merchant_a, at(months_ago(3).replace(day=10)))
    used_on(issue(other_rider, haircut), merchant_a, at(months_ago(1).replace(day=20)))
    used_on(issue(other_rider, care_pack), merchant_b, at(months_ago(5).replace(day=5)))
    # Bought and never used at the barber's: no redemption, no month.
    issue(rich_rider, care_pack)

    barbers = month_options(client_for(merchant_a).get("/redeem/history/").content.decode())
    hospitals = month_options(client_for(merchant_b).get("/redeem/history/").content.decode())

    assert barbers == [months_ago(1).strftime("%Y-%m"), months_ago(3).strftime("%Y-%m")]
    assert hospitals == [months_ago(5).strftime("%Y-%m")]


def test_an_operator_with_no_redemptions_sees_no_month_select(barber, merchant_a, client_for):
    html = client_for(merchant_a).get("/redeem/history/").content.decode()
    assert 'data-testid="month-form"' not in html


def test_the_history_is_a_constant_number_of_queries(
    rich_rider, other_rider, haircut, merchant_a, client_for, django_assert_num_queries
):
    client = client_for(merchant_a)
    used_on(issue(rich_rider, haircut), merchant_a, at(months_ago(3).replace(day=10)))
    key = months_ago(3).strftime("%Y-%m")
    client.get("/redeem/history/")  # the session warmed up

    # The user, their permissions, their venues (ids and names for the select, one query: it was
    # two), the months with redemptions (one aggregate), the rows, the unread count.
    with django_assert_num_queries(6):
        client.get(f"/redeem/history/?period={key}")

    give_points(other_rider, 300)
    used_on(issue(other_rider, haircut), merchant_a, at(months_ago(3).replace(day=11)))
    shave = RewardFactory(venue=haircut.venue, title="修面", cost=10, stock=None)
    used_on(issue(rich_rider, shave), merchant_a, at(months_ago(2).replace(day=11)))
    with django_assert_num_queries(6):
        html = client.get(f"/redeem/history/?period={key}").content.decode()
    assert html.count('data-testid="redemption"') == 2


def test_the_month_select_is_in_chinese_and_empty_until_chosen(voucher, merchant_a, client_for):
    used_on(voucher, merchant_a, at(months_ago(3).replace(day=10)))

    html = client_for(merchant_a).get("/redeem/history/").content.decode()

    assert '<select name="period" aria-label="选择月份"><option value="">选择月份</option>' in html
    assert " selected>" not in re.search(r'data-testid="month-form".*?</form>', html, re.S).group(0)
