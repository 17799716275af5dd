"""What the apps add to GET /api/v1/me/ (accounts the user's `language`, the points app a
rider's `balance`, the venues app a partner operator's `venues`).

friendlystreet never imports the feature apps, so each registers a serializer field from its
AppConfig.ready(). The field reads its value from the user (it overrides `get_attribute`), so
the answer and the schema come from the same field: a typed client keeps every key the view
returns. A field that raises SkipField for a user leaves its key out of that user's answer
(declare it `required=False`, and the schema shows the key as optional)."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework import serializers

_fields: dict[str, Callable[[], serializers.Field]] = {}


def register_me_field(name: str, make: Callable[[], serializers.Field]) -> None:
    """`make()` returns a new field (a field is bound to one serializer), e.g. its class."""
    _fields[name] = make


def me_fields() -> dict[str, serializers.Field]:
    return {name: make() for name, make in _fields.items()}
