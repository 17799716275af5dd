"""Query parameters of the API that views read by hand (a form of one flag is not worth a
serializer)."""

from __future__ import annotations

from rest_framework import serializers


def query_flag(request, name: str) -> bool:
    """A yes/no query parameter (`?mine=1`, `true`, `yes`, `on`; `0`, `false`...; absent or empty:
    no), as DRF's BooleanField reads it; anything else is a 400 naming the parameter, not a
    silent no."""
    value = request.query_params.get(name, "")
    if value == "":
        return False
    try:
        return serializers.BooleanField().run_validation(value)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: exc.detail}) from None
