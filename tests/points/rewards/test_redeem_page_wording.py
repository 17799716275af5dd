"""At the counter, the voucher's code is called 券码 everywhere on the merchant's pages, and
something that cannot be a code is answered with what a code looks like, not "not found"."""

from __future__ import annotations

import csv
import io

import pytest

from points.rewards import services

pytestmark = pytest.mark.django_db


def test_the_redemption_page_calls_the_code_a_voucher_code(voucher, merchant_a, client_for):
    client = client_for(merchant_a)
    found = client.post("/redeem/lookup/", {"code": voucher.code}).content.decode()
    assert "<dt>券码</dt>" in found and "代码" not in found
    missing = client.post("/redeem/lookup/", {"code": "ABCD-EFGH-JKM2"}).content.decode()
    assert 'data-result="not_found"' in missing
    assert '<dt>券码</dt><dd class="voucher-code" data-testid="verdict-code">ABCD-EFGH-JKM2</dd>' in missing
    assert "代码" not in missing


def test_the_history_and_its_export_call_it_a_voucher_code(voucher, merchant_a, client_for):
    services.voucher_confirm(operator=merchant_a, code=voucher.code)
    client = client_for(merchant_a)
    page = client.get("/redeem/history/").content.decode()
    assert "<th>券码</th>" in page and "代码" not in page
    export = client.get("/redeem/history.csv?period=today").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(export)))[0][6] == "券码"


@pytest.mark.parametrize("typed", ["12", "ABCD-EFGH-JKM", "ABCD-EFGH-JKMN-2", "ABCD-EFGH-JKM0"])
def test_something_that_cannot_be_a_code_is_told_what_a_code_looks_like(typed, merchant_a, barber, client_for):
    response = client_for(merchant_a).post("/redeem/lookup/", {"code": typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-result="not_found"' not in html and "未找到" not in html
    errors = html[html.index('data-testid="code-errors"') :].split("</ul>")[0]
    assert "券码为 12 位字母和数字" in errors and "ABCD-EFGH-JKMN" in errors
    assert f'value="{typed}"' in html  # left in the box to correct


def test_a_malformed_code_does_not_count_against_the_look_up_limit(merchant_a, barber, client_for, settings):
    settings.POINTS_VOUCHER_MISSES_PER_2_MINUTES = 1
    client = client_for(merchant_a)
    for _ in range(3):
        assert client.post("/redeem/lookup/", {"code": "12"}).status_code == 400
    assert client.post("/redeem/lookup/", {"code": "ABCD-EFGH-JKM2"}).status_code == 404


def test_a_well_formed_code_in_any_spelling_is_still_looked_up(voucher, merchant_a, client_for):
    typed = " " + voucher.display_code.lower().replace("-", " ") + " "
    response = client_for(merchant_a).post("/redeem/lookup/", {"code": typed})
    assert response.status_code == 200 and 'data-result="ok"' in response.content.decode()
