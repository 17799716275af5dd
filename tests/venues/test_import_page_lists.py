"""The venue import page says what the 类型, 便民设施 and 社区 cells take, read from what the
import reads them with (the venue kinds, their programme names, the amenities and communities
stored now), so a contractor filling the spreadsheet writes what will be read."""

from __future__ import annotations

import re

import pytest

from tests.venues.factories import AmenityFactory, CommunityFactory
from tests.venues.test_import_in_chinese import CHINESE_HEADER, IMPORT, csv_file
from venues.models import Venue, VenueKind

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</ul>", start)]


def test_the_page_lists_every_kind_with_its_code_and_programme_names(client_for, street_admin):
    html = client_for(street_admin).get(IMPORT, **ZH).content.decode()

    kinds = section(html, "import-kinds")
    assert re.findall(r'data-code="([a-z_]+)"', kinds) == [k.value for k in VenueKind]
    assert "暖新商家 <code>merchant</code>" in kinds
    assert re.search(r'data-code="merchant">暖新商家 <code>merchant</code> <span class="muted">也可写 商家</span>', kinds)


def test_the_page_lists_the_amenities_and_communities_stored_now(client_for, street_admin):
    admin = client_for(street_admin)
    html = admin.get(IMPORT, **ZH).content.decode()
    assert 'data-testid="import-no-communities"' in html and 'href="/staff/venues/communities/"' in html
    assert 'data-testid="import-no-amenities"' in html

    AmenityFactory(code="phone_charging", name="手机充电", name_en="Phone charging")
    AmenityFactory(code="shower", name="淋浴", name_en="", active=False)
    CommunityFactory(name="望平社区", position=1)
    CommunityFactory(name="驿都社区", position=0)
    admin.post("/staff/venues/amenities/", {"code": "hot_water", "name": "热水", "name_en": "Hot water", "position": "0"})

    html = admin.get(IMPORT, **ZH).content.decode()
    amenities = section(html, "import-amenities")
    assert (
        '<li data-code="phone_charging">手机充电 / <span lang="en">Phone charging</span> <code>phone_charging</code></li>'
    ) in amenities
    assert '<li data-code="shower">淋浴 <code>shower</code> <span class="muted">（骑手看不到）</span></li>' in amenities
    assert 'data-code="hot_water"' in amenities  # added a moment ago: read, not copied
    assert re.findall(r"<li>([^<]+)</li>", section(html, "import-communities")) == ["驿都社区", "望平社区"]


def test_what_the_page_lists_is_what_the_import_takes(client_for, street_admin):
    AmenityFactory(code="phone_charging", name="手机充电")
    CommunityFactory(name="望平社区")
    admin = client_for(street_admin)
    html = admin.get(IMPORT, **ZH).content.decode()
    kinds = re.findall(r'data-code="([a-z_]+)">([^<]+) <code>', section(html, "import-kinds"))
    place = ["30.6035", "104.1262", "手机充电", "", "是"]
    rows = [
        ["", f"驿站{i}", label.strip() if i % 2 else code, "望平社区", f"成龙大道二段{i}号", *place]
        for i, (code, label) in enumerate(kinds)
    ]

    response = admin.post(IMPORT, {"file": csv_file(CHINESE_HEADER, rows)})

    assert response.status_code == 302, response.context and response.context.get("errors")
    assert sorted(Venue.objects.values_list("kind", flat=True)) == sorted(code for code, _label in kinds)
