"""The barber wants to add a photo of his shop. His profile's way to the page where photos
are added named only 电话、简介和营业时间, so he looked for photos elsewhere; it names the
photos too."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def edit_link(html: str) -> str:
    return re.search(r'<a[^>]*data-testid="operator-venue-edit"[^>]*>(.*?)</a>', html, re.S).group(1)


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", "电话、简介、营业时间和照片"), ("en", "Phone, description, opening hours and photos")],
)
def test_the_way_to_the_venues_details_names_its_photos(merchant_a, barber, client_for, language, words):
    html = client_for(merchant_a).get("/profile/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'href="/venues/{barber.pk}/details/"' in html
    assert words in edit_link(html)
