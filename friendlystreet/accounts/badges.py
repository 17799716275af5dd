"""Badges next to a rider's name (党员, 微网格员, the volunteer team) in every list that shows
riders, whichever app draws the list. Apps that know a badge register a source in their
AppConfig.ready(); a list page calls `attach_badges(users)` once for its page of users and
the template includes `includes/badges.html` with `badges=user.badges`.

    register_badge_source(badges_by_user)   # fn(user_ids) -> {user_id: [Badge, ...]}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Badge:
    code: str  # stable, in the API: "party_member", "grid_member", "team_member"
    label: object  # lazy translated


BadgeSource = Callable[[list[int]], dict[int, list[Badge]]]
_sources: list[BadgeSource] = []


def register_badge_source(source: BadgeSource) -> None:
    if source not in _sources:
        _sources.append(source)


def attach_badges(users: Iterable) -> list:
    """Set `badges` (a list of Badge) on each user object; one query per source for them all."""
    users = [u for u in users if u is not None]
    ids = [u.pk for u in users]
    found: dict[int, list[Badge]] = {pk: [] for pk in ids}
    for source in _sources:
        for pk, badges in source(ids).items():
            found.setdefault(pk, []).extend(badges)
    for user in users:
        user.badges = found.get(user.pk, [])
    return users


def badge_codes(user) -> list[str]:
    """The API's form: codes of the badges attached to this user (attach first)."""
    return [b.code for b in getattr(user, "badges", [])]
