"""What a rider reads when their input is refused is Chinese a rider understands: Django's
and DRF's own messages where their translation is missing or reads like a programmer's, and
the API's own refusals, never a hard-coded English sentence."""

from __future__ import annotations

import pytest

from tests.accounts.test_phone_signup_and_login import sign_up

pytestmark = pytest.mark.django_db


def test_a_short_password_at_sign_up_is_refused_in_chinese(client):
    page = sign_up(client, password1="short7", password2="short7").content.decode()

    assert "密码太短，至少需要 8 个字符。" in page
    assert "too short" not in page


def test_a_text_too_long_says_how_many_characters_in_plain_words(rider, client_for):
    page = client_for(rider).post("/profile/edit/", {"display_name": "张" * 200}).content.decode()

    assert "最多" in page and "个字（现在 200 个）" in page
    assert "该变量" not in page


def test_a_rule_that_does_not_exist_is_named_as_a_choice_not_a_primary_key(rider, api_for):
    rider.verification = "verified"
    rider.save()

    response = api_for(rider).post("/api/v1/claims/", {"rule": 99999, "occurred_at": "2026-12-01T10:00:00+08:00"}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"]["rule"] == ["所选的项目不存在，请重新选择。"]


def test_a_mangled_ledger_cursor_is_a_400_naming_the_parameter(rider, api_for):
    response = api_for(rider).get("/api/v1/me/ledger/?cursor=garbage")

    assert response.status_code == 400
    assert response.json()["fields"]["cursor"] == ["分页位置无效，请从第一页重新开始。"]


def test_no_open_deletion_request_is_said_in_the_riders_language(rider, api_for):
    api = api_for(rider)

    assert api.get("/api/v1/me/deletion/").json()["message"] == "您没有待处理的注销申请。"
    assert api.delete("/api/v1/me/deletion/").json()["message"] == "您没有待处理的注销申请。"
    english = api.get("/api/v1/me/deletion/", HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert english == "You have no open deletion request."


def test_a_deletion_code_that_is_not_six_digits_says_so(rider, api_for):
    response = api_for(rider).post("/api/v1/me/deletion/", {"code": "12ab"}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"]["code"] == ["请输入短信中的 6 位数字验证码。"]


def test_a_body_that_is_not_json_is_refused_in_the_callers_language(rider, api_for):
    api = api_for(rider)

    chinese = api.post("/api/v1/claims/", b"{bad", content_type="application/json").json()
    english = api.post("/api/v1/claims/", b"{bad", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en").json()

    assert chinese["code"] == english["code"] == "parse_error"
    assert chinese["message"].startswith("请求内容不是有效的 JSON（Expecting property name")
    assert english["message"].startswith("The body is not valid JSON (Expecting property name")


def test_a_rule_that_does_not_exist_is_said_in_plain_english_too(rider, api_for):
    api = api_for(rider)
    claim = {"occurred_at": "2026-12-01T10:00:00+08:00"}

    missing = api.post("/api/v1/claims/", {**claim, "rule": 99999}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.json()["fields"]["rule"] == ["The chosen item does not exist; choose another."]
    wrong = api.post("/api/v1/claims/", {**claim, "rule": [1]}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.json()["fields"]["rule"] == ["Choose one item from the list."]
