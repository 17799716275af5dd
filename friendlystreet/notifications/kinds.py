"""The registry of notification kinds. Every kind used with notify() is registered here
at start-up (feature apps call `register()` in their AppConfig.ready()); notify() refuses
an unknown kind, so a typo is an error in tests rather than a silent drop.

Title, body and SMS text are gettext format strings with %(name)s placeholders filled
from the notify() context, rendered in the recipient's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.backends import role_permissions

IN_APP = "in_app"
SMS = "sms"
EMAIL = "email"
CHANNELS = (IN_APP, SMS, EMAIL)


@dataclass(frozen=True)
class Group:
    """A heading of the notification settings page, which lists its groups by order (kinds of
    groups with the same label are one group). The apps make their own: points' "Points" (10)
    and "Vouchers" (20), volunteers' "Activities and volunteering" (30), venues' "Reports and
    tips" (40, venues.notification_groups, which volunteers' reports share); these are everyone's."""

    label: object  # lazy translated
    order: int


MY_ACCOUNT = Group(_("My account"), order=50)
# Staff: what waits for them.
WORK_REMINDERS = Group(_("Work reminders"), order=60)
OTHER = Group(_("Other"), order=1000)


@dataclass(frozen=True)
class Kind:
    code: str
    label: object  # lazy translated, shown in preferences
    title: object
    body: object
    sms: object | None = None  # defaults to the body
    default_channels: tuple[str, ...] = (IN_APP,)
    # Channels a user may switch on for this kind although they are off by default.
    optional_channels: tuple[str, ...] = ()
    # Outgoing channels always used, which nobody can switch off: notices about the account's
    # safety (a deletion scheduled or cancelled). The settings page shows them as always on.
    required_channels: tuple[str, ...] = ()
    # Who the kind is for: users with this permission (the riders' notices carry a rider's
    # permission, the partners' theirs, the reviewers' digest the digest's); None: anyone.
    # The settings page lists a kind only to those it is for.
    perm: str | None = None
    # Where the settings page lists it.
    group: Group = OTHER
    # The body (and SMS) sends its reader to the street office: how to reach it follows, when
    # the office has said (friendlystreet.office.with_contact, after the placeholders are filled).
    office_contact: bool = False

    def is_for(self, user) -> bool:
        return self.perm is None or (user.is_authenticated and user.has_perm(self.perm))

    def choosable_channels(self) -> list[str]:
        """The outgoing channels (SMS, e-mail) this kind offers, each shown on the settings
        page: switchable, or always on (required_channels); in-app is always on."""
        offered = [*self.default_channels, *self.optional_channels, *self.required_channels]
        return [c for c in CHANNELS if c != IN_APP and c in offered]


_registry: dict[str, Kind] = {}


class UnknownKind(LookupError):
    pass


def register(kind: Kind) -> Kind:
    for channel in (*kind.default_channels, *kind.optional_channels, *kind.required_channels):
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r} in kind {kind.code!r}")
    _registry[kind.code] = kind
    return kind


def get(code: str) -> Kind:
    try:
        return _registry[code]
    except KeyError:
        raise UnknownKind(f"notification kind {code!r} is not registered") from None


def all_kinds() -> list[Kind]:
    return sorted(_registry.values(), key=lambda k: k.code)


def kinds_for(user) -> list[Kind]:
    """The kinds that concern this user (by permission). A superuser holds every permission,
    so has_perm() would list them every rider's and partner's notices too: for them, the
    permissions their roles give (role_permissions, the backend's own query)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        held = role_permissions(user)
        return [kind for kind in all_kinds() if kind.perm is None or kind.perm in held]
    return [kind for kind in all_kinds() if kind.is_for(user)]
