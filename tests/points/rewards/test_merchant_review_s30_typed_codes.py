"""At the counter the barber types the code the rider shows, on a phone whose keyboard is
often a Chinese one: in full-width mode (全角) its letters, digits and dashes are the wide
forms (ＢＱＡＰ－７ＡＭＵ), and in Chinese punctuation the dash key gives a long dash (—).
What the barber typed is the rider's code all the same: the counter finds the voucher, not
"a voucher code has 12 letters and digits"."""

from __future__ import annotations

import pytest

from points.models import Voucher

pytestmark = pytest.mark.django_db


def full_width(text: str) -> str:
    """The text as a Chinese keyboard's full-width mode types it."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda code: full_width(code), id="full-width letters, digits and dashes"),
        pytest.param(lambda code: full_width(code.lower()), id="full-width lower case"),
        pytest.param(lambda code: code.replace("-", "—"), id="a Chinese keyboard's long dash"),
        pytest.param(lambda code: code.replace("-", "——"), id="a Chinese keyboard's double dash"),
        pytest.param(lambda code: code.replace("-", "－"), id="a full-width hyphen"),
        pytest.param(lambda code: code.replace("-", "–"), id="an en dash"),
    ],
)
def test_the_barber_finds_a_voucher_typed_on_a_chinese_keyboard(client, merchant_a, voucher, typed):
    client.force_login(merchant_a)

    response = client.post("/redeem/lookup/", {"code": typed(voucher.display_code)})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-result="ok"' in page
    assert "免费快剪一次" in page
    assert 'id="confirm"' in page  # the next step, confirming, is there


def test_the_barber_confirms_a_voucher_typed_in_full_width(client, merchant_a, voucher):
    client.force_login(merchant_a)

    response = client.post("/redeem/confirm/", {"code": full_width(voucher.display_code)}, follow=True)

    assert response.status_code == 200
    assert 'data-confirmed="1"' in response.content.decode()
    voucher.refresh_from_db()
    assert (voucher.status, voucher.redeemed_by) == (Voucher.Status.REDEEMED, merchant_a)


def test_the_merchant_app_finds_a_voucher_typed_in_full_width(api_for, merchant_a, voucher):
    response = api_for(merchant_a).get(f"/api/v1/merchant/vouchers/{full_width(voucher.display_code)}/")

    assert response.status_code == 200
    assert response.json()["result"] == "ok"


def test_a_code_with_a_letter_no_voucher_has_is_still_answered_with_what_a_code_looks_like(client, merchant_a, voucher):
    """Only the keyboard's wide forms are read as the plain ones: a Chinese character or a
    full-width O (never in a code) is still not a code."""
    client.force_login(merchant_a)

    for typed in ("兑换券" + voucher.code[3:], full_width("O" + voucher.code[1:])):
        response = client.post("/redeem/lookup/", {"code": typed})

        assert response.status_code == 400
        assert 'data-testid="code-errors"' in response.content.decode()
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED
