"""{% map_data %}: the tile settings every map element carries for static/js/maps.js.

One place for them, so that every page drawing a map (venues, reports, the dashboard) draws
on the same tiles and converts coordinates the same way.

{{ metres|distance }}: a distance in words by the one rule of venues.distances (90米, 1.2公里)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext

from venues import navigation
from venues.distances import distance_text

register = template.Library()


def tile_crs() -> str:
    crs = (getattr(settings, "MAP_TILE_CRS", navigation.WGS84) or navigation.WGS84).lower()
    return navigation.GCJ02 if crs == navigation.GCJ02 else navigation.WGS84


@register.simple_tag
def map_data() -> str:
    return format_html(
        'data-tile-url="{}" data-attribution="{}" data-subdomains="{}" data-tile-crs="{}" data-coords="{}"'
        ' data-zoom-in="{}" data-zoom-out="{}" data-marker-alt="{}"',
        settings.MAP_TILE_URL,
        settings.MAP_TILE_ATTRIBUTION,
        getattr(settings, "MAP_TILE_SUBDOMAINS", "") or "abc",
        tile_crs(),
        navigation.coord_system(),
        # Leaflet names its zoom buttons in English whatever the page's language.
        gettext("Zoom in"),
        gettext("Zoom out"),
        # ... and a pin without a name of its own "Marker" (its alt text, read aloud).
        gettext("Pin"),
    )


@register.filter
def distance(metres) -> str:
    """A distance in metres in words, as the venue list and the API's `distance_text` say it."""
    try:
        return distance_text(float(metres)) or ""
    except (TypeError, ValueError):  # no distance (None, ""): nothing to say
        return ""
