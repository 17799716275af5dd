"""What a venue or a compound guide may hold, one rule each, so that the staff forms, the import,
the API and the Django admin refuse the same things: the phone numbers riders are shown, and
the points on the map (validate_point)."""

from __future__ import annotations

import math
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.phones import normalize_phone
from friendlystreet.days import local_today

# Spaces, hyphens, dots and brackets group the digits (028-8888 8888, (028) 88888888).
_GROUPING = re.compile(r"[\s\-.()（）]")
# A landline with its area code (0 + 2-3 digits, then 7-8), or without it (7-8 digits, not
# starting with 0 or 1), or a national service number (400/800 + 7 digits); an extension may
# follow 转 or "ext".
_LANDLINE = re.compile(r"^(?:0\d{2,3}[2-9]\d{6,7}|[2-9]\d{6,7}|[48]00\d{7})(?P<ext>(?:转|ext|x)\d{1,6})?$", re.IGNORECASE)
# An extension after a last hyphen (028-88888888-123), tried when the whole is no number.
_DASH_EXTENSION = re.compile(r"^(?P<number>.+?)\s*-\s*(?P<ext>\d{1,6})$")
# Dashes an input method or a copied text may give instead of a hyphen (NFKC keeps them).
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63]")

# No colon: the import puts the column before it (电话：请输入电话号码，如…).
INVALID_VENUE_PHONE = _("Enter a phone number, e.g. a mobile 138 0000 0000, a landline 028-8888 8888 or 028-8888 8888 ext. 123.")


def normalize_phone_text(value: str) -> str:
    """The number as typed, in half-width: a Chinese input method's full-width digits and
    dashes (０２８－８８８８) become 028-8888, so that lists do not mix both widths."""
    return _DASHES.sub("-", unicodedata.normalize("NFKC", value or "")).strip()


def _landline(text: str) -> re.Match | None:
    digits = _GROUPING.sub("", text)
    if digits.startswith("+86"):  # +86 28 8888 8888: the area code without its 0
        digits = "0" + digits[3:]
    return _LANDLINE.match(digits)


def validate_phone(value: str) -> None:
    """A mainland mobile number (accounts.phones, the riders' own rule) or a landline, with an
    extension after 转, ext, x or a last hyphen (028-8888 8888-123)."""
    if not value:
        return
    text = normalize_phone_text(value)
    if normalize_phone(text) is not None or _landline(text):
        return
    extension = _DASH_EXTENSION.match(text)
    if extension and (landline := _landline(extension["number"])) and landline["ext"] is None:
        return
    raise ValidationError(INVALID_VENUE_PHONE, code="invalid_phone")


# --- plaques ---------------------------------------------------------------------------------


def normalize_plaque(value: str) -> str:
    """A plaque number as typed, in half-width and without stray spaces (ＣＬＬ－０５ from an
    input method is CLL-05): one spelling to compare (selectors.plaque_holder)."""
    text = _DASHES.sub("-", unicodedata.normalize("NFKC", value or ""))
    return " ".join(text.split())


def validate_not_in_future(value) -> None:
    """A plaque's date or the start of a partnership: what happened, not a plan (the partners'
    wall showed 2030-01-01 授牌 and 合作时间：2031年5月起)."""
    if value is None:
        return
    today = local_today()
    if value > today:
        raise ValidationError(
            _("This date is in the future: enter the day it happened (today is %(today)s at the latest).")
            % {"today": today.isoformat()},
            code="future_date",
        )


# --- points on the map ---------------------------------------------------------------------

# How far from the programme's centre (settings.MAP_DEFAULT_CENTRE) a venue, a compound, a gate
# or a parking place may lie: the sub-district and the districts around it (a hospital across
# town), not a point a hundred kilometres off (31.5 typed for 30.5) or 0/0 (the Gulf of Guinea).
AREA_RADIUS_KM = 15
EARTH_RADIUS_KM = 6371.0

# The range in words, not Django's 确保该值小于或等于90.0。: shown under the field in the form,
# after the column in the import (纬度：应在 -90 到 90 之间。), under its key in the API.
LAT_RANGE = _("Must be between -90 and 90.")
LNG_RANGE = _("Must be between -180 and 180.")


def centre() -> tuple[float, float]:
    lat, lng = settings.MAP_DEFAULT_CENTRE
    return float(lat), float(lng)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine): exact enough to tell 15 km from 100."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def in_area(lat: float, lng: float) -> bool:
    return -90 <= lat <= 90 and -180 <= lng <= 180 and distance_km(centre(), (lat, lng)) <= AREA_RADIUS_KM


