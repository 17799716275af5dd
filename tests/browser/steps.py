"""Steps the browser stories share."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client
from playwright.sync_api import Locator, Page, expect

from tests.factories import TEST_PASSWORD


def sign_in(page: Page, base: str, login: str) -> None:
    """Through the sign-in form, as a person does (phone or username, and the test password)."""
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/home/$"))


def signed_in_by_cookie(page: Page, base: str, user) -> None:
    """The page's browser holds `user`'s session (from the test client): for a story that is
    not about signing in."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def no_sideways_scroll(page: Page, width: int = 360) -> bool:
    """Nothing on the page is wider than the phone's screen: the reader never scrolls sideways.
    Measured once the page has loaded: before forms.css arrives, a form's inputs are 376 px wide."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth") <= width


# The lines an element's text stands on: the distinct tops of its text's boxes (a badge's
# padding, or white space between elements, is no line of its own).
TEXT_LINES = """el => {
  const tops = new Set(), walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    if (!walk.currentNode.textContent.trim()) continue;
    const r = document.createRange(); r.selectNodeContents(walk.currentNode);
    for (const box of r.getClientRects()) tops.add(Math.round(box.top));
  }
  return tops.size;
}"""


def text_lines(locator: Locator) -> int:
    """How many lines the element's text stands on (1: nothing wrapped)."""
    return locator.evaluate(TEXT_LINES)
