"""The street office issues a volunteer record only to a rider it has verified: before that
the rider sees their record with a note, not a certificate with the office's name, a code
and a public check; and the public check confirms nothing for an unverified rider."""

from __future__ import annotations

import pytest
from django.urls import reverse

from friendlystreet.accounts.models import Verification
from tests.factories import RiderFactory
from tests.volunteers.test_record import activity_of, attend
from volunteers.selectors import profile_of

pytestmark = pytest.mark.django_db

RECORD = reverse("volunteers:record")


def verify_url(code: str) -> str:
    return reverse("volunteers:verify", args=[code])


@pytest.fixture
def newcomer(db):
    return RiderFactory(verification=Verification.UNVERIFIED)


def test_an_unverified_rider_sees_their_record_without_a_certificate(client_for, newcomer):
    code = profile_of(newcomer).record_code

    html = client_for(newcomer).get(RECORD).content.decode()

    assert "我的志愿服务记录" in html and 'data-testid="record-not-issued"' in html
    assert "通过认证后，街道办会为您出具志愿服务记录证明" in html
    assert 'data-testid="record-count">0<' in html  # the (empty) record itself
    assert "志愿服务记录证明</h1>" not in html
    assert 'class="vol-office"' not in html  # no street office heading
    assert code not in html and "核验码" not in html.replace("可供查验的核验码", "")
    assert "/verify/" not in html and 'data-testid="verify-qr"' not in html and "data-print" not in html


def test_an_unverified_riders_code_is_not_confirmed_publicly(client, newcomer):
    code = profile_of(newcomer).record_code

    assert client.get(verify_url(code)).status_code == 404


def test_once_verified_the_rider_gets_the_certificate_and_the_code_checks_out(client, client_for, newcomer, reviewer):
    attend(reviewer, newcomer, activity_of(2, days=3))  # something to certify
    code = profile_of(newcomer).record_code
    newcomer.verification = Verification.VERIFIED
    newcomer.save(update_fields=["verification"])

    html = client_for(newcomer).get(RECORD).content.decode()

    assert "志愿服务记录证明</h1>" in html and 'class="vol-office"' in html
    assert f'data-testid="record-code">{code}<' in html
    assert f"http://testserver{verify_url(code)}" in html
    assert client.get(verify_url(code)).status_code == 200
