"""The profile's privacy-notice line gives the moment the rider agreed as every other page gives a
moment, 2026-12-07 19:34 (Chengdu time), in both languages: in English it read
"Dec. 7, 2026, 7:34 p.m.", Django's own style, the one line of the site written so."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.conf import settings

from friendlystreet.accounts.models import User
from friendlystreet.days import local_zone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, line",
    [("en", "Agreed (version 2026-11), 2026-12-07 19:34"), ("zh-hans", "已同意（2026-11 版），2026-12-07 19:34")],
)
def test_the_profile_says_when_the_rider_agreed_as_every_page_writes_a_moment(client_for, rider, language, line):
    User.objects.filter(pk=rider.pk).update(
        language=language,
        privacy_consent_version="2026-11",
        privacy_consent_at=datetime(2026, 12, 7, 19, 34, tzinfo=local_zone()),
    )
    client = client_for(rider)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get("/profile/").content.decode()

    assert re.search(r'<dd data-testid="profile-consent">(.*?)</dd>', page, re.S).group(1) == line
