"""In a real browser on a 360 px phone: yesterday's crossing patrol, entered by staff after it happened
with a rider checked in at the door, has a wrong title and meeting point and no pin. Staff open 编辑:
the title, the meeting point and the map stay open; the time and the rule the rider was paid by,
and the places, are read-only, each with why beside it. They correct the title and the meeting point, tap
the map for the pin, save, and the roster names the activity as corrected. Before, the meeting
point and the pin were read-only after the end too, and a tap on the map put no pin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.steps import no_sideways_scroll, signed_in_by_cookie
from tests.browser.venue_pages import amap, stub_tiles
from tests.factories import ReviewerFactory, RiderFactory
from tests.volunteers.factories import attendance_rule
from volunteers import services
from volunteers.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures(amap.__name__)]

# The rider checked in was paid by the time (services.times_paid): it is kept, saying so.
TIME_ZH = (
    "已有 1 名骑手按此时间签到并获得积分（积分按开始时间记日期，按小时计分的规则按时长计分），"
    "不能再更改时间：到场的骑手都按同一时间计分。"
)
RULE_ZH = "已有 1 名骑手签到并按此规则获得积分，不能再更改规则：到场的骑手都按同一规则计分。"


def test_staff_correct_yesterdays_late_entered_activity_on_a_phone(live_server, page: Page):
    staff = ReviewerFactory()
    nine = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    patrol = services.activity_create(
        actor=staff,
        title="路口劝到",
        category="civility",
        place="成龙大道二段路口",
        starts_at=nine,
        ends_at=nine + timedelta(hours=2),
        capacity=10,
        rule=attendance_rule(),
        state=Activity.State.PUBLISHED,
    )
    assert patrol.recorded_after_start
    services.checkin_walk_in(actor=staff, activity=patrol, rider=RiderFactory())
    stub_tiles(page)
    page.set_viewport_size({"width": 360, "height": 740})
    signed_in_by_cookie(page, live_server.url, staff)

    page.goto(f"{live_server.url}/staff/activities/{patrol.pk}/edit/")

    for name in ("starts_at", "ends_at", "capacity", "rule"):
        expect(page.locator(f"#id_{name}")).to_be_disabled()
    expect(page.locator("#id_starts_at_helptext")).to_have_text(TIME_ZH)
    expect(page.locator("#id_rule_helptext")).to_have_text(RULE_ZH)
    page.locator("#id_rule_helptext").scroll_into_view_if_needed()
    expect(page.locator("#id_rule_helptext")).to_be_in_viewport()
    assert no_sideways_scroll(page)

    page.locator("#id_title").fill("路口文明劝导")
    page.locator("#id_place").fill("成龙大道二段与驿都大道路口")
    page.locator(".fs-map-details > summary").click()
    picker = page.locator("#id_lat_map")
    expect(picker.locator(".leaflet-tile-loaded").first).to_be_attached()
    picker.click()
    expect(page.locator("#id_lat_map .leaflet-marker-icon")).to_have_count(1)
    expect(page.locator("#id_lat")).not_to_have_value("")
    page.locator("#save-activity").click()

    page.wait_for_url(f"{live_server.url}/staff/activities/{patrol.pk}/")
    expect(page.locator("h1")).to_contain_text("路口文明劝导")
    saved = Activity.objects.get(pk=patrol.pk)
    assert (saved.title, saved.place) == ("路口文明劝导", "成龙大道二段与驿都大道路口")
    assert saved.lat is not None and saved.lng is not None
    assert (saved.starts_at, saved.ends_at, saved.rule_id) == (patrol.starts_at, patrol.ends_at, patrol.rule_id)


def test_staff_correct_the_end_of_a_late_entered_activity_nobody_was_paid_by_yet_on_a_phone(live_server, page: Page):
    """Entered as 9:00–21:00 (it was 9:00–11:00), nobody checked in yet: the start and end are open,
    the note under them says why and until when, and the corrected end is saved."""
    staff = ReviewerFactory()
    nine = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    patrol = services.activity_create(
        actor=staff,
        title="路口劝导",
        category="civility",
        place="成龙大道二段路口",
        starts_at=nine,
        ends_at=nine + timedelta(hours=12),
        capacity=10,
        rule=attendance_rule(),
        state=Activity.State.PUBLISHED,
    )
    page.set_viewport_size({"width": 360, "height": 740})
    signed_in_by_cookie(page, live_server.url, staff)

    page.goto(f"{live_server.url}/staff/activities/{patrol.pk}/edit/")

    for name in ("starts_at", "ends_at"):
        expect(page.locator(f"#id_{name}")).to_be_enabled()
    expect(page.locator("#id_capacity")).to_be_disabled()
    note = page.get_by_test_id("activity-times-note")
    expect(note).to_contain_text("还没有骑手签到：开始和结束时间仍可更正")
    note.scroll_into_view_if_needed()
    expect(note).to_be_in_viewport()
    assert no_sideways_scroll(page)

    page.locator("#id_ends_at").fill((nine + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#save-activity").click()

    page.wait_for_url(f"{live_server.url}/staff/activities/{patrol.pk}/")
    saved = Activity.objects.get(pk=patrol.pk)
    assert (saved.starts_at, saved.ends_at) == (nine, nine + timedelta(hours=2))
