"""An app developer loads the files the API points to (API review): the rider's check-in QR
and a report's photos are API addresses that take the app's session token (they were web
pages, which sent the app to the sign-in page), and a file is given whatever the client's
Accept header asks for (a client generated from the schema asks for `image/svg+xml`; DRF
answered 406)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.factories import TEST_PASSWORD, RiderFactory
from tests.points.factories import ClaimFactory, add_photo, image_bytes
from tests.points.rewards.factories import RewardFactory, give_points, issue
from tests.venues.factories import VenueFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from volunteers.models import Signup
from volunteers.reports.services import report_submit

pytestmark = pytest.mark.django_db


def app_of(user) -> APIClient:
    """The app as the user signs in to it: allauth's headless login, then the token on every call."""
    answer = APIClient().post("/_allauth/app/v1/auth/login", {"phone": user.phone, "password": TEST_PASSWORD}, format="json")
    token = answer.json()["meta"]["session_token"]
    return APIClient(headers={"X-Session-Token": token, "Accept-Language": "zh-hans"})


def test_a_rider_signed_up_for_an_activity_downloads_their_check_in_qr_in_the_app(rider):
    activity = SignupFactory(rider=rider).activity
    app = app_of(rider)

    checkin = app.get(f"/api/v1/activities/{activity.pk}/my-checkin/").json()
    qr = app.get(checkin["qr_svg_url"])

    assert qr.status_code == 200, qr.headers.get("Location")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert qr["Cache-Control"] == "private, no-store"


def test_the_check_in_qr_is_the_riders_own_and_comes_with_a_place(rider, other_rider):
    full = ActivityFactory(capacity=1)
    SignupFactory(activity=full, rider=other_rider)
    SignupFactory(activity=full, rider=rider, status=Signup.Status.WAITLISTED)
    url = f"/api/v1/activities/{full.pk}/my-checkin/qr.svg"

    waitlisted = app_of(rider).get(url)
    stranger = app_of(RiderFactory()).get(url)

    assert (waitlisted.status_code, waitlisted.json()["code"]) == (409, "not_signed_up")
    assert (stranger.status_code, stranger.json()["message"]) == (404, "您没有报名这个活动。")


def test_a_rider_sees_the_photo_of_their_report_in_the_app_and_nobody_else_does(rider, other_rider):
    picture = SimpleUploadedFile("p.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    report = report_submit(
        rider=rider, category="fire_lane", description="电动车堵住了消防通道", address="成龙路168号", photos=[picture]
    ).report

    (photo_url,) = app_of(rider).get(f"/api/v1/reports/{report.pk}/").json()["photos"]
    mine = app_of(rider).get(photo_url)
    theirs = app_of(other_rider).get(photo_url)

    assert mine.status_code == 200, mine.headers.get("Location")
    assert mine["Content-Type"] == "image/jpeg"
    assert (theirs.status_code, theirs["Content-Type"]) == (404, "application/json")


def test_a_file_is_given_whatever_the_accept_header_asks_for(rider):
    give_points(rider, 100)
    voucher = issue(rider, RewardFactory(venue=VenueFactory(), cost=10, stock=None))
    photo = add_photo(ClaimFactory(rider=rider))
    app = app_of(rider)

    qr = app.get(f"/api/v1/vouchers/{voucher.code}/qr.svg", HTTP_ACCEPT="image/svg+xml")
    image = app.get(f"/api/v1/claims/{photo.claim_id}/photos/{photo.pk}/", HTTP_ACCEPT="image/webp,image/*")

    assert (qr.status_code, qr["Content-Type"]) == (200, "image/svg+xml")
    assert image.status_code == 200 and image["Content-Type"].startswith("image/")


def test_an_error_is_json_whatever_the_accept_header_asks_for(rider):
    response = app_of(rider).get("/api/v1/vouchers/NOSUCHCODE12/qr.svg", HTTP_ACCEPT="image/svg+xml")

    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"message": "未找到。", "code": "not_found", "fields": {}}


def test_the_schema_says_where_the_photos_and_the_check_in_qr_load_from(client):
    schemas = client.get("/api/schema/?format=json").json()["components"]["schemas"]

    claim_photos = schemas["ClaimOutput"]["properties"]["photos"]["description"]
    report_photos = schemas["ReportOutput"]["properties"]["photos"]["description"]
    checkin_qr = schemas["MyCheckinApiOutput"]["properties"]["qr_svg_url"]["description"]

    assert "/api/v1/claims/{id}/photos/{photo_pk}/" in claim_photos and "token" in claim_photos
    assert "/api/v1/reports/{id}/photos/{photo_pk}/" in report_photos and "token" in report_photos
    assert "/api/v1/activities/{id}/my-checkin/qr.svg" in checkin_qr and "X-Session-Token" in checkin_qr
