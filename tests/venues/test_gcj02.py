"""WGS-84 ↔ GCJ-02: the one conversion the navigation links (Python) and the map (static/js/maps.js)
both follow, held to the shared vectors in gcj02_vectors.json; the browser test checks the JS
port against the same file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from venues.navigation import gcj02_to_wgs84, to_map_coords, wgs84_to_gcj02

VECTORS = json.loads((Path(__file__).parent / "gcj02_vectors.json").read_text(encoding="utf-8"))
TOLERANCE = VECTORS["tolerance_degrees"]


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=lambda v: v["name"])
def test_wgs84_to_gcj02_matches_the_shared_vectors(vector):
    lat, lng = wgs84_to_gcj02(*vector["wgs84"])
    assert lat == pytest.approx(vector["gcj02"][0], abs=TOLERANCE)
    assert lng == pytest.approx(vector["gcj02"][1], abs=TOLERANCE)


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=lambda v: v["name"])
def test_a_point_picked_on_a_gcj02_map_is_stored_back_in_wgs84(vector):
    lat, lng = gcj02_to_wgs84(*vector["gcj02"])
    # Within a centimetre of where the rider stood (1e-7 degrees ≈ 1 cm).
    assert lat == pytest.approx(vector["wgs84"][0], abs=1e-7)
    assert lng == pytest.approx(vector["wgs84"][1], abs=1e-7)


def test_the_vectors_cover_chengdu_with_an_offset_of_a_few_hundred_metres():
    chengdu = VECTORS["vectors"][0]
    dlat = abs(chengdu["gcj02"][0] - chengdu["wgs84"][0]) * 111_000
    assert 100 < dlat < 600


def test_to_map_coords_converts_only_for_a_gcj02_store(settings):
    settings.MAP_COORD_SYSTEM = "wgs84"
    assert to_map_coords(30.6083, 104.1265) == (30.6083, 104.1265)
    settings.MAP_COORD_SYSTEM = "gcj02"
    assert to_map_coords(30.6083, 104.1265) == wgs84_to_gcj02(30.6083, 104.1265)
