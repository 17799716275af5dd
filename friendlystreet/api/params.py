"""Query parameters of the API that views read by hand (a form of one flag is not worth a
serializer)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from friendlystreet.inputs import read_flag

# What the schema says of every flag, as read_flag reads it.
FLAG_WORDS = "yes: 1, true, yes, on; no: 0, false, no, off, empty or absent; anything else: 400 naming the parameter"


def query_flag(request, name: str) -> bool:
    """A yes/no query parameter (`?mine=1`, `true`, `yes`, `on`; `0`, `false`...; absent or empty:
    no), as read_flag reads it (the venue list's page too); anything else is a 400 naming the
    parameter, not a silent no."""
    try:
        return read_flag(request.query_params.get(name, ""))
    except ValidationError as exc:
        raise serializers.ValidationError({name: exc.messages}) from None


def flag_parameter(name: str, description: str = "") -> OpenApiParameter:
    """The schema of a flag read by query_flag: what it filters, then the words it takes."""
    return OpenApiParameter(name, OpenApiTypes.BOOL, description=f"{description} ({FLAG_WORDS})" if description else FLAG_WORDS)
