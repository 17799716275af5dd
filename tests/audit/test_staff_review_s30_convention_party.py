"""A street admin reads the audit trail in Chinese: when someone signs the convention (签署公约),
the entry says who it was signed for in Chinese, 签署方 快递员或骑手, not the stored words
`party` `courier` that it showed before (in English, and set as code)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.venues.factories import VenueFactory
from venues.models import VenueKind
from volunteers.models import PublicText, SignatoryParty, TextKind
from volunteers.texts.services import text_sign

pytestmark = pytest.mark.django_db

URL = "/staff/audit/"


def the_convention() -> PublicText:
    return PublicText.objects.create(
        kind=TextKind.CONVENTION,
        title="社区、物业、快递小哥三方公约",
        body="三方共同遵守。",
        issued_on=date(2026, 3, 5),
        issuer="成龙路街道办事处",
        published=True,
    )


def test_the_trail_says_who_the_convention_was_signed_for_in_chinese(client_for, street_admin, rider, reviewer):
    convention = the_convention()
    text_sign(user=rider, text=convention)
    station = VenueFactory(name="锦绣天府物业", kind=VenueKind.PROPERTY_STATION)  # its operator signs for it
    station.operators.add(reviewer)
    text_sign(user=reviewer, text=convention, party=SignatoryParty.PROPERTY, organisation="锦绣天府物业")

    html = client_for(street_admin).get(URL, {"action": "volunteers.text_signed"}).content.decode()

    assert html.count("签署公约") >= 2
    assert "签署方" in html
    assert "快递员或骑手" in html
    assert "物业企业" in html
    assert "<code>party</code>" not in html
    assert "<code>courier</code>" not in html
    assert "<code>property</code>" not in html


def test_and_in_english_in_words_too(client_for, street_admin, rider):
    text_sign(user=rider, text=the_convention())

    html = client_for(street_admin).get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Courier or rider" in html
    assert "<code>courier</code>" not in html
