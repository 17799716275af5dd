"""`manage.py check --deploy`: the SMS backend a production site sends through.

With DEBUG off, SMS_BACKEND must name a provider's class (friendlystreet/sms/backends.py says
what it implements). `console` prints every sign-in code to the journal and `outbox` keeps them
in a table Django admin shows: anyone who reads either can sign in as any rider, and no rider
gets a code. A dotted path that does not import fails at the first SMS; here it fails the check.
`aliyun` without its key, signature or templates would refuse every message: it fails too.
Without one of its optional templates (English ones, one for the code that deletes an account)
it sends those texts through another (aliyun.template_setting), and says so: a warning each.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

from . import BACKEND_ALIASES
from .aliyun import CHINESE, DELETION, NOTICE, SIGN_IN, TEMPLATES, template_setting
from .backends import BaseBackend

ALIYUN_REQUIRED = (
    "SMS_ALIYUN_ACCESS_KEY_ID",
    "SMS_ALIYUN_ACCESS_KEY_SECRET",
    "SMS_ALIYUN_SIGN_NAME",
    "SMS_ALIYUN_CODE_TEMPLATE",
    "SMS_ALIYUN_NOTICE_TEMPLATE",
)
# The optional templates (aliyun.TEMPLATES), each with its warning's id.
ALIYUN_OPTIONAL = {
    (SIGN_IN, "en"): "sms.W002",
    (DELETION, CHINESE): "sms.W003",
    (DELETION, "en"): "sms.W004",
    (NOTICE, "en"): "sms.W005",
}
LANGUAGE_NAMES = {CHINESE: "Chinese", "en": "English"}
WHAT_IT_CARRIES = {
    SIGN_IN: "their sign-in codes",
    DELETION: "the code that deletes their account",
    NOTICE: "their notifications and account notices",
}
NOT_FOR_PRODUCTION = {"console", "outbox", *(BACKEND_ALIASES[name] for name in ("console", "outbox"))}


@register(Tags.security, deploy=True)
def sms_backend_check(app_configs=None, **kwargs) -> list:
    if settings.DEBUG:
        return []
    name = settings.SMS_BACKEND
    if name in NOT_FOR_PRODUCTION:
        return [
            Warning(
                f"SMS_BACKEND is {name!r} with DEBUG off: no rider gets an SMS, and every sign-in code is "
                + ("printed to the log" if "onsole" in name else "stored in a table Django admin shows")
                + ", where anyone who reads it can sign in as that rider.",
                hint="Set SMS_BACKEND to the dotted path of your SMS provider's class (deploy/README.md, 'SMS provider').",
                id="sms.W001",
            )
        ]
    try:
        backend = import_string(BACKEND_ALIASES.get(name, name))
    except ImportError as error:
        return [Error(f"SMS_BACKEND {name!r} cannot be imported: {error}", id="sms.E001")]
    if not (isinstance(backend, type) and issubclass(backend, BaseBackend)):
        return [
            Error(
                f"SMS_BACKEND {name!r} is not a subclass of friendlystreet.sms.backends.BaseBackend.",
                id="sms.E002",
            )
        ]
    if BACKEND_ALIASES.get(name, name) == BACKEND_ALIASES["aliyun"]:
        missing = [setting for setting in ALIYUN_REQUIRED if not getattr(settings, setting)]
        if missing:
            return [
                Error(
                    f"SMS_BACKEND is 'aliyun' but {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} empty: "
                    "Alibaba Cloud would refuse every message.",
                    hint="Set them in the environment (deploy/README.md, 'SMS provider').",
                    id="sms.E003",
                )
            ]
        if not settings.SMS_ALIYUN_ENDPOINT.startswith("https://"):
            return [
                Error(
                    f"SMS_ALIYUN_ENDPOINT {settings.SMS_ALIYUN_ENDPOINT!r} is not https: the numbers and the codes "
                    "would travel in clear.",
                    hint="Leave it unset (https://dysmsapi.aliyuncs.com/).",
                    id="sms.E004",
                )
            ]
        return missing_optional_templates()
    return []


def missing_optional_templates() -> list:
    """A warning for each optional template not set, saying what riders get instead."""
    warnings = []
    for (kind, language), check_id in ALIYUN_OPTIONAL.items():
        setting = TEMPLATES[kind, language]
        if getattr(settings, setting):
            continue
        instead = template_setting(kind, language)
        instead_kind, instead_language = next(key for key, name in TEMPLATES.items() if name == instead)
        about = [f"worded in {LANGUAGE_NAMES[instead_language]}"] if instead_language != language else []
        if instead_kind != kind:
            about.insert(0, "the sign-in code template")
        said = (
            f"{setting} is empty: riders who use the site in {LANGUAGE_NAMES[language]} get "
            f"{WHAT_IT_CARRIES[kind]} through {instead} ({', '.join(about)})"
        )
        if instead_kind != kind:
            said += ": nothing tells them that the code deletes their account"
        variable = "${content}" if kind == NOTICE else "${code}"
        warnings.append(
            Warning(
                said + ".",
                hint=f"Have a {variable} template worded for it approved in the Alibaba Cloud console and set {setting}; "
                "or, if that is fine, add this warning to SILENCED_SYSTEM_CHECKS (deploy/README.md, 'SMS provider').",
                id=check_id,
            )
        )
    return warnings
