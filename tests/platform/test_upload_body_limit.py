"""nginx in front (deploy/nginx/friendlystreet.conf) refused any request body over 10 MB, while
a report or a claim takes 3 photos of up to 8 MB each: a rider sending three 4 MB phone photos
got nginx's bare 413 page, in English, and lost what they had typed. The body nginx lets through
must hold the largest form the site itself accepts."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from friendlystreet.uploads import max_image_bytes
from points import services as points_services
from volunteers.reports import services as report_services

NGINX_CONF = Path(settings.BASE_DIR) / "deploy" / "nginx" / "friendlystreet.conf"
UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}
# Room for the form's other fields and the multipart boundaries around each file.
FIELDS = 2**20


def nginx_body_limits() -> list[int]:
    found = re.findall(r"^\s*client_max_body_size\s+(\d+)([kmg]?)\s*;", NGINX_CONF.read_text(), re.M | re.I)
    assert found, "client_max_body_size is not set: nginx's default is 1 MB"
    return [int(n) * UNITS[unit.lower()] for n, unit in found]


def test_nginx_lets_a_report_with_its_largest_photos_through():
    largest = report_services.MAX_PHOTOS * max_image_bytes() + FIELDS
    assert min(nginx_body_limits()) >= largest


def test_nginx_lets_a_claim_with_its_largest_photos_through():
    largest = points_services.MAX_PHOTOS * max_image_bytes() + FIELDS
    assert min(nginx_body_limits()) >= largest
