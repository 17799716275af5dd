"""A user chooses, per kind, whether a notification also comes by SMS or e-mail; the kind's
channels are the default. The language is chosen in the footer, not here again."""

from __future__ import annotations

import pytest
from django.db import transaction

from friendlystreet.notifications import kinds
from friendlystreet.notifications.models import ChannelPreference, Delivery
from friendlystreet.notifications.services import DIGEST_KIND, notify

pytestmark = pytest.mark.django_db

kinds.register(
    kinds.Kind(
        code="test_pref",
        label="Claim decided",
        title="Claim decided",
        body="Your claim was decided.",
        default_channels=(kinds.IN_APP, kinds.SMS),
        optional_channels=(kinds.EMAIL,),
    )
)


def channels_sent(user) -> set[str]:
    with transaction.atomic():
        notification = notify(user, "test_pref", {})
    return set(Delivery.objects.filter(notification=notification).values_list("channel", flat=True))


def test_by_default_a_user_gets_the_kinds_channels(rider):
    assert channels_sent(rider) == {"sms"}


def test_settings_page_shows_the_defaults(client_for, rider):
    body = client_for(rider).get("/notifications/settings/").content.decode()
    assert 'name="test_pref__sms" id="id_test_pref__sms" checked' in body
    assert 'name="test_pref__email" id="id_test_pref__email">' in body
    assert 'value="zh-hans"' in body


def test_rider_turns_sms_off_and_e_mail_on(client_for, rider):
    rider.email = "rider@example.com"
    rider.save()
    response = client_for(rider).post("/notifications/settings/", {"test_pref__email": "on", "language": "zh-hans"})
    assert response.status_code == 302
    assert set(ChannelPreference.objects.filter(user=rider, kind="test_pref").values_list("channel", "enabled")) == {
        ("sms", False),
        ("email", True),
    }
    assert channels_sent(rider) == {"email"}


def test_choices_are_per_user(client_for, rider, other_rider):
    client_for(rider).post("/notifications/settings/", {"language": "zh-hans"})  # everything off
    assert channels_sent(rider) == set()
    assert channels_sent(other_rider) == {"sms"}


def test_the_language_is_chosen_once_in_the_footer_and_the_settings_page_says_where(client_for, rider):
    client = client_for(rider)
    page = client.get("/notifications/settings/").content.decode()
    assert 'name="language" value="en" id=' not in page  # no second language choice here
    said = page.split('data-testid="notification-language">')[1].split("</p>")[0]
    # Never chosen: the site's language, said as such (accounts review, December 2026).
    assert "简体中文" in said and "尚未选择语言" in said and "页面底部切换语言" in said

    client.post("/notifications/language/", {"language": "en", "next": "/"})
    rider.refresh_from_db()
    assert rider.language == "en"
    said = client.get("/notifications/settings/").content.decode().split('data-testid="notification-language">')[1]
    assert said.startswith("Your notifications and SMS are written in English, your account's language.")
    # Saving the settings afterwards keeps it.
    client.post("/notifications/settings/", {"test_pref__sms": "on"})
    rider.refresh_from_db()
    assert rider.language == "en"


def test_only_reviewers_see_the_digest_setting(client_for, rider, reviewer):
    assert f'name="{DIGEST_KIND}__sms"' not in client_for(rider).get("/notifications/settings/").content.decode()
    assert f'name="{DIGEST_KIND}__sms"' in client_for(reviewer).get("/notifications/settings/").content.decode()
