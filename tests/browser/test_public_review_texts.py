"""The initiatives and the convention on a 360 px phone.

The list ran a letter's two issuers and its date together on one line, and the phone broke
them anywhere: 中共……工作委员会　成 / 都市……办事处 · 2024- / 09-20. Each issuer now has a line of
its own, as under the letter itself, and the date stays whole.

A rider who has signed the convention took the signature back with one tap on 撤回我的签署,
nothing asked; it now asks first, as taking back a tip does."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.steps import no_sideways_scroll
from tests.browser.venue_pages import phone, signed_in_phone
from volunteers.models import PublicText, SignatoryParty, Signature, TextKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTY_COMMITTEE = "中共成都市锦江区成龙路街道工作委员会"
STREET_OFFICE = "成都市锦江区人民政府成龙路街道办事处"


def letter(**fields) -> PublicText:
    values = {
        "kind": TextKind.INITIATIVE,
        "title": "致辖区居民朋友的倡议书",
        "body": "亲爱的居民朋友们：\n\n请给骑手一个微笑。",
        "issued_on": date(2024, 9, 20),
        "issuer": f"{PARTY_COMMITTEE}\u3000{STREET_OFFICE}",
        "published": True,
    }
    return PublicText.objects.create(**{**values, **fields})


def lines_of(locator) -> int:
    """How many lines of the screen the element's text takes."""
    return locator.evaluate("e => e.getClientRects().length")


def test_the_list_gives_each_issuer_a_line_and_keeps_the_date_whole(live_server, browser):
    letter()
    page = phone(browser)
    page.goto(f"{live_server.url}/initiatives/")

    issued = page.get_by_test_id("text-issuers")
    assert issued.inner_text().split("\n") == [PARTY_COMMITTEE, STREET_OFFICE, "2024-09-20"]
    for name in (PARTY_COMMITTEE, STREET_OFFICE, "2024-09-20"):
        assert lines_of(issued.get_by_text(name, exact=True)) == 1
    assert no_sideways_scroll(page)


def test_withdrawing_a_signature_asks_first(live_server, browser, rider):
    convention = letter(kind=TextKind.CONVENTION, title="社区、物业、快递小哥三方公约")
    Signature.objects.create(text=convention, signer=rider, party=SignatoryParty.COURIER)
    page = signed_in_phone(browser, live_server, rider, f"/initiatives/{convention.pk}/#sign")

    questions: list[str] = []

    def say_no(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", say_no)
    page.get_by_test_id("unsign").click()

    assert questions == ["撤回您在公约上的签署？之后可以重新签署。"]
    expect(page.get_by_test_id("my-signature")).to_be_visible()
    assert Signature.objects.filter(text=convention, signer=rider).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("unsign").click()

    expect(page.get_by_text("已撤回您的签署。")).to_be_visible()
    assert not Signature.objects.filter(text=convention, signer=rider).exists()
