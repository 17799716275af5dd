"""A venue's page and the partners' wall, read as a native Chinese reader and on mobile data
(public review #9, #15): photos come as the list's thumbnails and open the full photo; the
plaque reads 牌匾编号 … · 2024-09-20 授牌; 合作时间：2024年9月起; counts in （4）; one
spelling of 暖新."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile

from tests.venues.factories import VenueFactory, VenuePhotoFactory, jpeg_bytes
from venues.models import Partner, VenueKind

pytestmark = pytest.mark.django_db


def venue_page(client, venue) -> str:
    response = client.get(f"/venues/{venue.id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_venue_photos_are_thumbnails_that_open_the_full_photo(client):
    photo = VenuePhotoFactory(
        caption="门口的休息区",
        thumbnail=ContentFile(jpeg_bytes((480, 360)), name="t.jpg"),
        thumb_width=480,
        thumb_height=360,
    )

    page = venue_page(client, photo.venue)

    assert (
        f'<a href="/venues/photos/{photo.id}/" class="photo-link" data-testid="venue-photo-link">'
        f'<img src="/venues/photos/{photo.id}/thumb/" alt="门口的休息区" loading="lazy" decoding="async" '
        'width="480" height="360">'
    ) in page
    assert f'src="/venues/photos/{photo.id}/"' not in page
    assert client.get(f"/venues/photos/{photo.id}/thumb/").status_code == 200
    assert client.get(f"/venues/photos/{photo.id}/").status_code == 200


def test_an_older_photo_without_a_thumbnail_still_shows(client):
    photo = VenuePhotoFactory()
    page = venue_page(client, photo.venue)
    photos = page.split('data-testid="venue-photos"', 1)[1].split("</div>")[0]
    assert f'<img src="/venues/photos/{photo.id}/thumb/"' in photos and 'width="' not in photos
    assert client.get(f"/venues/photos/{photo.id}/thumb/").status_code == 200  # the photo itself


def test_the_venue_page_names_the_plaque_and_the_partnership_plainly(client):
    venue = VenueFactory(plaque_number="CLL-NX-2024-001", plaque_date=date(2024, 9, 20), partner_since=date(2024, 9, 1))

    page = venue_page(client, venue)

    assert "<dt>牌匾编号</dt>" in page and "CLL-NX-2024-001 · 2024-09-20 授牌" in page
    assert "<dt>合作时间</dt>" in page and "2024年9月起" in page
    assert "授牌编号" not in page and "合作起始" not in page


def test_the_wall_reads_plaque_numbers_and_counts_the_chinese_way(client):
    VenueFactory(name="王师傅理发店", kind=VenueKind.MERCHANT, plaque_number="CLL-NX-2024-001", plaque_date=date(2024, 9, 20))
    VenueFactory(name="李记面馆", kind=VenueKind.MERCHANT, plaque_number="CLL-NX-2024-002", partner_since=date(2024, 9, 1))
    Partner.objects.create(name="某出行公司", kind="爱心企业", plaque_number="CLL-NX-2024-100", plaque_date=date(2024, 10, 1))

    page = client.get("/partners/").content.decode()

    merchants = page.split('data-kind="merchant"', 1)[1].split("</section>", 1)[0]
    assert '<span class="muted">（2）</span>' in merchants and "(2)" not in merchants
    assert "牌匾编号 CLL-NX-2024-001</span>" in merchants and "2024-09-20 授牌" in merchants
    assert "合作时间：2024年9月起" in merchants
    assert "牌匾编号 CLL-NX-2024-100" in page and "2024-10-01 授牌" in page
    assert "授牌 CLL" not in page


def test_the_programme_is_spelt_one_way(client):
    VenueFactory(plaque_number="CLL-NX-001")
    page = client.get("/partners/").content.decode()
    assert "暖新" in page and "暖“新”" not in page and '暖"新"' not in page


def test_english_readers_get_the_same_facts(client):
    venue = VenueFactory(plaque_number="CLL-NX-2024-001", plaque_date=date(2024, 9, 20), partner_since=date(2024, 9, 1))
    client.cookies["django_language"] = "en"
    page = venue_page(client, venue)
    assert "CLL-NX-2024-001 · awarded 2024-09-20" in page and "since September 2024" in page
