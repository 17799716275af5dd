"""A rider at a compound's gate, often at night (public review #7, #8, #9): each gate says
whether it is open now and when that changes, in a gate's words (开放/关闭, not a shop's
营业); the map says what a gate's dot means; a gate without e-bikes is not also "开放，可直接
进入"; tip photos come as thumbnails that open the photo; and signing in to add a tip comes
back to the form."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.utils.html import escape
from PIL import Image

from tests.factories import TEST_PASSWORD
from tests.venues.factories import CompoundFactory, GateFactory, TipFactory
from venues import hours as hours_lib
from venues.models import TipStatus

pytestmark = pytest.mark.django_db

DAY_CODES = hours_lib.DAY_CODES


def guide(client, compound) -> str:
    response = client.get(f"/compounds/{compound.id}/")
    assert response.status_code == 200
    return response.content.decode()


def gate_card(page: str, gate) -> str:
    return page.split(f'data-gate-id="{gate.id}"', 1)[1].split("</li>", 1)[0]


def photo(size=(1600, 1200)) -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", size, (90, 140, 200)).save(out, format="JPEG", quality=90)
    return ContentFile(out.getvalue(), name="gate.jpg")


def test_each_gate_says_whether_it_is_open_now_and_when_that_changes(client, within_one_minute):
    now = hours_lib.local()
    tomorrow = DAY_CODES[(now.weekday() + 1) % 7]
    compound = CompoundFactory(name="锦绣天府")
    always = GateFactory(compound=compound, name="北门", hours="24/7")
    tomorrow_only = GateFactory(compound=compound, name="西门", hours=f"{tomorrow} 07:00-20:00")
    unknown = GateFactory(compound=compound, name="后门", hours="")

    page = guide(client, compound)

    north = gate_card(page, always)
    assert 'data-open="1"' in north and "现在开放" in north
    assert "开放时间：24小时开放" in north and "营业" not in north
    west = gate_card(page, tomorrow_only)
    assert 'data-open="0"' in west and "已关闭" in west and "明天 07:00 开门" in west
    # Hours nobody wrote down: no guess either way.
    assert "gate-open-state" not in gate_card(page, unknown)


@pytest.mark.skipif(hours_lib.local().strftime("%H:%M") >= "23:50", reason="the gate shuts at 23:59 today")
def test_an_open_gate_says_when_it_shuts_today(client, within_one_minute):
    today = DAY_CODES[hours_lib.local().weekday()]
    gate = GateFactory(name="南门", hours=f"{today} 00:00-23:59")
    card = gate_card(guide(client, gate.compound), gate)
    assert "现在开放" in card and "今天 23:59 关门" in card


def test_a_gate_open_all_week_reads_every_day(client):
    gate = GateFactory(name="南门", hours="Mo-Su 06:00-23:00")
    card = gate_card(guide(client, gate.compound), gate)
    assert "开放时间：每天 06:00–23:00" in card and "星期一–星期日" not in card


def test_a_walk_in_gate_that_bars_e_bikes_says_on_foot(client):
    compound = CompoundFactory()
    foot = GateFactory(compound=compound, name="后门（北）", ebikes_allowed=False, entry_method="open")
    ride = GateFactory(compound=compound, name="南门", ebikes_allowed=True, entry_method="open")

    page = guide(client, compound)

    assert "电动车禁入" in gate_card(page, foot) and "开放，步行可直接进入" in gate_card(page, foot)
    assert "开放，可直接进入" not in gate_card(page, foot)
    assert "电动车可进" in gate_card(page, ride) and "开放，可直接进入" in gate_card(page, ride)


def test_the_map_legend_says_a_gates_dot_is_about_e_bikes(client):
    compound = CompoundFactory()
    GateFactory(compound=compound, name="北门", ebikes_allowed=True, lat=30.6052, lng=104.1390)
    GateFactory(compound=compound, name="东门", ebikes_allowed=False, lat=30.6046, lng=104.1405)

    page = guide(client, compound)

    legend = page.split('data-testid="gate-legend"', 1)[1].split("</ul>", 1)[0]
    assert "大门：电动车可进" in legend and "大门：电动车禁入" in legend and "小区位置" in legend
    # The dots venues.js draws: green ("open": true) exactly where e-bikes may enter.
    markers = json.loads(re.search(r'<script id="gate-markers" type="application/json">(.*?)</script>', page).group(1))
    assert {(m["name"], m["open"]) for m in markers} == {("北门", True), ("东门", False)}


def test_a_guide_without_gates_on_the_map_has_no_legend(client):
    gate = GateFactory(lat=None, lng=None)
    assert 'data-testid="gate-legend"' not in guide(client, gate.compound)


def test_a_tip_photo_is_a_thumbnail_that_opens_the_full_photo(client, rider, reviewer):
    tip = TipFactory(author=rider, status=TipStatus.APPROVED, reviewed_by=reviewer, photo=photo())

    page = guide(client, tip.compound)

    # Both addresses carry the photo's version (v=), so they may be kept a day.
    full, small = tip.photo_url(), tip.photo_url(thumb=True)
    assert full == f"/compounds/tips/{tip.id}/photo/?v={tip.photo_version()}"
    assert small == f"/compounds/tips/{tip.id}/photo/?size=thumb&v={tip.photo_version()}"
    link = f'<a href="{full}" class="photo-link" data-testid="tip-photo-link"><img src="{escape(small)}"'
    assert link in page
    thumb = client.get(small)
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert thumb["Cache-Control"] == "public, max-age=86400"
    with Image.open(io.BytesIO(thumb.content)) as shrunk:
        assert max(shrunk.size) == 480
    assert len(thumb.content) < len(client.get(full).content)
    # Asked again: the same small copy.
    assert client.get(small).content == thumb.content


def test_a_pending_tips_thumbnail_is_for_its_author_only(client, client_for, rider, other_rider):
    tip = TipFactory(author=rider, photo=photo())
    url = tip.photo_url(thumb=True)

    assert client.get(url).status_code == 404
    assert client_for(other_rider).get(url).status_code == 404
    mine = client_for(rider).get(url)
    assert mine.status_code == 200 and mine["Cache-Control"] == "private, max-age=3600"


def test_a_withdrawn_tips_thumbnail_is_gone_even_after_it_was_shown(client, rider, reviewer):
    tip = TipFactory(author=rider, status=TipStatus.APPROVED, reviewed_by=reviewer, photo=photo())
    url = f"/compounds/tips/{tip.id}/photo/?size=thumb"
    assert client.get(url).status_code == 200

    tip.status, tip.reject_reason = TipStatus.WITHDRAWN, "照片里有住户的门牌"
    tip.save()

    assert client.get(url).status_code == 404


def test_signing_in_to_add_a_tip_comes_back_to_the_form(client, rider):
    compound = CompoundFactory()

    # A visitor sends the form (or follows the guide's sign-in link): the sign-in page keeps
    # the form's anchor inside `next`, where the server sees it.
    link = f'href="/accounts/login/?next=/compounds/{compound.id}/%23tip-form"'
    assert link in guide(client, compound)  # the guide's 登录后添加贴士
    to_login = client.post(f"/compounds/{compound.id}/tips/", {"text": "东门晚上走侧门"})
    assert to_login.status_code == 302
    assert to_login["Location"] == f"/accounts/login/?next=/compounds/{compound.id}/%23tip-form"

    signed_in = client.post(to_login["Location"], {"login": rider.phone[3:], "password": TEST_PASSWORD})

    assert signed_in.status_code == 302 and signed_in["Location"] == f"/compounds/{compound.id}/#tip-form"
    assert 'id="tip-form"' in guide(client, compound)


def test_a_sign_in_link_with_the_anchor_works_by_sms_code_too(client, rider):
    from friendlystreet.sms.models import OutboxMessage

    compound = CompoundFactory()
    next_url = f"/compounds/{compound.id}/%23tip-form"
    client.get(f"/accounts/login/?next={next_url}")
    # The code page's form carries `next` as the browser decoded it from the address.
    asked = client.post(
        f"/accounts/login/code/?next={next_url}", {"phone": rider.phone[3:], "next": f"/compounds/{compound.id}/#tip-form"}
    )
    assert asked.status_code == 302
    text = OutboxMessage.objects.filter(phone=rider.phone).latest("id").text
    code = re.search(r"\b(\d{6})\b", text).group(1)

    confirmed = client.post(asked["Location"], {"code": code})

    assert confirmed.status_code == 302 and confirmed["Location"] == f"/compounds/{compound.id}/#tip-form"


def test_a_venue_page_offers_to_report_wrong_information(client):
    from tests.venues.factories import VenueFactory

    venue = VenueFactory(name="成龙路暖新驿站")
    page = client.get(f"/venues/{venue.pk}/").content.decode()
    assert f'href="/reports/new/?venue={venue.pk}" id="venue-wrong-info"' in page and "信息有误？告诉我们" in page
