"""Which channels a user wants for a kind: the kind's defaults, changed by the user's own
choices (ChannelPreference rows) on the notification settings page. In-app is always on, and
so are a kind's required channels (the account's safety notices), whatever was saved."""

from __future__ import annotations

from . import kinds
from .models import ChannelPreference


def saved_choices(user) -> dict[tuple[str, str], bool]:
    """{(kind, channel): enabled} for every choice the user saved (one query)."""
    return {
        (kind, channel): enabled
        for kind, channel, enabled in ChannelPreference.objects.filter(user=user).values_list("kind", "channel", "enabled")
    }


def wanted_channels(user, kind: kinds.Kind, choices: dict[tuple[str, str], bool] | None = None) -> set[str]:
    """Outgoing channels (SMS, e-mail) this user wants for this kind."""
    if not kind.choosable_channels():
        return set()  # in-app only: nothing to choose, no query
    if choices is None:
        choices = {
            (kind.code, channel): enabled
            for channel, enabled in ChannelPreference.objects.filter(user=user, kind=kind.code).values_list("channel", "enabled")
        }
    return {
        channel
        for channel in kind.choosable_channels()
        if channel in kind.required_channels or choices.get((kind.code, channel), channel in kind.default_channels)
    }
