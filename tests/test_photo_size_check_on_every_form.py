"""Every form that uploads a photo refuses one over the size limit in the browser, before it goes
up: each of its file inputs carries the limit clean_image() applies and the server's words for it
(friendlystreet.uploads.size_check_attrs), and the page loads static/js/uploads.js, the one
script that reads them. The claim, evidence and report forms did; the venue photo forms (staff's
and the operator's), a compound tip's, the reward forms (staff's, a partner's proposal) and the
staff's text form did not, and sent a 24 MB photo in full only to be told 文件过大."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from friendlystreet.accounts.models import Verification
from tests.factories import RiderFactory
from tests.points.rewards.factories import barbers_counter
from tests.venues.factories import CompoundFactory

LIMIT = 64 * 1024


class FileInputs(HTMLParser):
    """The page's <input type="file"> (their attributes) and its scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "file":
            self.inputs.append(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])


def pages(rider, street_admin) -> dict[str, tuple[object, str]]:
    shop, barber, _ = barbers_counter()
    return {
        "claim": (rider, "/points/claims/new/"),
        "report": (rider, "/reports/new/"),
        "evidence": (RiderFactory(verification=Verification.UNVERIFIED), "/profile/evidence/"),
        "staff venue": (street_admin, "/staff/venues/new/"),
        "staff venue, existing": (street_admin, f"/staff/venues/{shop.pk}/"),
        "operator's venue details": (barber, f"/venues/{shop.pk}/details/"),
        "compound tip": (rider, f"/compounds/{CompoundFactory().pk}/"),
        "staff reward": (street_admin, "/staff/rewards/new/"),
        "partner's proposal": (barber, "/redeem/propose/"),
        "staff text": (street_admin, "/staff/texts/new/"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, too_large", [("zh-hans", "文件过大（最大 64.0\xa0KB）。"), ("en", "This file is too large (at most 64.0\xa0KB).")]
)
def test_every_photo_form_carries_the_servers_limit_and_words_and_the_script_that_reads_them(
    language, too_large, rider, street_admin, client_for, settings
):
    settings.UPLOAD_IMAGE_MAX_BYTES = LIMIT
    for name, (user, path) in pages(rider, street_admin).items():
        response = client_for(user).get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (name, response.status_code)
        page = FileInputs()
        page.feed(response.content.decode())
        assert page.inputs, name
        for attrs in page.inputs:
            assert attrs.get("data-max-bytes") == str(LIMIT), (name, attrs)
            assert attrs.get("data-too-large") == too_large, (name, attrs)
        assert any(src.endswith("js/uploads.js") for src in page.scripts), (name, page.scripts)
