"""Every message a user receives comes from the catalogue: each notification kind, in-app,
by SMS and by e-mail, rendered for a Chinese reader has no untranslated English."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from friendlystreet.notifications import kinds
from friendlystreet.notifications.models import Delivery, Notification
from friendlystreet.notifications.services import channel_preferences_save, notify

pytestmark = pytest.mark.django_db

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


def chinese_context(kind: kinds.Kind) -> dict:
    """A value for every placeholder of the kind's texts, in Chinese (numbers for %d)."""
    with translation.override("en"):
        sources = " ".join(str(t) for t in (kind.title, kind.body, kind.sms) if t)
    return {name: 3 if spec == "d" else "成龙路" for name, spec in PLACEHOLDER.findall(sources)}


# The apps' kinds; other tests register kinds of their own (test_…) with English texts.
@pytest.mark.parametrize("code", [k.code for k in kinds.all_kinds() if not k.code.startswith("test_")])
def test_each_kind_reaches_a_chinese_reader_in_chinese_on_every_channel(code, rider):
    kind = kinds.get(code)
    rider.email = "rider@example.com"
    rider.language = "zh-hans"
    rider.save(update_fields=["email", "language"])
    channel_preferences_save(user=rider, choices={code: set(kind.choosable_channels())})

    notify(rider, code, chinese_context(kind))

    notification = Notification.objects.get(recipient=rider, kind=code)
    texts = [notification.title, notification.body]
    texts += list(Delivery.objects.filter(notification=notification).values_list("text", flat=True))
    assert len(texts) == 2 + len(kind.choosable_channels())  # the SMS and e-mail were written too
    for text in texts:
        assert not ENGLISH_WORD.search(text), f"{code}: untranslated {text!r}"
