"""An app developer's view of signing in, sessions that end and refusals (API review: #3, #8,
#11, #12, #15): a rider whose session ended is told so in their language, with its own code,
on every endpoint that needs them signed in, while the public ones answer them as anyone;
a refused permission reads the same everywhere; a cookie client without the CSRF token gets
the site's own message; and /api/docs/ says what to do about a lockout or a forgotten
password."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from friendlystreet.sms.models import OutboxMessage
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

APP = "/_allauth/app/v1"
ENDED_ZH = "登录已失效，请重新登录。"
ENDED_EN = "Your session has ended. Please sign in again."
NO_PERMISSION_ZH = "您没有执行此操作的权限。"

PUBLIC = [
    "/api/v1/venues/",
    "/api/v1/amenities/",
    "/api/v1/compounds/",
    "/api/v1/partners/",
    "/api/v1/rules/",
    "/api/v1/rewards/",
    "/api/v1/activities/",
    "/api/v1/texts/",
]
SIGNED_IN_ONLY = ["/api/v1/me/", "/api/v1/claims/", "/api/v1/vouchers/", "/api/v1/notifications/", "/api/v1/me/ledger/"]


def app_sign_in(user, password: str = TEST_PASSWORD) -> str:
    response = APIClient().post(f"{APP}/auth/login", {"phone": user.phone, "password": password}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()["meta"]["session_token"]


def app(token: str, language: str = "zh-hans") -> APIClient:
    return APIClient(headers={"X-Session-Token": token, "Accept-Language": language})


def signed_out_token(user) -> str:
    token = app_sign_in(user)
    app(token).delete(f"{APP}/auth/session")
    return token


def last_code(phone: str) -> str:
    return re.search(r"\b(\d{6})\b", OutboxMessage.objects.filter(phone=phone).first().text).group(1)


# --- #3: a session that ended says so, in the rider's language ---------------------------


def test_a_rider_whose_app_session_ended_is_asked_in_chinese_to_sign_in_again(rider):
    token = signed_out_token(rider)

    response = app(token, "zh-hans").get("/api/v1/me/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "X-Session-Token"
    assert response.json() == {"message": ENDED_ZH, "code": "session_expired", "fields": {}}


def test_an_english_speaking_rider_reads_the_same_in_english(rider):
    response = app(signed_out_token(rider), "en").get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["message"] == ENDED_EN
    assert response.json()["code"] == "session_expired"


def test_a_token_the_server_never_issued_is_an_ended_session_too(client):
    response = client.get("/api/v1/me/", headers={"X-Session-Token": "no-such-session"})

    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


def test_a_caller_without_a_token_is_still_told_to_sign_in_not_that_a_session_ended(client):
    response = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "X-Session-Token"
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["message"] == "身份认证信息未提供。"


def test_a_deactivated_riders_token_is_an_ended_session(rider):
    token = app_sign_in(rider)
    rider.is_active = False
    rider.save(update_fields=["is_active"])

    response = app(token).get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


# --- #8: one behaviour for a stale token, public endpoints included ------------------------


@pytest.mark.parametrize("path", PUBLIC)
def test_a_stale_token_on_a_public_endpoint_is_answered_as_anyone_is(client, rider, path):
    anonymous = client.get(path)
    stale = app(signed_out_token(rider)).get(path)

    assert anonymous.status_code == 200
    assert stale.status_code == 200
    assert stale.json() == anonymous.json()


@pytest.mark.parametrize("path", SIGNED_IN_ONLY)
def test_a_stale_token_on_an_endpoint_that_needs_sign_in_is_401_session_expired(rider, path):
    response = app(signed_out_token(rider)).get(path)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "X-Session-Token"
    assert response.json() == {"message": ENDED_ZH, "code": "session_expired", "fields": {}}


def test_a_rider_with_a_live_token_still_gets_their_own_answers(rider):
    token = app_sign_in(rider)

    assert app(token).get("/api/v1/me/").json()["id"] == rider.id
    assert app(token).get("/api/v1/rewards/").status_code == 200


# --- #12: one wording for a refused permission; the site's CSRF message -----------------


def test_a_rider_refused_a_staff_endpoint_reads_the_projects_wording(api_for, rider):
    response = api_for(rider).get("/api/v1/staff/figures/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 403
    assert response.json() == {"message": NO_PERMISSION_ZH, "code": "permission_denied", "fields": {}}


def test_a_refusal_from_a_service_reads_the_same_as_one_from_a_view(api_for, rider, reviewer):
    # The view lets a reviewer ask for exports; the service refuses the personal-data one.
    from_view = api_for(rider).post("/api/v1/staff/exports/", {}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    from_service = api_for(reviewer).post(
        "/api/v1/staff/exports/",
        {"kind": "ledger", "format": "csv", "start": "2030-03-01", "end": "2030-03-31", "reason": "complaint"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert from_view.status_code == from_service.status_code == 403
    assert from_view.json()["message"] == from_service.json()["message"] == NO_PERMISSION_ZH


def test_the_english_wording_is_the_same_everywhere_too(api_for, rider):
    response = api_for(rider).get("/api/v1/staff/figures/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["message"] == "You do not have permission to do this."


def test_a_webview_posting_with_its_cookie_but_no_csrf_token_gets_the_sites_csrf_answer(rider):
    webview = APIClient(enforce_csrf_checks=True)
    webview.force_login(rider)

    response = webview.post("/api/v1/notifications/read-all/", {}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 403
    assert response.json() == {"message": "安全校验失败：请刷新页面后重试。", "code": "csrf_failed", "fields": {}}


def test_the_csrf_answer_follows_the_language(rider):
    webview = APIClient(enforce_csrf_checks=True)
    webview.force_login(rider)

    response = webview.post("/api/v1/notifications/read-all/", {}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["message"] == "CSRF check failed: reload the page and try again."


def test_an_app_with_its_token_needs_no_csrf_token(rider):
    response = app(app_sign_in(rider)).post("/api/v1/notifications/read-all/", {}, format="json")

    assert response.status_code == 200


# --- #11 and #15: what the docs tell the app about lockouts and forgotten passwords --------


def test_a_locked_out_rider_gets_allauths_400_and_can_still_sign_in_by_sms_code(client, rider):
    for _ in range(5):
        client.post(f"{APP}/auth/login", {"phone": rider.phone, "password": "guess"}, content_type="application/json")
    locked = client.post(f"{APP}/auth/login", {"phone": rider.phone, "password": TEST_PASSWORD}, content_type="application/json")
    assert locked.status_code == 400
    assert [e["code"] for e in locked.json()["errors"]] == ["too_many_login_attempts"]

    # "or sign in by SMS code meanwhile", as the API description says
    response = client.post(f"{APP}/auth/code/request", {"phone": rider.phone}, content_type="application/json")
    token = response.json()["meta"]["session_token"]
    response = client.post(
        f"{APP}/auth/code/confirm",
        {"code": last_code(rider.phone)},
        content_type="application/json",
        headers={"X-Session-Token": token},
    )
    assert response.status_code == 200, response.json()
    assert app(response.json()["meta"]["session_token"]).get("/api/v1/me/").json()["id"] == rider.id


def test_a_rider_who_forgot_the_password_follows_the_documented_flow_and_the_old_app_session_ends(client, rider):
    old_app_token = app_sign_in(rider)

    # The web page the description names: sign in by code there, then a new password, no old one.
    response = client.post("/accounts/login/code/?next=/accounts/password/change/", {"phone": rider.phone[3:]})
    response = client.post(response["Location"], {"code": last_code(rider.phone)})
    assert response["Location"] == "/accounts/password/change/"
    response = client.post("/accounts/password/change/", {"password1": "New-pass-for-2027", "password2": "New-pass-for-2027"})
    assert response.status_code == 302

    ended = app(old_app_token).get("/api/v1/me/")
    assert ended.status_code == 401
    assert ended.json()["code"] == "session_expired"
    assert app(app_sign_in(rider, "New-pass-for-2027")).get("/api/v1/me/").json()["id"] == rider.id


def test_allauths_password_reset_by_email_is_no_way_for_a_rider(client, rider):
    response = client.post(f"{APP}/auth/password/request", {"phone": rider.phone}, content_type="application/json")

    assert response.status_code == 400


def test_the_api_description_tells_app_developers_about_sessions_lockouts_and_passwords(client):
    schema = client.get("/api/schema/?format=json").json()
    description = schema["info"]["description"]

    assert "session_expired" in description
    assert "too_many_login_attempts" in description
    assert "/accounts/login/code/?next=/accounts/password/change/" in description
    assert "`/auth/password/request`" in description
    assert "csrf_failed" in description


def test_the_error_component_tells_app_developers_what_the_body_is(client):
    error = client.get("/api/schema/?format=json").json()["components"]["schemas"]["Error"]

    assert error["description"].startswith("Every error answer (4xx) has this body.")
    assert set(error["properties"]) == {"message", "code", "fields"}
    assert "branch" in error["properties"]["code"]["description"]
