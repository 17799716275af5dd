"""A reviewer on a 360 px phone reads the whole hint in the reason box of a rider's
verification: it read 驳回原因（驳回时必… cut off at the edge, and the label above already
says it is the reason for rejection. In English it read "Reason for rejection (neede…"."""

from __future__ import annotations

import pytest

from friendlystreet.accounts.models import Verification
from tests.browser.venue_pages import signed_in_phone
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The placeholder typed into the box: the text is as wide as the placeholder, and a value
# wider than the box scrolls (scrollWidth > clientWidth).
PLACEHOLDER_FITS = """el => {
  const hint = el.placeholder;
  el.value = hint;
  const fits = el.scrollWidth <= el.clientWidth;
  el.value = "";
  return [hint, fits];
}"""


@pytest.mark.parametrize(("locale", "label"), [("zh-CN", "驳回原因"), ("en-GB", "Reason for rejection")])
def test_the_reject_reason_hint_fits_the_box_on_a_phone(live_server, browser, locale, label):
    applicant = RiderFactory(verification=Verification.UNVERIFIED, display_name="罗刚")
    path = f"/staff/riders/{applicant.pk}/decide/"
    page = signed_in_phone(browser, live_server, ReviewerFactory(), path, locale=locale)

    hint, fits = page.locator("#reason").evaluate(PLACEHOLDER_FITS)

    assert hint
    assert fits, f"the hint {hint!r} is cut off at 360 px"
    assert page.locator("label[for=reason]").inner_text() == label


@pytest.mark.parametrize(("locale", "label"), [("zh-CN", "驳回原因"), ("en-GB", "Reason for rejection")])
def test_the_claims_queues_reason_hint_fits_the_box_on_a_phone(live_server, browser, locale, label):
    """The same hint in the claims queue's box for rejecting the claims ticked."""
    ClaimFactory(rider=RiderFactory())
    page = signed_in_phone(browser, live_server, ReviewerFactory(), "/staff/claims/", locale=locale)

    hint, fits = page.locator("#bulk-reason").evaluate(PLACEHOLDER_FITS)

    assert hint
    assert fits, f"the hint {hint!r} is cut off at 360 px"
    assert page.locator("label[for=bulk-reason]").inner_text() == label
    page.context.close()
