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

from friendlystreet.notifications import kinds
from friendlystreet.notifications.services import notify
from friendlystreet.sms import send_sms
from friendlystreet.sms.aliyun import signature
from friendlystreet.sms.backends import SmsError
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db

KEY_ID, SECRET = "LTAI5tTestKeyId", "test-secret-of-the-ram-user"
CODE_TEMPLATE, NOTICE_TEMPLATE = "SMS_100000001", "SMS_100000002"
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


def deploy_ids(settings) -> set[str]:
    settings.DEBUG = False
    return {m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("sms.")}


def test_the_deploy_check_wants_the_key_and_templates_and_https(settings):
    settings.SMS_BACKEND = "aliyun"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = KEY_ID
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = ""
    settings.SMS_ALIYUN_CODE_TEMPLATE = CODE_TEMPLATE
    settings.SMS_ALIYUN_NOTICE_TEMPLATE = ""
    settings.SMS_ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com/"
    assert deploy_ids(settings) == {"sms.E003"}
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = SECRET
    settings.SMS_ALIYUN_NOTICE_TEMPLATE = NOTICE_TEMPLATE
    assert deploy_ids(settings) == set()
    settings.SMS_ALIYUN_ENDPOINT = "http://dysmsapi.aliyuncs.com/"
    assert deploy_ids(settings) == {"sms.E004"}
