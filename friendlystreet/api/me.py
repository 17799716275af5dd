"""What the apps add to GET /api/v1/me/ (accounts the user's `language`, the points app a
rider's `balance`, the venues app a partner operator's `venues`).

friendlystreet never imports the feature apps, so each registers a serializer field from its
AppConfig.ready(). The field reads its value from the user (it overrides `get_attribute`), so
the answer and the schema come from the same field: a typed client keeps every key the view
returns. A field that raises SkipField for a user leaves its key out of that user's answer
(declare it `required=False`, and the schema shows the key as optional)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rest_framework import serializers

_fields: dict[str, Callable[[], serializers.Field]] = {}


def register_me_field(name: str, make: Callable[[], serializers.Field]) -> None:
    """`make()` returns a new field (a field is bound to one serializer), e.g. its class."""
    _fields[name] = make


def me_fields() -> dict[str, serializers.Field]:
    return {name: make() for name, make in _fields.items()}


# --- PATCH /api/v1/me/: what the rider may change of their own profile -------------------------
# The profile form's fields and service belong to a feature app (volunteers: name, platform,
# work type, home community), which registers them here as it registers GET's fields.


@dataclass(frozen=True)
class MeUpdate:
    fields: Callable[[], dict[str, serializers.Field]]  # new input fields (one serializer each)
    perm: str  # the rider's permission the page asks for; others are refused rider_only
    save: Callable[..., object]  # save(rider=, data=): the validated fields sent, through the service


_update: list[MeUpdate] = []


def register_me_update(*, fields: Callable[[], dict[str, serializers.Field]], perm: str, save: Callable[..., object]) -> None:
    """One app owns the rider's editable profile; a second registration is a mistake."""
    if _update:
        raise RuntimeError("PATCH /api/v1/me/ is registered already")
    _update.append(MeUpdate(fields=fields, perm=perm, save=save))


def me_update() -> MeUpdate | None:
    return _update[0] if _update else None
