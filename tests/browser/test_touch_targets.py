"""Every interactive element a rider or a merchant can touch is at least 44 × 44 CSS px at
360 px wide, and no page scrolls sideways (issue 18; WCAG 2.5.5 AAA size as our bar).

The one exception is WCAG 2.5.8's inline exception: a link inside running text (an <a> whose
parent block has text of its own beside it, e.g. "read the privacy notice" in a sentence) is
sized by the line it sits in, and is left out. Links side by side with only a separator between
them ("Privacy notice · Delete my account") are not a sentence: they are measured. Hidden elements are left out too.
Screenshots of each page at 360 and 1280 px go to SCREENSHOTS (default /tmp/fs-shots)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.points.factories import RuleFactory
from tests.points.rewards.factories import RewardFactory, give_points

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOTS", "/tmp/fs-shots")

MEASURE = """() => {
  const small = [];
  for (const el of document.querySelectorAll('a, button, input:not([type=hidden]), select, textarea, label[for], summary')) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!r.width || !r.height || style.visibility === 'hidden') continue;
    if (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio') && el.labels && el.labels.length) {
      continue; // its label is the target
    }
    // a text field's label is not a target: the field is
    if (el.tagName === 'LABEL' && !(el.control && ['checkbox', 'radio'].includes(el.control.type))) continue;
    if (el.tagName === 'A' && style.display === 'inline') {
      const parent = el.parentElement;
      const own = Array.from(parent.childNodes).filter(n => n !== el && n.tagName !== 'A').map(n => n.textContent).join('');
      if (own.replace(/[\\s·|/]/g, '').length > 0) continue; // WCAG 2.5.8 inline exception: a link in a sentence
    }
    if (r.width < 44 - 0.5 || r.height < 44 - 0.5) {
      const what = (el.textContent || el.name || '').trim().slice(0, 30);
      small.push(`${el.tagName.toLowerCase()} "${what}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return small;
}"""


def check(page: Page, live_server, paths: list[str], who: str) -> dict[str, list[str]]:
    os.makedirs(SHOTS, exist_ok=True)
    found = {}
    for path in paths:
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 780})
            page.goto(f"{live_server.url}{path}")
            page.screenshot(path=f"{SHOTS}/{who}{path.replace('/', '_')}{width}.png", full_page=True)
        assert no_sideways_scroll(page), f"{path} scrolls sideways"
        small = page.evaluate(MEASURE)
        if small:
            found[path] = small
    return found


def test_a_riders_pages_have_44px_targets(live_server, page: Page, rider):
    give_points(rider, 40)
    RuleFactory(name="文明劝导", points=10)
    RewardFactory(cost=30)
    signed_in_by_cookie(page, live_server.url, rider)
    paths = [
        "/home/",
        "/points/",
        "/points/claims/new/",
        "/points/how-to-earn/",
        "/points/claims/",
        "/vouchers/",
        "/notifications/",
        "/profile/",
        "/profile/data/",
    ]
    assert check(page, live_server, paths, "rider") == {}


def test_a_merchants_pages_have_44px_targets(live_server, page: Page, merchant_a):
    signed_in_by_cookie(page, live_server.url, merchant_a)
    assert check(page, live_server, ["/home/", "/redeem/", "/redeem/history/"], "merchant") == {}
