"""From the partner operator's review (the barber's operator, merchant_a): the counter after
signing in again leads back to the counter page, not a blank page."""

from __future__ import annotations

import pytest

from points.models import Voucher

pytestmark = pytest.mark.django_db


# --- the session ended while the counter page was open ----------------------------------------------


@pytest.mark.parametrize("step", ["lookup", "confirm"])
def test_signing_in_again_after_the_session_ended_leads_back_to_the_counter(step, voucher, merchant_a, client):
    # The page was open; the session ended (two weeks passed, or signed out elsewhere). The barber
    # taps 查询 or 确认核销: the sign-in page comes first, with the form's address as `next`.
    response = client.post(f"/redeem/{step}/", {"code": voucher.code})
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next=/redeem/{step}/"

    # Signed in, the browser goes to `next` by GET: the counter page, to scan or type the code again.
    client.force_login(merchant_a)
    response = client.get(f"/redeem/{step}/", follow=True)

    assert response.redirect_chain == [("/redeem/", 302)]
    assert response.status_code == 200 and 'id="code-input"' in response.content.decode()
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED  # nothing was confirmed on the way
