"""A street admin opens a waiting rider's verification page on a phone (360 px, Chinese). Above
the screenshot sat a filled, primary-coloured 显示完整姓名和手机号, the page's most prominent
button, offering a name already shown in full; 匿名化 sat in the same card. Now the reveal is an
outlined (secondary) 显示完整手机号, what it still hides; the decision (认证通过并审下一位) is the
one filled button; 匿名化 is in its own section at the end of the page, after the decision. The
reveal still shows the phone and writes one audit entry."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from friendlystreet.accounts.models import Verification
from friendlystreet.audit.models import AuditEntry
from points import verification
from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import RiderFactory, StreetAdminFactory
from tests.points.factories import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILLED = "el => getComputedStyle(el).backgroundColor !== 'rgb(255, 255, 255)'"


def reveals() -> int:
    return AuditEntry.objects.filter(action="accounts.personal_data_viewed", data__purpose="rider_verification").count()


def test_a_street_admin_sees_the_decision_as_the_main_action_and_reveals_only_the_phone(live_server, browser):
    rider = RiderFactory(display_name="冯磊", phone="+8613800000023", verification=Verification.UNVERIFIED)
    verification.evidence_save(rider=rider, upload=SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg"))
    page = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN").new_page()
    signed_in_by_cookie(page, live_server.url, StreetAdminFactory())
    page.goto(f"{live_server.url}/staff/riders/{rider.pk}/decide/")

    card = page.locator("#rider-facts")
    expect(card.get_by_test_id("rider-name")).to_contain_text("冯磊")  # shown in full to compare
    reveal = card.get_by_role("button", name="显示完整手机号")
    expect(reveal).to_be_visible()
    assert not reveal.evaluate(FILLED)  # outlined, not the page's main action
    assert page.locator("#verify-next").evaluate(FILLED)  # 认证通过并审下一位 is
    filled = [b for b in page.locator("main button:visible").all() if b.evaluate(FILLED) and b.get_attribute("class") != "link"]
    assert [b.inner_text() for b in filled] == ["认证通过并审下一位"]

    # 匿名化: not in the card, but on its own after the decision and the earlier decisions.
    expect(card.get_by_test_id("anonymise")).to_have_count(0)
    anonymise = page.get_by_test_id("anonymise")
    expect(anonymise).to_have_text("匿名化")
    expect(page.locator("#anonymise-section h2")).to_have_text("匿名化骑手账号")
    assert anonymise.bounding_box()["y"] > page.locator("#decision-history").bounding_box()["y"]
    assert no_sideways_scroll(page)

    before = reveals()
    page.locator("#reveal-reason").select_option("rider_verification")
    reveal.click()
    expect(page.get_by_test_id("rider-phone")).to_have_text("138\u00a00000\u00a00023")
    assert reveals() == before + 1
