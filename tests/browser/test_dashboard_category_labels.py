"""A reviewer reads the dashboard's charts of categories (claims by category, redemptions by
venue, reports by category) on a 360 px phone, an 800 px tablet and a 1280 px desk, in Chinese
and in English: every category is named (none skipped), no name is tilted, and no two labels of
an axis touch or run into each other (学习培训 and 安全文明骑行 touched at 1280 px, side by side
under their bars).

The labels are measured through Chart.js's own chart (Chart.getChart(canvas)): each scale's
ticks, the pixel of each (getPixelForTick), its text in the scale's tick font, one line or
several. Screenshots go to $SCREENSHOT_DIR when it is set, else to the test's temporary
directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.factories import ReviewerFactory, RiderFactory
from tests.points.factories import CategoryFactory, ClaimFactory, RuleFactory
from tests.venues.factories import CommunityFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The programme's categories as staff named them, with a long one of each language.
CATEGORIES = [
    *("好人好事", "安全文明骑行", "学习培训", "志愿服务", "治理线索", "应急救援"),
    *("外卖骑手交通安全示范岗", "Road safety and civility"),
]

# For each chart of categories (a bar chart): the labels of each of its axes, where they stand
# along the axis and how far they reach, in CSS pixels.
AXES = """() => {
  const measure = document.createElement("canvas").getContext("2d");
  return Array.from(document.querySelectorAll("canvas[data-chart-canvas]")).map(canvas => {
    const chart = Chart.getChart(canvas);
    if (!chart || chart.config.type !== "bar") return null;
    const axes = Object.values(chart.scales).filter(scale => scale.options.display !== false).map(scale => {
      const font = Chart.helpers.toFont(scale.options.ticks.font);
      measure.font = font.string;
      const labels = scale.ticks.map((tick, i) => {
        const lines = [].concat(tick.label);
        const width = Math.max(...lines.map(line => measure.measureText(String(line)).width));
        const reach = (scale.isHorizontal() ? width : lines.length * font.lineHeight) / 2;
        const at = scale.getPixelForTick(i);
        return {text: lines.join(" "), start: at - reach, end: at + reach};
      });
      return {id: scale.id, type: scale.type, rotation: scale.labelRotation || 0, labels};
    });
    return {code: canvas.dataset.chartCanvas, categories: chart.data.labels.length, axes};
  }).filter(Boolean);
}"""


def problems(charts: list[dict]) -> list[str]:
    found = []
    for chart in charts:
        for axis in chart["axes"]:
            where = f"{chart['code']}.{axis['id']}"
            if axis["rotation"]:
                found.append(f"{where}: labels tilted {axis['rotation']:.0f}°")
            if axis["type"] == "category" and len(axis["labels"]) != chart["categories"]:
                found.append(f"{where}: {len(axis['labels'])} of {chart['categories']} categories named")
            labels = sorted(axis["labels"], key=lambda label: label["start"])
            for before, after in zip(labels, labels[1:], strict=False):
                gap = after["start"] - before["end"]
                if gap < 2:  # touching (0) or running into each other (< 0)
                    found.append(f"{where}: {before['text']!r} and {after['text']!r} {gap:.1f} px apart")
    return found


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_category_labels_never_touch_at_phone_tablet_and_desk_widths(live_server, page: Page, tmp_path, language):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    community = CommunityFactory(name="成龙社区")
    VenueFactory(community=community, name="成都市龙泉驿区王师傅理发店", lat=30.62, lng=104.13)
    rider = RiderFactory(display_name="骑手")
    for n, name in enumerate(CATEGORIES):
        rule = RuleFactory(category=CategoryFactory(code=f"c{n}", name=name))
        for _ in range(n % 3 + 1):
            ClaimFactory(rider=rider, rule=rule)
    reviewer = ReviewerFactory(display_name="王审核")
    signed_in_by_cookie(page, live_server.url, reviewer)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])

    for width in (360, 800, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/staff/")
        expect(page.locator('[data-chart-canvas="claims_by_category"]')).to_be_visible()
        page.wait_for_load_state("networkidle")
        charts = page.evaluate(AXES)
        assert {chart["code"] for chart in charts} >= {"claims_by_category", "reports_by_state_and_category"}
        assert problems(charts) == [], (language, width)
        assert no_sideways_scroll(page, width)
        shot = folder / f"claims-by-category-{language}-{width}.png"
        page.locator('[data-chart="claims_by_category"]').screenshot(path=str(shot))
