"""An initiative letter signed by two issuers, read on a 360 px phone: the issuers were one
line that the phone broke inside the second name (中共……工作委员会　成 / 都市……办事处); each
issuer now has a line of its own above the date, as under a printed letter."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.venue_pages import phone
from volunteers.models import PublicText, TextKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTY_COMMITTEE = "中共成都市锦江区成龙路街道工作委员会"
STREET_OFFICE = "成都市锦江区人民政府成龙路街道办事处"


@pytest.mark.parametrize("between", ["\u3000", "  "])
def test_each_issuer_of_a_letter_is_on_a_line_of_its_own(live_server, browser, between):
    text = PublicText.objects.create(
        kind=TextKind.INITIATIVE,
        title="致辖区居民朋友的倡议书",
        body="亲爱的居民朋友们：\n\n请给骑手一个微笑。",
        issued_on=date(2024, 9, 20),
        issuer=f"{PARTY_COMMITTEE}{between}{STREET_OFFICE}",
        published=True,
    )
    page = phone(browser)
    page.goto(f"{live_server.url}/initiatives/{text.pk}/")

    signoff = page.locator(".tx-signoff")
    assert signoff.inner_text().split("\n") == [PARTY_COMMITTEE, STREET_OFFICE, "2024年9月20日"]
    # Neither name is broken across two lines of the phone's screen.
    for name in (PARTY_COMMITTEE, STREET_OFFICE):
        assert signoff.get_by_text(name, exact=True).evaluate("e => e.getClientRects().length") == 1
