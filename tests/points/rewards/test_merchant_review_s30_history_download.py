"""The barber's redemption history offers the month's list to keep or hand to the street
office. In Chinese the button read "下载 CSV": a file format's English initials that most
shopkeepers do not know. It says what they get, a table (the format after it, for those who
ask), and the file it gives opens as one: Chinese text, a header row, one row a voucher."""

from __future__ import annotations

import re

import pytest

from points.rewards import services

pytestmark = pytest.mark.django_db


def test_the_barber_downloads_the_months_table_from_a_button_in_plain_chinese(client_for, merchant_a, voucher):
    services.voucher_confirm(operator=merchant_a, code=voucher.code)
    barber = client_for(merchant_a)

    page = barber.get("/redeem/history/?period=month").content.decode()

    button = re.search(r'<a [^>]*id="export-csv"[^>]*>([^<]+)</a>', page)
    assert button and button.group(1) == "下载表格（CSV）"
    href = re.search(r'href="([^"]+)"', button.group(0)).group(1).replace("&amp;", "&")
    response = barber.get(href)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("核销时间,") and len(rows) == 2
    assert "免费快剪一次" in rows[1] and voucher.rider.phone not in rows[1]
