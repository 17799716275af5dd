from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Names nested serializers after their view (MeView.OutputSerializer → MeViewOutput),
    so that every APIView can call its own `InputSerializer`/`OutputSerializer`."""

    def get_serializer_name(self, serializer, direction):
        cls = serializer.__class__
        if "." in cls.__qualname__ and "<locals>" not in cls.__qualname__:
            return cls.__qualname__.replace(".", "").removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)
