"""SMS_BACKEND=aliyun sends through Alibaba Cloud SMS's SendSms API. Here a real HTTP server on
127.0.0.1 stands for dysmsapi.aliyuncs.com (SMS_ALIYUN_ENDPOINT points at it): it checks the
signature by recomputing it its own way (written from Alibaba Cloud's "签名机制" page, and checked
first against the worked example on the SMS page), checks the parameters, and answers OK or a
refusal, or nothing in time. A rider signs in with the code it carried; a refusal or a silent
provider is the page's 短信发送失败，请稍后再试。 or a delivery tried again, never a 500."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import socket
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote

import pytest
from django.core.checks import run_checks
from django.db import transaction
from django.urls import reverse

from friendlystreet.notifications import kinds
from friendlystreet.notifications.services import notify
from friendlystreet.privacy.models import DeletionRequest
from friendlystreet.sms import send_sms
from friendlystreet.sms.aliyun import signature
from friendlystreet.sms.backends import SmsError
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db

KEY_ID, SECRET = "LTAI5tTestKeyId", "test-secret-of-the-ram-user"
CODE_TEMPLATE, NOTICE_TEMPLATE = "SMS_100000001", "SMS_100000002"
CODE_TEMPLATE_EN, DELETION_TEMPLATE, DELETION_TEMPLATE_EN = "SMS_100000003", "SMS_100000004", "SMS_100000005"
NOTICE_TEMPLATE_EN = "SMS_100000006"
SMS_FAILED = "短信发送失败，请稍后再试。"

# The worked example of Alibaba Cloud SMS's signature page (help.aliyun.com/document_detail/56189.html).
DOC_EXAMPLE = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}
DOC_SIGNATURE = "zJDF+Lrzhj/ThnlvIToysFRq6t4="

kinds.register(
    kinds.Kind(
        code="test_aliyun_sms",
        label="Test",
        title="Voucher expires tomorrow",
        body="Your voucher expires tomorrow.",
        default_channels=(kinds.IN_APP, kinds.SMS),
    )
)


def expected_signature(params: dict[str, str], secret: str, method: str) -> str:
    """The signature as the documentation's steps say, independently of the backend's code."""
    encode = lambda s: quote(s.encode("utf-8"), safe="~")  # noqa: E731 - RFC 3986: only A-Z a-z 0-9 - _ . ~ stay
    pairs = sorted((encode(k), encode(v)) for k, v in params.items() if k != "Signature")
    canonical = "&".join(f"{k}={v}" for k, v in pairs)
    to_sign = method + "&" + encode("/") + "&" + encode(canonical)
    return base64.b64encode(hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest()).decode()


class Provider:
    """What the stand-in provider received, and what it answers next."""

    def __init__(self) -> None:
        self.received: list[dict[str, str]] = []
        self.answer: tuple[int, object] = (200, None)  # None: OK with a BizId
        self.delay = 0.0


@pytest.fixture
def provider(settings):
    state = Provider()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            params = dict(parse_qsl(body, keep_blank_values=True, strict_parsing=True))
            state.received.append(params)
            time.sleep(state.delay)
            request_id = str(uuid.uuid4()).upper()
            if params.get("Signature") != expected_signature(params, SECRET, "POST"):
                status, answer = 400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched."}
            else:
                status, answer = state.answer
                answer = answer or {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0"}
            payload = answer if isinstance(answer, bytes) else json.dumps({**answer, "RequestId": request_id}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the backend gave up waiting
                self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "aliyun"
    settings.SMS_ALIYUN_ENDPOINT = f"http://127.0.0.1:{server.server_port}/"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = KEY_ID
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = SECRET
    settings.SMS_ALIYUN_SIGN_NAME = "友好街道"
    settings.SMS_ALIYUN_CODE_TEMPLATE = CODE_TEMPLATE
    settings.SMS_ALIYUN_NOTICE_TEMPLATE = NOTICE_TEMPLATE
    settings.SMS_ALIYUN_CODE_TEMPLATE_EN = ""  # the optional templates: each test sets those it needs
    settings.SMS_ALIYUN_DELETION_CODE_TEMPLATE = ""
    settings.SMS_ALIYUN_DELETION_CODE_TEMPLATE_EN = ""
    settings.SMS_ALIYUN_NOTICE_TEMPLATE_EN = ""
    settings.SMS_ALIYUN_TIMEOUT = 0.5
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


def told(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_signature_is_the_one_in_alibaba_clouds_worked_example():
    assert signature(DOC_EXAMPLE, "testSecret", "GET") == DOC_SIGNATURE
    # The stand-in provider's own computation agrees with the documentation too.
    assert expected_signature(DOC_EXAMPLE, "testSecret", "GET") == DOC_SIGNATURE


def test_a_rider_signs_in_with_the_code_sent_through_the_code_template(client, provider):
    rider = RiderFactory()
    response = client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    assert response["Location"] == "/accounts/login/code/confirm/"

    (sent,) = provider.received
    assert sent["Signature"] == expected_signature(sent, SECRET, "POST")
    variables = json.loads(sent["TemplateParam"])
    assert set(variables) == {"code"} and variables["code"].isdigit() and len(variables["code"]) == 6
    timestamp = datetime.strptime(sent["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - timestamp) < timedelta(minutes=1)
    assert uuid.UUID(sent["SignatureNonce"])
    assert {k: v for k, v in sent.items() if k not in {"Signature", "SignatureNonce", "Timestamp", "TemplateParam"}} == {
        "AccessKeyId": KEY_ID,
        "Action": "SendSms",
        "Format": "JSON",
        "PhoneNumbers": rider.phone[3:],  # mainland: the 11 digits, no +86
        "RegionId": "cn-hangzhou",
        "SignName": "友好街道",  # Alibaba puts it in 【】 itself
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "TemplateCode": CODE_TEMPLATE,
        "Version": "2017-05-25",
    }

    response = client.post("/accounts/login/code/confirm/", {"code": variables["code"]})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == rider


def test_a_rider_who_uses_the_site_in_english_gets_their_sign_in_code_through_the_english_template(client, provider, settings):
    settings.SMS_ALIYUN_CODE_TEMPLATE_EN = CODE_TEMPLATE_EN
    rider = RiderFactory(language="en")
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    (sent,) = provider.received
    assert sent["TemplateCode"] == CODE_TEMPLATE_EN
    code = json.loads(sent["TemplateParam"])["code"]
    assert client.post("/accounts/login/code/confirm/", {"code": code}).status_code == 302
    assert client.get("/").wsgi_request.user == rider


def test_without_an_english_template_an_english_riders_code_goes_through_the_chinese_one(client, provider):
    rider = RiderFactory(language="en")
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})
    (sent,) = provider.received
    assert sent["TemplateCode"] == CODE_TEMPLATE
    assert set(json.loads(sent["TemplateParam"])) == {"code"}


def delete_my_account(rider, client_for, provider) -> dict[str, str]:
    """On the delete page, the rider asks for the code that confirms deleting their account, then
    confirms with the code the SMS carried. Returns what the provider received."""
    client = client_for(rider)
    client.post(reverse("privacy:delete"), {"action": "send_code"})
    (sent,) = provider.received
    code = json.loads(sent["TemplateParam"])["code"]
    client.post(reverse("privacy:delete"), {"action": "confirm", "code": code})
    assert DeletionRequest.objects.filter(rider=rider).exists()
    return sent


@pytest.mark.parametrize(("language", "template"), [("", DELETION_TEMPLATE), ("en", DELETION_TEMPLATE_EN)])
def test_the_code_that_deletes_an_account_goes_through_the_deletion_template(client_for, provider, settings, language, template):
    settings.SMS_ALIYUN_CODE_TEMPLATE_EN = CODE_TEMPLATE_EN
    settings.SMS_ALIYUN_DELETION_CODE_TEMPLATE = DELETION_TEMPLATE
    settings.SMS_ALIYUN_DELETION_CODE_TEMPLATE_EN = DELETION_TEMPLATE_EN
    rider = RiderFactory(language=language)

    sent = delete_my_account(rider, client_for, provider)

    assert sent["TemplateCode"] == template


@pytest.mark.parametrize(
    ("language", "set_", "template"),
    [
        # No template of its own in their language: the Chinese deletion template, which says it.
        ("en", {"SMS_ALIYUN_DELETION_CODE_TEMPLATE": DELETION_TEMPLATE}, DELETION_TEMPLATE),
        # No deletion template at all: the sign-in code template of their language, then Chinese.
        ("en", {"SMS_ALIYUN_CODE_TEMPLATE_EN": CODE_TEMPLATE_EN}, CODE_TEMPLATE_EN),
        ("en", {}, CODE_TEMPLATE),
        ("", {"SMS_ALIYUN_DELETION_CODE_TEMPLATE_EN": DELETION_TEMPLATE_EN}, CODE_TEMPLATE),
    ],
    ids=["english, chinese deletion template", "english, english code template", "english, none", "chinese, none"],
)
def test_a_deletion_code_without_its_own_template_goes_through_the_next_one(
    client_for, provider, settings, language, set_, template
):
    for name, value in set_.items():
        setattr(settings, name, value)
    rider = RiderFactory(language=language)
    assert delete_my_account(rider, client_for, provider)["TemplateCode"] == template


def test_a_notification_goes_whole_through_the_notice_template_without_our_signature(
    provider, django_capture_on_commit_callbacks
):
    rider = RiderFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification = notify(rider, "test_aliyun_sms", {})
    delivery = notification.deliveries.get()
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    (sent,) = provider.received
    assert sent["TemplateCode"] == NOTICE_TEMPLATE
    assert json.loads(sent["TemplateParam"]) == {"content": delivery.text.removeprefix("【友好街道】")}
    assert "【" not in sent["TemplateParam"] and sent["TemplateParam"] != '{"content":""}'


def tell_of_an_expiring_voucher(rider, provider, capture_on_commit) -> tuple[dict[str, str], str]:
    """A rider's voucher (a haircut at a venue with a Chinese name) expires tomorrow: what the
    provider received, and the text notify() wrote in the rider's language."""
    context = {"title": "Haircut", "venue": "暖新驿站", "expires": "2026-12-08"}
    with capture_on_commit(execute=True), transaction.atomic():
        notification = notify(rider, "points_voucher_expiring", context)
    delivery = notification.deliveries.get()
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    (sent,) = provider.received
    return sent, delivery.text.removeprefix("【友好街道】")


