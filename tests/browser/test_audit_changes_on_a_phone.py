"""A street admin checks on a 360 px phone what a partner operator changed. The field, before
and after stood in three columns of a third each: the old and new phone numbers broke in two
(1390000000 / 3) and the field's name was in a code font. On a phone each change is its field's
name above before → after, each value whole."""

from __future__ import annotations

import pytest

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie, text_lines
from tests.factories import PartnerFactory, StreetAdminFactory
from tests.venues.factories import VenueFactory
from venues import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 800}


def test_a_changed_phone_reads_whole_on_a_phone(live_server, browser):
    barber = PartnerFactory(display_name="理发店王师傅")
    shop = VenueFactory(name="王师傅理发店", phone="13900000003")
    shop.operators.add(barber)
    services.venue_details_update(actor=barber, venue=shop, data={"phone": "13900001111"})
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        signed_in_by_cookie(page, live_server.url, StreetAdminFactory())
        page.goto(f"{live_server.url}/staff/audit/?action=venues.venue.update")

        change = page.locator("tr.changed").first
        assert change.locator("th").inner_text() == "电话"
        assert "monospace" not in change.locator("th").evaluate("th => getComputedStyle(th).fontFamily")
        before, after = change.locator("td.before"), change.locator("td.after")
        assert before.inner_text() == "13900000003" and after.inner_text().endswith("13900001111")
        assert text_lines(before) == 1 and text_lines(after) == 1
        assert no_sideways_scroll(page)
    finally:
        context.close()