def validate_point(lat: float | None, lng: float | None, *, optional: bool = False) -> None:
    """A point riders are sent to: both numbers or (where `optional`) neither; each in its
    range; within AREA_RADIUS_KM of the programme's centre. Latitude and longitude typed the
    wrong way round (104.1 / 30.6) are named as such. ValidationError keyed by "lat"/"lng";
    a missing number of a required pair is the field's own "required" error, not repeated here."""
    if lat is None and lng is None:
        return
    errors: dict[str, list] = {}
    for name, value, limit, words in (("lat", lat, 90, LAT_RANGE), ("lng", lng, 180, LNG_RANGE)):
        if value is not None and (not math.isfinite(value) or not -limit <= value <= limit):
            errors[name] = [words]
    if lat is None or lng is None:
        if optional:
            missing = "lng" if lng is None else "lat"
            errors[missing] = [
                _("Enter the longitude too, or leave both empty.")
                if missing == "lng"
                else _("Enter the latitude too, or leave both empty.")
            ]
        if errors:
            raise ValidationError(errors, code="invalid_point")
        return
    if in_area(lng, lat):  # the pair makes sense the other way round
        here = centre()
        hint = _(
            "Latitude and longitude seem to be the wrong way round: around the sub-district the latitude "
            "is about %(lat)s and the longitude about %(lng)s."
        ) % {"lat": f"{here[0]:.1f}", "lng": f"{here[1]:.1f}"}
        raise ValidationError({"lat": [hint]}, code="swapped")
    if errors:
        raise ValidationError(errors, code="out_of_range")
    distance = distance_km(centre(), (lat, lng))
    if distance > AREA_RADIUS_KM:
        raise ValidationError(
            {
                "lat": _(
                    "This point is %(distance)s km from the sub-district, farther than the %(radius)s km the "
                    "programme covers. Check both numbers."
                )
                % {"distance": f"{distance:,.0f}", "radius": AREA_RADIUS_KM}
            },
            code="outside_the_area",
        )


def _coordinates_help() -> str:
    from .navigation import GCJ02, coord_system

    if coord_system() == GCJ02:
        return str(
            _(
                "Coordinates in degrees as AMap and Tencent Maps give them (GCJ-02). Numbers from a phone's "
                "GPS (WGS-84) land a few hundred metres off: pick the place on the map instead, which "
                "converts them."
            )
        )
    return str(
        _(
            "GPS coordinates in degrees (WGS-84). Numbers copied from AMap or Tencent Maps are GCJ-02 and "
            "land a few hundred metres off: pick the place on the map instead, which converts them, or read "
            "them from a phone's GPS at the place."
        )
    )


def _around_here(which: str) -> str:
    here = centre()
    if which == "lat":
        return str(_("Around the sub-district about %(value)s.") % {"value": f"{here[0]:.1f}"})
    return str(_("Around the sub-district about %(value)s.") % {"value": f"{here[1]:.1f}"})


def coordinates_in_columns(lat_column: str, lng_column: str) -> str:
    """The import page's words on the two columns: the system, and what is refused."""
    from .navigation import GCJ02, coord_system

    values = {"lat": lat_column, "lng": lng_column, "radius": AREA_RADIUS_KM}
    if coord_system() == GCJ02:
        text = _(
            "The %(lat)s and %(lng)s columns: coordinates in degrees as AMap and Tencent Maps give them "
            "(GCJ-02), as the export writes them. A phone's GPS numbers (WGS-84) land a few hundred metres "
            "off. A point more than %(radius)s km from the sub-district is refused, and so is a pair the "
            "wrong way round."
        )
    else:
        text = _(
            "The %(lat)s and %(lng)s columns: GPS coordinates in degrees (WGS-84), as the export writes them. "
            "Numbers copied from AMap or Tencent Maps are GCJ-02 and land a few hundred metres off. A point "
            "more than %(radius)s km from the sub-district is refused, and so is a pair the wrong way round."
        )
    return str(text) % values


# Lazy: the coordinate system and the centre are settings, read when a form is shown.
coordinates_help = lazy(_coordinates_help, str)
latitude_help = lazy(lambda: _around_here("lat"), str)
longitude_help = lazy(lambda: _around_here("lng"), str)