def test_a_rider_who_uses_the_site_in_english_gets_their_notifications_through_the_english_notice_template(
    provider, settings, django_capture_on_commit_callbacks
):
    settings.SMS_ALIYUN_NOTICE_TEMPLATE_EN = NOTICE_TEMPLATE_EN
    rider = RiderFactory(language="en")

    sent, text = tell_of_an_expiring_voucher(rider, provider, django_capture_on_commit_callbacks)

    assert text.startswith("Your voucher “Haircut” at 暖新驿站 expires on 2026-12-08.")
    assert sent["TemplateCode"] == NOTICE_TEMPLATE_EN
    assert json.loads(sent["TemplateParam"]) == {"content": text}


@pytest.mark.parametrize(("language", "starts"), [("", "您在暖新驿站的兑换券"), ("en", "Your voucher")])
def test_a_chinese_riders_notifications_and_without_an_english_template_an_english_riders_go_through_the_chinese_one(
    provider, settings, django_capture_on_commit_callbacks, language, starts
):
    settings.SMS_ALIYUN_NOTICE_TEMPLATE_EN = "" if language else NOTICE_TEMPLATE_EN
    rider = RiderFactory(language=language)

    sent, text = tell_of_an_expiring_voucher(rider, provider, django_capture_on_commit_callbacks)

    assert text.startswith(starts)
    assert sent["TemplateCode"] == NOTICE_TEMPLATE
    assert json.loads(sent["TemplateParam"]) == {"content": text}


