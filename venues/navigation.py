"""One-tap navigation links to AMap (高德), Baidu Maps and Apple Maps.

The stored coordinates are in settings.MAP_COORD_SYSTEM ("wgs84" or "gcj02"); each
link tells its map which system it passes, so the pin lands on the right spot
(GCJ-02 is offset from WGS-84 by a few hundred metres in China).
"""

from __future__ import annotations

import math
from urllib.parse import quote, urlencode

from django.conf import settings

WGS84 = "wgs84"
GCJ02 = "gcj02"


def coord_system() -> str:
    system = (getattr(settings, "MAP_COORD_SYSTEM", WGS84) or WGS84).lower()
    return GCJ02 if system == GCJ02 else WGS84


def _fmt(x: float) -> str:
    return f"{x:.6f}"


def _url(base: str, params: dict[str, str]) -> str:
    # Commas stay literal: both map services document "lng,lat" / "lat,lng" that way.
    return f"{base}?{urlencode(params, safe=',', quote_via=quote)}"


def amap_link(*, lat: float, lng: float, name: str) -> str:
    return _url(
        "https://uri.amap.com/marker",
        {
            "position": f"{_fmt(lng)},{_fmt(lat)}",
            "name": name,
            "coordinate": "gaode" if coord_system() == GCJ02 else "wgs84",
            "callnative": "1",  # open the AMap app when installed
        },
    )


def baidu_link(*, lat: float, lng: float, name: str, address: str = "") -> str:
    params = {
        "location": f"{_fmt(lat)},{_fmt(lng)}",
        "title": name,
        "content": address or name,
        "coord_type": coord_system(),
        "output": "html",
        "src": "webapp.friendlystreet.venues",
    }
    return _url("https://api.map.baidu.com/marker", params)


def apple_link(*, lat: float, lng: float, name: str) -> str:
    return _url("https://maps.apple.com/", {"ll": f"{_fmt(lat)},{_fmt(lng)}", "q": name})


def links_for(*, lat: float, lng: float, name: str, address: str = "") -> dict[str, str]:
    return {
        "amap": amap_link(lat=lat, lng=lng, name=name),
        "baidu": baidu_link(lat=lat, lng=lng, name=name, address=address),
        "apple": apple_link(lat=lat, lng=lng, name=name),
    }


# --- WGS-84 → GCJ-02 ---------------------------------------------------------------------
# The published conversion (the "Mars coordinates" offset) used by every Chinese map SDK;
# accurate to a few metres inside China. Outside China GCJ-02 equals WGS-84.
# The browser draws with a port of these functions (static/js/maps.js); both are held to
# tests/venues/gcj02_vectors.json (tests/venues/test_gcj02.py, tests/browser/test_map_in_browser.py).

_A = 6378245.0
_EE = 0.00669342162296594323


def _out_of_china(lat: float, lng: float) -> bool:
    return not (73.66 < lng < 135.05 and 3.86 < lat < 53.55)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if _out_of_china(lat, lng):
        return lat, lng
    dlat = _transform_lat(lng - 105.0, lat - 35.0)
    dlng = _transform_lng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lat + dlat, lng + dlng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """The inverse, for a point picked on a GCJ-02 map: there is no closed form, so step
    towards the WGS-84 point whose conversion lands on it (within a millimetre in a few steps)."""
    if _out_of_china(lat, lng):
        return lat, lng
    wlat, wlng = lat, lng
    for _step in range(10):
        glat, glng = wgs84_to_gcj02(wlat, wlng)
        dlat, dlng = glat - lat, glng - lng
        wlat, wlng = wlat - dlat, wlng - dlng
        if abs(dlat) < 1e-9 and abs(dlng) < 1e-9:
            break
    return wlat, wlng


def to_map_coords(lat: float, lng: float) -> tuple[float, float]:
    """WGS-84 (GPS, surveyed data) → the system the map tiles use (settings.MAP_COORD_SYSTEM)."""
    return wgs84_to_gcj02(lat, lng) if coord_system() == GCJ02 else (lat, lng)
