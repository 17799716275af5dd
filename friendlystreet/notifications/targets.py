"""The pages a notice may link to that show one thing an app has its own screen for: each app
registers its pages by URL name in its AppConfig.ready(), with the type the inbox API names
(notifications.api: a notice's `target`, {"type": "claim", "id": "12"}):

    register_notification_target("points:claim_detail", "claim")

friendlystreet.notifications never imports a feature app: the API reads what is registered.
"""

from __future__ import annotations

_targets: dict[str, str] = {}


def register_notification_target(url_name: str, type: str) -> None:
    _targets[url_name] = type


def target_type(url_name: str) -> str | None:
    """The type of the thing the page of this URL name shows, None for any other page."""
    return _targets.get(url_name)


def target_types() -> list[str]:
    """Every registered type, sorted: the API schema's enum."""
    return sorted(set(_targets.values()))
