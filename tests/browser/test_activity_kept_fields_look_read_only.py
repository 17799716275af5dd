"""In a real browser on a 360 px phone: staff open 编辑 on an activity that ended an hour ago. The
fields it keeps (services.kept_fields: the time, the places, the venue) were
drawn disabled but looked like the title beside them, white with dark text (only the missing
calendar icon told them apart), so staff tapped them and nothing happened. A disabled control
now has its own look site-wide (site.css): a muted ground and text still readable (≥ 4.5:1), a
dashed border and a not-allowed cursor. (The meeting point and its map pin may be corrected
after the end: tests/browser/test_late_entered_activity_corrected_in_browser.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.browser.venue_pages import amap, folder_for, stub_tiles
from tests.factories import ReviewerFactory, RiderFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory, started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]

LOOK = """el => { const s = getComputedStyle(el);
  return {background: s.backgroundColor, color: s.color, cursor: s.cursor, border: s.borderTopStyle}; }"""


def luminance(rgb: str) -> float:
    """WCAG 2 relative luminance of a computed `rgb(r, g, b)`."""
    parts = [int(p) / 255 for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_fields_an_ended_activity_keeps_look_read_only_on_a_phone(live_server, page: Page, tmp_path):
    activity = ActivityFactory(title="成龙路街道清洁")
    SignupFactory(activity=activity, rider=RiderFactory())
    started(activity, ago=timedelta(hours=3))  # two hours long: it ended an hour ago
    stub_tiles(page)
    page.set_viewport_size({"width": 360, "height": 740})
    signed_in_by_cookie(page, live_server.url, ReviewerFactory())

    page.goto(f"{live_server.url}/staff/activities/{activity.pk}/edit/")

    kept, open_ = page.locator("#id_starts_at"), page.locator("#id_title")
    expect(kept).to_be_disabled()
    expect(open_).to_be_enabled()
    read_only, editable = kept.evaluate(LOOK), open_.evaluate(LOOK)
    assert read_only["background"] != editable["background"], (read_only, editable)
    assert read_only["color"] != editable["color"], (read_only, editable)
    assert (read_only["cursor"], read_only["border"]) == ("not-allowed", "dashed")
    assert editable["cursor"] != "not-allowed" and editable["border"] == "solid"
    assert contrast(read_only["color"], read_only["background"]) >= 4.5, read_only
    for name in ("ends_at", "signup_deadline", "capacity", "venue"):  # a select and inputs alike
        assert page.locator(f"#id_{name}").evaluate(LOOK) == read_only, name
    assert no_sideways_scroll(page)
    page.screenshot(path=str(folder_for(tmp_path) / "activity-kept-fields-360.png"), full_page=True)
