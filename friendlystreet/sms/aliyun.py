"""Alibaba Cloud SMS (阿里云短信服务): `SMS_BACKEND=aliyun` sends through its SendSms API
(version 2017-05-25, https://dysmsapi.aliyuncs.com/), with the standard library only.

The request, as Alibaba Cloud documents it:

- RPC style, signature version 1.0 ("签名机制", https://help.aliyun.com/document_detail/28839.html
  and, for SMS with a worked SendSms example, https://help.aliyun.com/document_detail/56189.html):
  the common parameters AccessKeyId, Action=SendSms, Format=JSON, RegionId, SignatureMethod=HMAC-SHA1,
  SignatureNonce (a new UUID each request), SignatureVersion=1.0, Timestamp (UTC,
  yyyy-MM-ddTHH:mm:ssZ), Version=2017-05-25, with the API's PhoneNumbers, SignName, TemplateCode
  and TemplateParam (a JSON object of the template's variables), all sorted by name; names and
  values percent-encoded as RFC 3986 (A–Z a–z 0–9 - _ . ~ as they are, a space %20, UTF-8
  bytes %XY) and joined with = and &: the canonicalized query string. StringToSign is
  `<HTTP method>&%2F&` + that string percent-encoded once more; Signature =
  Base64(HMAC-SHA1(key = AccessKeySecret + "&", StringToSign)). The SMS page's example (AccessKeyId
  testId, secret testSecret, SignatureNonce 45e25e9b-…, Timestamp 2017-07-12T02:42:19Z) signs to
  zJDF+Lrzhj/ThnlvIToysFRq6t4=; tests/sms/test_aliyun_backend.py checks it.
- GET and POST are both accepted, their StringToSign starting with the method. We POST the
  parameters as a form body: the phone number and the message stay out of URLs, which proxies and
  access logs keep.
- The answer (JSON): {"Code": "OK", "Message": "OK", "BizId": "…", "RequestId": "…"}; any other
  Code is a refusal (the API error codes page, https://help.aliyun.com/document_detail/101346.html),
  e.g. isv.BUSINESS_LIMIT_CONTROL (throttled), isv.MOBILE_NUMBER_ILLEGAL, isv.SMS_TEMPLATE_ILLEGAL,
  SignatureDoesNotMatch (the last comes with HTTP 400).

Templates. Alibaba Cloud sends no free text: each message is an approved template, its variables
filled in, under the registered signature (SignName, which Alibaba puts in 【】 itself, so our
SMS_SIGNATURE is taken off the text). A template's wording is fixed, in one language, and approved
as it is. The portal writes whole texts (backends.BaseBackend.send), so:

- a text that carries a code (CODE_MESSAGES, recognised in every language of the site, which
  tells its kind) goes with only the code, variable ${code}, through the code template of its
  kind and language (TEMPLATES): a sign-in or confirm-it-is-you code through
  SMS_ALIYUN_CODE_TEMPLATE (Chinese) or SMS_ALIYUN_CODE_TEMPLATE_EN, the code that deletes an
  account through SMS_ALIYUN_DELETION_CODE_TEMPLATE or SMS_ALIYUN_DELETION_CODE_TEMPLATE_EN;
- every other text (notifications, account notices) goes whole, variable ${content}, through the
  notification template of its language, SMS_ALIYUN_NOTICE_TEMPLATE (Chinese) or
  SMS_ALIYUN_NOTICE_TEMPLATE_EN.

A text's language, codes and notices alike, is the one active while it is sent: send_sms
activates the language its caller wrote the text in (accounts.language.message_language for
codes and account notices; for a notification, the language notify() wrote it in, which its
delivery keeps (Delivery.language), so that a retry after the rider switched language still sends
the text through its own language's template).

A template not set falls back (template_setting): the kind's Chinese template, then, for the
deletion code, the sign-in code template in the text's language, then the Chinese one; only the
Chinese sign-in and notification templates are required. checks.py warns of each one missing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from friendlystreet.accounts.phones import mask_phone

from .backends import BaseBackend, SmsError

logger = logging.getLogger(__name__)

API_VERSION = "2017-05-25"

# The kinds of text, each with a template of its own: two kinds of code, and every other text.
SIGN_IN, DELETION, NOTICE = "sign-in", "deletion", "notice"
CHINESE = "zh-hans"  # the site's language: its templates come first where one is missing

# The msgids of the texts that carry a code (accounts/adapter.py, privacy/services.py), and their
# kind. A text not listed goes out through the notification template: delivered still, only not as
# a code.
CODE_MESSAGES = {
    "Your verification code is %(code)s. It expires in 10 minutes.": SIGN_IN,
    "Your code to confirm it is you is %(code)s. It expires in 10 minutes.": SIGN_IN,
    "Your code to delete your Friendly Street account is %(code)s. It expires in 10 minutes. "
    "If you did not ask for this, ignore this message.": DELETION,
}

# The setting that holds the template of each kind of text in each language of the site
# (settings.LANGUAGES). Only the Chinese sign-in and notice ones are required (checks.py, sms.E003).
TEMPLATES = {
    (SIGN_IN, CHINESE): "SMS_ALIYUN_CODE_TEMPLATE",
    (SIGN_IN, "en"): "SMS_ALIYUN_CODE_TEMPLATE_EN",
    (DELETION, CHINESE): "SMS_ALIYUN_DELETION_CODE_TEMPLATE",
    (DELETION, "en"): "SMS_ALIYUN_DELETION_CODE_TEMPLATE_EN",
    (NOTICE, CHINESE): "SMS_ALIYUN_NOTICE_TEMPLATE",
    (NOTICE, "en"): "SMS_ALIYUN_NOTICE_TEMPLATE_EN",
}
# A kind without a template in the text's language nor in Chinese goes as this kind: a deletion
# code as a sign-in code (both ${code}).
FALLS_BACK_TO = {DELETION: SIGN_IN}

# Refusals that may pass if the message is tried again later; every other Code is for good (a
# number, a template, a signature or a key the provider refuses).
TRANSIENT_CODES = frozenset(
    {
        "isv.BUSINESS_LIMIT_CONTROL",  # throttled: per number per minute / hour / day
        "isp.SYSTEM_ERROR",
        "isp.GATEWAY_ERROR",
        "Throttling",
        "Throttling.User",
        "Throttling.Api",
        "ServiceUnavailable",
        "InternalError",
    }
)


def percent_encode(value: str) -> str:
    # RFC 3986 unreserved characters only; quote() encodes a space as %20 and "*" as %2A already.
    return urllib.parse.quote(value, safe="-_.~")


def query(pairs) -> str:
    """`name=value&...`, each percent-encoded: the canonicalized query string when sorted, the body."""
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs)


def signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    """The RPC signature (version 1.0) of `params`, without a Signature among them."""
    canonical = query(sorted(params.items()))
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@cache
def _code_patterns(languages: tuple[str, ...]) -> tuple[tuple[re.Pattern, str], ...]:
    """(pattern, kind) of every code text in every language of the site."""
    patterns = []
    for language in languages:
        with translation.override(language):
            for msgid, kind in CODE_MESSAGES.items():
                before, _sep, after = gettext(msgid).partition("%(code)s")
                pattern = re.compile(re.escape(before) + r"(?P<code>[0-9A-Za-z]{4,10})" + re.escape(after))
                patterns.append((pattern, kind))
    return tuple(patterns)


def template_setting(kind: str, language: str) -> str:
    """The setting whose template carries a text of `kind` to a rider reading `language`: the
    kind's template in that language, else the kind's Chinese one (it says what the text is for),
    else that of the kind it falls back to (FALLS_BACK_TO) in that language, else in Chinese."""
    fallback = FALLS_BACK_TO.get(kind, kind)
    for key in ((kind, language), (kind, CHINESE), (fallback, language)):
        if key in TEMPLATES and getattr(settings, TEMPLATES[key]):
            return TEMPLATES[key]
    return TEMPLATES[fallback, CHINESE]


def template_for(text: str) -> tuple[str, dict[str, str]]:
    """The template code and its variables for `text` (SMS_SIGNATURE already taken off), in the
    active language (send_sms activates the text's): a code text, of the kind of the catalogue
    text it matches, goes as its code; any other text whole, as a notice."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    for pattern, kind in _code_patterns(tuple(code for code, _name in settings.LANGUAGES)):
        if match := pattern.fullmatch(text):
            return getattr(settings, template_setting(kind, language)), {"code": match["code"]}
    return getattr(settings, template_setting(NOTICE, language)), {"content": text}


def provider_number(phone: str) -> str:
    # Mainland numbers go as their 11 digits; others as country code and number, without "+".
    return phone.removeprefix("+86") if phone.startswith("+86") else phone.removeprefix("+")


class AliyunBackend(BaseBackend):
    def send(self, phone: str, text: str) -> None:
        text = text.removeprefix(settings.SMS_SIGNATURE)
        template, variables = template_for(text)
        number = provider_number(phone)
        params = {
            "AccessKeyId": settings.SMS_ALIYUN_ACCESS_KEY_ID,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": number,
            "RegionId": settings.SMS_ALIYUN_REGION,
            "SignName": settings.SMS_ALIYUN_SIGN_NAME,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": str(uuid.uuid4()),
            "SignatureVersion": "1.0",
            "TemplateCode": template,
            "TemplateParam": json.dumps(variables, ensure_ascii=False, separators=(",", ":")),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": API_VERSION,
        }
        endpoint = settings.SMS_ALIYUN_ENDPOINT
        if urllib.parse.urlsplit(endpoint).scheme not in ("https", "http"):
            raise SmsError(f"SMS_ALIYUN_ENDPOINT is not an http(s) address: {endpoint!r}", transient=False)
        params["Signature"] = signature(params, settings.SMS_ALIYUN_ACCESS_KEY_SECRET)
        body = query(params.items()).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            endpoint,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_ALIYUN_TIMEOUT) as response:  # noqa: S310
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            # Alibaba answers some refusals (a bad signature, an unknown key) with 4xx and the
            # same JSON body; 5xx is the provider's trouble, worth another try.
            status = error.code
            try:
                raw = error.read()
            except OSError:
                raw = b""
        except (TimeoutError, urllib.error.URLError) as error:
            # A TimeoutError itself: connected, but no answer in time; a URLError wrapping one: no
            # connection within the timeout.
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError):
                raise SmsError(
                    f"Aliyun SMS did not answer within {settings.SMS_ALIYUN_TIMEOUT:g} s ({reason})", transient=True
                ) from error
            raise SmsError(f"Aliyun SMS unreachable: {reason}", transient=True) from error
        except OSError as error:
            raise SmsError(f"Aliyun SMS connection failed: {error}", transient=True) from error
        try:
            answer = json.loads(raw)
            code, message = str(answer["Code"]), str(answer.get("Message", ""))
        except (ValueError, KeyError, TypeError) as error:
            raise SmsError(f"Aliyun SMS answered HTTP {status} without a result", transient=status >= 500) from error
        if code != "OK":
            # The provider's message may quote the number: the log shows it masked.
            message = message.replace(number, mask_phone(phone))
            raise SmsError(
                f"Aliyun SMS refused the message: {code} ({message}), HTTP {status}, RequestId {answer.get('RequestId', '?')}",
                transient=code in TRANSIENT_CODES or status >= 500,
            )
        logger.info(
            "Aliyun SMS accepted the message to %s: BizId %s, RequestId %s",
            mask_phone(phone),
            answer.get("BizId"),
            answer.get("RequestId"),
        )
