"""The amenities' codes and names for the venue list's filter: public, like the list."""

from __future__ import annotations

from tests.access import Route, api

ROUTES = [Route("venues_api:amenity_list", api(public=True))]
