"""axe-core on every rider, merchant and staff page, signed in as the role that uses it, at
360 and 1280 px: no serious or critical violation (issue 18).

axe is the vendored static/vendor/axe-core/axe.min.js, injected (from our own origin: CSP) into each page after it has
loaded (and its scripts have run). Set A11Y_SHOTS=/some/dir to keep a screenshot of each page
at each width. Run with `make a11y` (marker a11y; `make test` leaves it out).
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from playwright.sync_api import Browser

from tests.a11y.pages import session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.a11y]

AXE = "vendor/axe-core/axe.min.js"
WIDTHS = (360, 1280)
SHOTS = os.environ.get("A11Y_SHOTS", "")

# A11Y_IMPACTS=moderate,serious,critical to look further than what fails CI.
IMPACTS = os.environ.get("A11Y_IMPACTS", "serious,critical").split(",")

RUN_AXE = """async (impacts) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => impacts.includes(v.impact))
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""


def only_our_server(page, base: str) -> None:
    """Map tiles and anything else off the live server are refused: the run needs no network."""
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())


def test_no_serious_or_critical_axe_violations(demo, live_server, browser: Browser, browser_context_args):
    world, visits = demo
    assert len(visits) > 40, "the page list came out short: check tests/a11y/pages.py"
    contexts = {}
    for role in {v.role for v in visits}:
        context = browser.new_context(**browser_context_args)
        if role != "anon":
            cookie = session_cookie(getattr(world, role))
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        contexts[role] = context.new_page()
        only_our_server(contexts[role], live_server.url)
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)

    broken = [f"{visit}: {visit.error}" for visit in visits if visit.error]
    visits = [visit for visit in visits if not visit.error]
    found: dict[tuple[str, str, str], list[str]] = {}  # (rule, selector, summary) -> where
    for width in WIDTHS:
        for visit in visits:
            page = contexts[visit.role]
            page.set_viewport_size({"width": width, "height": 780})
            response = page.goto(f"{live_server.url}{visit.path}")
            assert response and response.status == 200, f"{visit}: {response and response.status}"
            page.add_script_tag(url=f"{live_server.url}{settings.STATIC_URL}{AXE}")  # same origin: CSP allows it
            if SHOTS:
                name = f"{visit.role}{visit.path.replace('/', '_')}{width}.png"
                page.screenshot(path=f"{SHOTS}/{name}", full_page=True)
            for v in page.evaluate(RUN_AXE, IMPACTS):
                for node in v["nodes"]:
                    summary = " ".join(node["summary"].split())[:200]
                    key = (f"{v['id']} ({v['impact']})", node["target"], summary)
                    found.setdefault(key, []).append(f"{visit} @{width}")
    for page in contexts.values():
        page.context.close()
    report = [
        f"{rule}  {target}\n    {summary}\n    on {', '.join(where)}" for (rule, target, summary), where in sorted(found.items())
    ]
    assert not broken, "pages that failed to render:\n" + "\n".join(broken)
    assert not report, f"{len(report)} axe violations ({', '.join(IMPACTS)}):\n" + "\n".join(report)