def test_a_rider_who_uses_english_gets_the_phone_changed_notice_through_the_english_template_whatever_the_page_language(
    client_for, provider, settings, django_capture_on_commit_callbacks
):
    """The notice to the old number is written in the account's language (message_language): the
    template it goes through is that language's, not that of the page the change was made on."""
    settings.SMS_ALIYUN_CODE_TEMPLATE_EN = CODE_TEMPLATE_EN
    settings.SMS_ALIYUN_NOTICE_TEMPLATE_EN = NOTICE_TEMPLATE_EN
    rider = RiderFactory(language="en", phone="+8613912340001")
    client = client_for(rider)

    client.post("/accounts/phone/change/", {"phone": "139 1234 0002"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    (code_sent,) = provider.received
    assert code_sent["TemplateCode"] == CODE_TEMPLATE_EN
    code = json.loads(code_sent["TemplateParam"])["code"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/phone/verify/", {"code": code}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    rider.refresh_from_db()
    assert rider.phone == "+8613912340002"
    notice = provider.received[-1]
    assert notice["PhoneNumbers"] == "13912340001"
    assert notice["TemplateCode"] == NOTICE_TEMPLATE_EN
    assert json.loads(notice["TemplateParam"])["content"].startswith(
        "Your Friendly Street account now uses the mobile number 139****0002"
    )


def test_a_refused_sign_in_code_is_a_message_on_the_page_not_a_500(client, provider):
    provider.answer = (200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "invalid mobile number"})
    rider = RiderFactory()
    response = client.post("/accounts/login/code/", {"phone": rider.phone[3:]}, follow=True)
    assert response.redirect_chain == [("/accounts/login/code/", 302)]
    assert told(response) == [SMS_FAILED]
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    ("status", "answer", "transient", "says"),
    [
        (200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号 13800000001"}, False, "isv.MOBILE_NUMBER_ILLEGAL"),
        (200, {"Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": "该账号下找不到对应模板"}, False, "isv.SMS_TEMPLATE_ILLEGAL"),
        (200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控Permits:1"}, True, "isv.BUSINESS_LIMIT_CONTROL"),
        (404, {"Code": "InvalidAccessKeyId.NotFound", "Message": "Specified access key is not found."}, False, "NotFound"),
        (503, b"<html>Service Unavailable</html>", True, "HTTP 503 without a result"),
    ],
    ids=["number refused", "template refused", "throttled", "unknown key", "provider's 5xx"],
)
def test_a_refusal_raises_sms_error_saying_why_and_whether_to_try_again(provider, status, answer, transient, says):
    provider.answer = (status, answer)
    with pytest.raises(SmsError) as refused:
        send_sms("+8613800000001", "您的验证码：123456，10分钟内有效。")
    assert refused.value.transient is transient
    assert says in str(refused.value)
    assert "13800000001" not in str(refused.value)  # it is logged: the number masked


def test_a_wrong_secret_is_refused_by_the_signature_check(provider, settings):
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "not-the-secret"
    with pytest.raises(SmsError) as refused:
        send_sms("+8613800000001", "您的验证码：123456，10分钟内有效。")
    assert "SignatureDoesNotMatch" in str(refused.value) and refused.value.transient is False


def test_a_provider_that_does_not_answer_in_time_is_a_transient_failure(provider):
    provider.delay = 1.5
    started = time.monotonic()
    with pytest.raises(SmsError) as refused:
        send_sms("+8613800000001", "您的验证码：123456，10分钟内有效。")
    assert time.monotonic() - started < 1.4
    assert refused.value.transient is True
    assert "Aliyun SMS did not answer within 0.5 s" in str(refused.value)


def test_a_provider_that_cannot_be_reached_is_a_transient_failure(provider, settings):
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        settings.SMS_ALIYUN_ENDPOINT = f"http://127.0.0.1:{closed.getsockname()[1]}/"
        with pytest.raises(SmsError) as refused:
            send_sms("+8613800000001", "您的验证码：123456，10分钟内有效。")
    assert refused.value.transient is True
    assert "Aliyun SMS unreachable" in str(refused.value)


def test_a_notification_the_provider_throttles_is_tried_again_then_listed_as_failed(
    provider, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    provider.answer = (200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发小时级流控Permits:5"})
    rider = RiderFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification = notify(rider, "test_aliyun_sms", {})
    delivery = notification.deliveries.get()
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.attempts == 2
    assert len(provider.received) == 2
    assert "isv.BUSINESS_LIMIT_CONTROL" in delivery.last_error


@pytest.mark.parametrize(
    ("written_in", "switched_to", "template", "starts"),
    [("zh-hans", "en", NOTICE_TEMPLATE, "您在暖新驿站的兑换券"), ("en", "zh-hans", NOTICE_TEMPLATE_EN, "Your voucher")],
    ids=["chinese text, rider now english", "english text, rider now chinese"],
)
def test_a_notice_tried_again_after_the_rider_switched_language_keeps_the_template_of_its_text(
    client_for, street_admin, provider, settings, django_capture_on_commit_callbacks, written_in, switched_to, template, starts
):
    """The text was written in the language the rider had chosen then; the retry sends those words
    through that language's template, not through the one of the language they chose since."""
    settings.SMS_ALIYUN_NOTICE_TEMPLATE_EN = NOTICE_TEMPLATE_EN
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    rider = RiderFactory()
    rider_client = client_for(rider)
    rider_client.post("/notifications/language/", {"language": written_in, "next": "/"})
    rider.refresh_from_db()
    provider.answer = (200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发天级流控Permits:10"})
    context = {"title": "Haircut", "venue": "暖新驿站", "expires": "2026-12-08"}
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification = notify(rider, "points_voucher_expiring", context)
    delivery = notification.deliveries.get()
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    (first,) = provider.received
    text = json.loads(first["TemplateParam"])["content"]
    assert text.startswith(starts) and first["TemplateCode"] == template

    rider_client.post("/notifications/language/", {"language": switched_to, "next": "/"})
    rider.refresh_from_db()
    assert rider.language == switched_to
    provider.answer = (200, None)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(street_admin).post(f"/staff/notifications/deliveries/{delivery.id}/retry/")

    delivery.refresh_from_db()
    assert delivery.status == "sent"
    retry = provider.received[-1]
    assert len(provider.received) == 2
    assert retry["TemplateCode"] == template
    assert json.loads(retry["TemplateParam"]) == {"content": text}


def deploy_ids(settings) -> set[str]:
    settings.DEBUG = False
    return {m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("sms.")}


def test_the_deploy_check_wants_the_key_and_templates_and_https(settings):
    settings.SMS_BACKEND = "aliyun"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = KEY_ID
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = ""
    settings.SMS_ALIYUN_CODE_TEMPLATE = CODE_TEMPLATE
    settings.SMS_ALIYUN_NOTICE_TEMPLATE = ""
    settings.SMS_ALIYUN_CODE_TEMPLATE_EN = CODE_TEMPLATE_EN
    settings.SMS_ALIYUN_DELETION_CODE_TEMPLATE = DELETION_TEMPLATE
    settings.SMS_ALIYUN_DELETION_CODE_TEMPLATE_EN = DELETION_TEMPLATE_EN
    settings.SMS_ALIYUN_NOTICE_TEMPLATE_EN = NOTICE_TEMPLATE_EN
    settings.SMS_ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com/"
    assert deploy_ids(settings) == {"sms.E003"}
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = SECRET
    settings.SMS_ALIYUN_NOTICE_TEMPLATE = NOTICE_TEMPLATE
    assert deploy_ids(settings) == set()
    settings.SMS_ALIYUN_ENDPOINT = "http://dysmsapi.aliyuncs.com/"
    assert deploy_ids(settings) == {"sms.E004"}


def deploy_warnings(settings) -> dict[str, str]:
    settings.DEBUG = False
    return {m.id: m.msg for m in run_checks(include_deployment_checks=True) if m.id.startswith("sms.W")}


def test_the_deploy_check_says_what_riders_get_without_each_optional_template(settings):
    settings.SMS_BACKEND = "aliyun"
    settings.SMS_ALIYUN_ACCESS_KEY_ID, settings.SMS_ALIYUN_ACCESS_KEY_SECRET = KEY_ID, SECRET
    settings.SMS_ALIYUN_CODE_TEMPLATE, settings.SMS_ALIYUN_NOTICE_TEMPLATE = CODE_TEMPLATE, NOTICE_TEMPLATE
    settings.SMS_ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com/"
    settings.SMS_ALIYUN_CODE_TEMPLATE_EN = ""
    settings.SMS_ALIYUN_DELETION_CODE_TEMPLATE = ""
    settings.SMS_ALIYUN_DELETION_CODE_TEMPLATE_EN = ""
    settings.SMS_ALIYUN_NOTICE_TEMPLATE_EN = ""

    assert deploy_warnings(settings) == {
        "sms.W002": "SMS_ALIYUN_CODE_TEMPLATE_EN is empty: riders who use the site in English get their sign-in "
        "codes through SMS_ALIYUN_CODE_TEMPLATE (worded in Chinese).",
        "sms.W003": "SMS_ALIYUN_DELETION_CODE_TEMPLATE is empty: riders who use the site in Chinese get the code "
        "that deletes their account through SMS_ALIYUN_CODE_TEMPLATE (the sign-in code template): nothing tells "
        "them that the code deletes their account.",
        "sms.W004": "SMS_ALIYUN_DELETION_CODE_TEMPLATE_EN is empty: riders who use the site in English get the code "
        "that deletes their account through SMS_ALIYUN_CODE_TEMPLATE (the sign-in code template, worded in "
        "Chinese): nothing tells them that the code deletes their account.",
        "sms.W005": "SMS_ALIYUN_NOTICE_TEMPLATE_EN is empty: riders who use the site in English get their "
        "notifications and account notices through SMS_ALIYUN_NOTICE_TEMPLATE (worded in Chinese).",
    }
    (w005,) = [m for m in run_checks(include_deployment_checks=True) if m.id == "sms.W005"]
    assert w005.hint.startswith("Have a ${content} template worded for it approved")

    settings.SMS_ALIYUN_DELETION_CODE_TEMPLATE = DELETION_TEMPLATE
    said = deploy_warnings(settings)
    assert set(said) == {"sms.W002", "sms.W004", "sms.W005"}
    assert said["sms.W004"].endswith("through SMS_ALIYUN_DELETION_CODE_TEMPLATE (worded in Chinese).")

    settings.SMS_ALIYUN_CODE_TEMPLATE_EN = CODE_TEMPLATE_EN
    settings.SMS_ALIYUN_DELETION_CODE_TEMPLATE_EN = DELETION_TEMPLATE_EN
    assert set(deploy_warnings(settings)) == {"sms.W005"}
    settings.SMS_ALIYUN_NOTICE_TEMPLATE_EN = NOTICE_TEMPLATE_EN
    assert deploy_warnings(settings) == {}
