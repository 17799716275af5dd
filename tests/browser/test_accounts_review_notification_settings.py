"""The notification settings on a phone, as the accounts review found them (December 2026): the
boxes of the long lines and of the greyed "always sent" ones were squeezed to 13-17 px wide,
narrower than their neighbours, and the notice of an account the street office opened stood
alone under 其他 / Other instead of with the rider's other account notices (我的账号)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, sign_in
from tests.factories import RiderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALES = ["zh-CN", "en"]


@pytest.fixture
def settings_page(live_server, browser, request):
    """The settings page of a rider on a 360 px phone, in the test's language."""
    rider = RiderFactory(display_name="张设置")
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale=request.param)
    page: Page = context.new_page()
    sign_in(page, live_server.url, rider.username)
    page.goto(f"{live_server.url}/notifications/settings/")
    yield page
    context.close()


@pytest.mark.parametrize("settings_page", LOCALES, indirect=True)
def test_every_box_is_the_same_size_whatever_its_line(settings_page):
    boxes = settings_page.locator("#preferences-form input[type=checkbox]")
    assert boxes.count() > 10
    sizes = {(round(b["width"]), round(b["height"])) for b in (box.bounding_box() for box in boxes.all())}

    assert len(sizes) == 1, sizes  # none squeezed by its line's text
    assert min(sizes.pop()) >= 20
    assert no_sideways_scroll(settings_page)


@pytest.mark.parametrize(
    ("settings_page", "my_account", "other", "opened"),
    [
        ("zh-CN", "我的账号", "其他", "街道办为我开通的账号"),
        ("en", "My account", "Other", "An account opened for me by the street office"),
    ],
    indirect=["settings_page"],
)
def test_the_account_the_street_office_opened_is_among_my_account_notices(settings_page, my_account, other, opened):
    group = settings_page.get_by_test_id("pref-group").filter(has=settings_page.locator("legend", has_text=my_account))

    expect(group.get_by_text(opened)).to_be_visible()
    # Not under 其他 (which other tests' kinds, registered for the session, may still fill).
    other_group = settings_page.get_by_test_id("pref-group").filter(has=settings_page.locator("legend", has_text=other))
    expect(other_group.get_by_text(opened)).to_have_count(0)
