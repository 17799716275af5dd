from __future__ import annotations


def wanted_channels(user, kind) -> set[str]:
    """Channels (besides in-app) this user wants for this kind. Default: all of the kind's."""
    return set(kind.default_channels)
