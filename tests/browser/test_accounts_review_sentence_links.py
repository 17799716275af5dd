"""A link inside a sentence stays in its line on a 360 px phone: on the sign-up page in English,
"Then please sign in." put the full stop on a line of its own, as the rule that makes a
paragraph of one link a 44 px target also took the link of a sentence out of the line (a
paragraph's text is no element, so the link was its only child). The sign-in page's and the
code page's "please sign up first." are sentences too."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The text after the link starts on the line where the link ends.
SAME_LINE = """(p) => {
  const link = p.querySelector('a');
  const after = link.nextSibling;
  const range = document.createRange();
  range.setStart(after, 0);
  range.setEnd(after, 1);
  const rects = link.getClientRects();
  const linkEnd = rects[rects.length - 1];
  const next = range.getBoundingClientRect();
  return Math.abs(linkEnd.top - next.top) < 4;
}"""


@pytest.mark.parametrize("language", ["en-GB", "zh-CN"])
@pytest.mark.parametrize("path", ["/accounts/signup/", "/accounts/login/"])
def test_the_words_after_a_link_in_a_sentence_stay_on_its_line(live_server, browser, language, path):
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale=language).new_page()
    page.goto(f"{live_server.url}{path}")
    sentence = page.locator("main p.sentence")
    assert sentence.count() == 1
    assert sentence.evaluate(SAME_LINE), path
    page.context.close()
