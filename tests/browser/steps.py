"""Steps the browser stories share."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD


def sign_in(page: Page, base: str, login: str) -> None:
    """Through the sign-in form, as a person does (phone or username, and the test password)."""
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/home/$"))


def no_sideways_scroll(page: Page, width: int = 360) -> bool:
    """Nothing on the page is wider than the phone's screen: the reader never scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth") <= width
