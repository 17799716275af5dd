"""At the door, staff type a rider's phone number and miss a digit, or mistype one: the
check-in page says it found nobody and keeps what was typed in the box, to be corrected,
instead of an empty box to type all eleven digits into again. A rider found clears the box
for the next one."""

from __future__ import annotations

import re

import pytest

from tests.volunteers.checkin_steps import checkin_url, verdict
from volunteers import services

pytestmark = pytest.mark.django_db


def typed_in_the_box(response) -> str | None:
    """The value the code box is shown with (None: empty)."""
    box = re.search(r'<input[^>]*id="code-input"[^>]*>', response.content.decode()).group(0)
    found = re.search(r'value="([^"]*)"', box)
    return found.group(1) if found else None


def test_a_number_with_a_digit_missing_stays_in_the_box(staff, rider, activity):
    services.signup_create(rider=rider, activity=activity)
    short = rider.phone[3:13]  # ten of the eleven digits

    response = staff.post(checkin_url(activity), {"code": short})

    assert verdict(response) == "unknown_code"
    assert typed_in_the_box(response) == short


def test_a_number_nobody_has_stays_in_the_box(staff, activity):
    response = staff.post(checkin_url(activity), {"code": "139 1234 5678"})

    assert verdict(response) == "unknown_phone"
    assert typed_in_the_box(response) == "139 1234 5678"


def test_a_rider_found_leaves_the_box_empty_for_the_next(staff, rider, activity):
    services.signup_create(rider=rider, activity=activity)

    response = staff.post(checkin_url(activity), {"code": rider.phone[3:]})

    assert verdict(response) == "ok"
    assert typed_in_the_box(response) is None


def test_what_is_kept_is_escaped(staff, activity):
    response = staff.post(checkin_url(activity), {"code": '"><script>x</script>'})

    assert verdict(response) == "unknown_code"
    assert "<script>x</script>" not in response.content.decode()
    assert typed_in_the_box(response) == "&quot;&gt;&lt;script&gt;x&lt;/script&gt;"
