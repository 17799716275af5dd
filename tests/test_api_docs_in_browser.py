"""The interactive API docs work under the site's Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_show_the_api_without_a_console_error(live_server, page):
    problems: list[str] = []  # script errors and CSP violations show up on the console
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    page.goto(f"{live_server.url}/api/docs/")

    # The page asks for /api/schema/, which drf-spectacular builds on the first request: about
    # 3 s of CPU for our API, more than the 5 s default on a busy machine (it failed so once).
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Friendly Street API", timeout=30_000)
    expect(page.locator(".opblock-tag").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert not problems, problems
