"""An app-only rider gets verified without the web pages: PATCH /api/v1/me/ sets what the
profile page (/profile/edit/) sets, POST /api/v1/me/evidence/ sends the screenshot the
evidence page (/profile/evidence/) takes, through the same services, and staff then find
the rider in their queue."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from friendlystreet.accounts.models import User, Verification, WorkType
from friendlystreet.audit.models import AuditEntry
from points.verification import EVIDENCE_UPLOADED
from tests.factories import RiderFactory
from tests.points.factories import image_bytes
from tests.venues.factories import CommunityFactory
from volunteers.selectors import profile_of

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
EVIDENCE = "/api/v1/me/evidence/"


@pytest.fixture
def newcomer(db):
    """Signed up in the app with a phone only: no name, platform or work type yet."""
    return RiderFactory(display_name="", platform="", work_type="", verification=Verification.UNVERIFIED)


def screenshot(name: str = "me.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(), content_type="image/jpeg")


def test_a_rider_sets_name_platform_work_type_and_community(api_for, newcomer):
    home = CommunityFactory()

    response = api_for(newcomer).patch(
        ME,
        {"display_name": " 王小骑 ", "platform": "饿了么", "work_type": "courier", "home_community": home.pk},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["display_name"] == "王小骑"
    assert response.json() == api_for(newcomer).get(ME).json()  # the answer GET gives
    # ...in which the app reads back what it sent.
    read = {key: response.json()[key] for key in ("platform", "work_type", "home_community")}
    assert read == {"platform": "饿了么", "work_type": "courier", "home_community": home.pk}
    newcomer.refresh_from_db()
    assert (newcomer.display_name, newcomer.platform, newcomer.work_type) == ("王小骑", "饿了么", WorkType.COURIER)
    assert profile_of(newcomer).home_community == home
    assert AuditEntry.objects.filter(action="volunteers.profile_updated", actor=newcomer).exists()


def test_each_field_alone_changes_only_itself(api_for, rider):
    home = CommunityFactory()
    client = api_for(rider)
    before = (rider.display_name, rider.platform, rider.work_type)

    assert client.patch(ME, {"home_community": home.pk}, format="json").status_code == 200
    assert client.patch(ME, {"work_type": "ride_hailing"}, format="json").status_code == 200
    rider.refresh_from_db()
    assert (rider.display_name, rider.platform, rider.work_type) == (*before[:2], WorkType.RIDE_HAILING)
    assert profile_of(rider).home_community == home

    assert client.patch(ME, {"home_community": None}, format="json").status_code == 200
    assert client.patch(ME, {"platform": "顺丰"}, format="json").status_code == 200
    rider.refresh_from_db()
    assert profile_of(rider).home_community is None
    assert (rider.platform, rider.work_type) == ("顺丰", WorkType.RIDE_HAILING)


def test_a_verified_rider_who_changes_their_platform_is_verified_again(api_for, rider):
    assert rider.verification == Verification.VERIFIED

    me = api_for(rider).patch(ME, {"platform": "滴滴"}, format="json").json()

    assert me["verification"] == "unverified"  # the rule of the web page's service


def test_fields_a_rider_may_not_change_are_refused_by_name_and_nothing_is_saved(api_for, newcomer):
    response = api_for(newcomer).patch(
        ME,
        {"display_name": "王小骑", "verification": "verified", "phone": "+8613900000000", "balance": 999, "roles": ["staff"]},
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"verification", "phone", "balance", "roles"}
    assert "display_name, platform, work_type, home_community" in body["fields"]["phone"][0]
    newcomer.refresh_from_db()
    assert (newcomer.display_name, newcomer.verification) == ("", Verification.UNVERIFIED)


def test_bad_values_are_refused_as_on_the_page(api_for, rider):
    response = api_for(rider).patch(ME, {"display_name": "  ", "work_type": "pilot", "home_community": 2**63}, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"display_name", "work_type", "home_community"}


@pytest.mark.parametrize("who", ["merchant_a", "reviewer"])
def test_only_riders_change_a_riders_profile(api_for, request, who):
    user = request.getfixturevalue(who)

    response = api_for(user).patch(ME, {"display_name": "冒名"}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "rider_only"
    user.refresh_from_db()
    assert user.display_name != "冒名"
    assert api_for(user).get(ME).status_code == 200  # reading who they are stays open


def test_a_session_cookie_patch_needs_the_csrf_token_as_other_writes_do(rider):
    cookie = APIClient(enforce_csrf_checks=True)
    cookie.force_login(rider)

    refused = cookie.patch(ME, {"platform": "顺丰"}, format="json")

    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"


def test_an_uploaded_screenshot_puts_the_rider_in_the_staff_queue(api_for, client_for, reviewer, newcomer):
    assert newcomer.verification == Verification.UNVERIFIED
    api = api_for(newcomer)
    api.patch(ME, {"display_name": "王小骑", "platform": "美团", "work_type": "delivery"}, format="json")

    response = api.post(EVIDENCE, {"evidence": screenshot()}, format="multipart")

    assert response.status_code == 201
    assert response.json() == {
        "verification": "unverified",
        "has_evidence": True,
        "resubmitted": False,
        "verification_note": "",
    }
    newcomer.refresh_from_db()
    assert newcomer.verification_evidence.name.startswith("evidence/")
    assert AuditEntry.objects.filter(action=EVIDENCE_UPLOADED, actor=newcomer).exists()
    queue = client_for(reviewer).get("/staff/riders/").content.decode()
    assert f'data-rider-id="{newcomer.pk}"' in queue
    assert client_for(reviewer).get(f"/riders/{newcomer.pk}/evidence/").status_code == 200


def test_a_refused_rider_who_uploads_again_waits_for_a_decision(api_for, client_for, reviewer):
    refused = RiderFactory(verification=Verification.REJECTED, verification_note="截图看不清工号")

    body = api_for(refused).post(EVIDENCE, {"evidence": screenshot()}, format="multipart").json()

    assert body["verification"] == "unverified"
    assert body["resubmitted"] is True
    assert body["verification_note"] == "截图看不清工号"
    assert f'data-rider-id="{refused.pk}"' in client_for(reviewer).get("/staff/riders/").content.decode()


def test_a_verified_rider_may_replace_the_screenshot_and_stays_verified(api_for, rider):
    # As the page: it takes a new screenshot from a verified rider without a new check.
    response = api_for(rider).post(EVIDENCE, {"evidence": screenshot()}, format="multipart")

    assert response.status_code == 201
    assert response.json()["verification"] == "verified"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("me.jpg", b"not an image at all", content_type="image/jpeg"),
        SimpleUploadedFile("me.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", content_type="image/gif"),
    ],
    ids=["not-an-image", "gif"],
)
def test_a_file_that_is_no_screenshot_is_refused_and_nothing_is_saved(api_for, newcomer, upload):
    response = api_for(newcomer).post(EVIDENCE, {"evidence": upload}, format="multipart")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["evidence"]
    newcomer.refresh_from_db()
    assert not newcomer.verification_evidence
    assert not AuditEntry.objects.filter(action=EVIDENCE_UPLOADED).exists()


def test_no_file_or_another_field_is_refused_by_name(api_for, newcomer):
    response = api_for(newcomer).post(EVIDENCE, {"evidence": screenshot(), "verification": "verified"}, format="multipart")
    missing = api_for(newcomer).post(EVIDENCE, {}, format="multipart")

    assert response.status_code == 400 and list(response.json()["fields"]) == ["verification"]
    assert missing.status_code == 400 and list(missing.json()["fields"]) == ["evidence"]
    assert not User.objects.get(pk=newcomer.pk).verification_evidence


@pytest.mark.parametrize("who", ["merchant_a", "reviewer"])
def test_only_riders_upload_evidence(api_for, request, who):
    user = request.getfixturevalue(who)

    response = api_for(user).post(EVIDENCE, {"evidence": screenshot()}, format="multipart")

    assert response.status_code == 403
    assert response.json()["code"] == "rider_only"
    user.refresh_from_db()
    assert not user.verification_evidence


def test_the_schema_documents_both_and_refuses_other_fields(client):
    schema = client.get("/api/schema/?format=json").json()
    patch = schema["paths"]["/api/v1/me/"]["patch"]
    body = schema["components"]["schemas"]["PatchedMeInputRequest"]

    assert set(body["properties"]) == {"display_name", "platform", "work_type", "home_community"}
    assert body["additionalProperties"] is False
    assert patch["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/MeViewOutput")
    assert "rider_only" in patch["responses"]["403"]["description"]
    upload = schema["paths"]["/api/v1/me/evidence/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert set(upload["responses"]) >= {"201", "400", "401", "403"}
