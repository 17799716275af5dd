"""A rider changing their number in the app whose code did not arrive asks for another the way the
API description says (allauth has no resend for a change: POST /account/phone again); asking
again too soon, in the app or on the web, is a 429 that says how long, not a 500."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth.models import Group

from friendlystreet.accounts import roles
from friendlystreet.sms.models import OutboxMessage
from tests.accounts.helpers import APP, SIGNUP
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW = "+8613912340002"


def codes_sent_to(phone: str) -> list[str]:
    texts = OutboxMessage.objects.filter(phone=phone).order_by("id").values_list("text", flat=True)
    return [re.search(r"\b(\d{6})\b", text).group(1) for text in texts]


@pytest.fixture
def app(client, rider):
    token = client.post(
        f"{APP}/auth/login", {"phone": rider.phone, "password": TEST_PASSWORD}, content_type="application/json"
    ).json()["meta"]["session_token"]

    def post(path: str, data: dict):
        return client.post(f"{APP}{path}", data, content_type="application/json", headers={"X-Session-Token": token})

    return post


@pytest.fixture
def codes_every_second(settings):
    # ACCOUNT_RATE_LIMITS["verify_phone"] is allauth's default, one code a number in 30 s: the
    # rider who waits is played here by a one-second window and a one-second wait.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "verify_phone": "1/1s/key"}


def test_allauths_resend_is_not_for_a_change_of_number(app):
    assert app("/account/phone", {"phone": NEW}).status_code == 202

    assert app("/auth/phone/verify/resend", {}).status_code == 409
    assert len(codes_sent_to(NEW)) == 1


def test_asking_again_sends_a_new_code_and_only_that_one_works(app, rider, codes_every_second):
    assert app("/account/phone", {"phone": NEW}).status_code == 202
    time.sleep(1.1)

    again = app("/account/phone", {"phone": NEW})

    assert again.status_code == 202
    first, second = codes_sent_to(NEW)
    if first != second:  # six random digits: the same twice is possible
        refused = app("/auth/phone/verify", {"code": first})
        assert refused.status_code == 400
    assert app("/auth/phone/verify", {"code": second}).status_code == 200
    rider.refresh_from_db()
    assert rider.phone == NEW


def test_asking_again_too_soon_in_the_app_is_a_429_with_the_wait(app, rider):
    app("/account/phone", {"phone": NEW})

    too_soon = app("/account/phone", {"phone": NEW})

    assert too_soon.status_code == 429
    assert too_soon.json() == {"status": 429}  # allauth's body
    assert too_soon["Retry-After"] == "60"  # the longest window of verify_phone ("1/30s/key,3/m/ip")
    assert len(codes_sent_to(NEW)) == 1
    # The first code still works.
    assert app("/auth/phone/verify", {"code": codes_sent_to(NEW)[0]}).status_code == 200


def test_asking_again_too_soon_on_the_web_is_the_sites_429_page(client_for, rider):
    client = client_for(rider)
    client.post("/accounts/phone/change/", {"phone": "13912340002"})

    too_soon = client.post("/accounts/phone/change/", {"phone": "13912340002"})

    assert too_soon.status_code == 429
    assert too_soon["Retry-After"] == "60"
    page = too_soon.content.decode()
    assert "请 1 分钟后再试。" in page and 'href="/accounts/phone/change/"' in page
    assert len(codes_sent_to(NEW)) == 1


def test_the_api_description_tells_how_to_get_a_new_code(client):
    description = client.get("/api/schema/?format=json").json()["info"]["description"]

    assert "### Changing the mobile number" in description
    assert "`POST /account/phone` again with the same number" in description


def test_the_web_code_page_of_a_change_says_how_to_have_it_sent_again(client_for, rider, codes_every_second):
    client = client_for(rider)
    client.post("/accounts/phone/change/", {"phone": "13912340002"})

    page = client.get("/accounts/phone/verify/").content.decode()
    assert "没有收到验证码？请点“取消”后重新发送：同一号码每 30 秒可发送一次。" in page
    cancel = re.search(r'<a class="button secondary cancel" href="([^"]+)">取消</a>', page).group(1)
    assert cancel == "/accounts/phone/change/"

    time.sleep(1.1)
    again = client.post(cancel, {"phone": "13912340002"})
    assert again.status_code == 302 and again["Location"] == "/accounts/phone/verify/"
    assert client.post("/accounts/phone/verify/", {"code": codes_sent_to(NEW)[-1]}).status_code == 302
    rider.refresh_from_db()
    assert rider.phone == NEW


def test_the_sign_up_code_page_keeps_its_resend_button_instead(client):
    Group.objects.get_or_create(name=roles.RIDER)
    signup = {**SIGNUP, "phone": "13912340003"}
    assert client.post("/accounts/signup/", signup)["Location"] == "/accounts/phone/verify/"

    page = client.get("/accounts/phone/verify/").content.decode()
    assert 'id="resend-code"' in page and 'id="code-again"' not in page
