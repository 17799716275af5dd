"""A production site must not send its SMS to the journal or to a table (operator review #2):
`manage.py check --deploy` warns about SMS_BACKEND=console or outbox with DEBUG off (sms.W001),
fails on a provider's class that does not import, and the console backend, where it is used,
never prints a whole number."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks

from friendlystreet.sms import send_sms
from friendlystreet.sms.backends import BaseBackend
from tests.deploy_check import PRODUCTION, deploy_check


class ProviderBackend(BaseBackend):
    """Stands for a deployment's provider class: accepts every message."""

    def send(self, phone: str, text: str) -> None:
        return None


def ids(settings) -> set[str]:
    return {m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("sms.")}


@pytest.mark.parametrize("backend", ["console", "outbox", "friendlystreet.sms.backends.ConsoleBackend"])
def test_the_deploy_check_warns_about_a_backend_that_is_not_a_provider(settings, backend):
    settings.DEBUG = False
    settings.SMS_BACKEND = backend
    assert ids(settings) == {"sms.W001"}


def test_the_deploy_check_fails_the_command_with_the_console_backend():
    result = deploy_check(**PRODUCTION, SMS_BACKEND="console")
    assert result.returncode != 0
    assert "sms.W001" in result.stderr and "printed to the log" in result.stderr


def test_a_providers_class_passes_and_one_that_does_not_import_fails(settings):
    settings.DEBUG = False
    settings.SMS_BACKEND = f"{__name__}.ProviderBackend"
    assert ids(settings) == set()
    settings.SMS_BACKEND = "yourpackage.sms.AliyunBakend"
    assert ids(settings) == {"sms.E001"}
    settings.SMS_BACKEND = "friendlystreet.sms.send_sms"
    assert ids(settings) == {"sms.E002"}


def test_in_development_the_console_backend_is_fine(settings):
    settings.DEBUG = True
    settings.SMS_BACKEND = "console"
    assert ids(settings) == set()


def test_the_console_backend_prints_the_code_and_masks_the_number(settings, capsys):
    settings.SMS_BACKEND = "console"
    send_sms("+8613912345678", "您的验证码是 123456，10 分钟内有效。")
    printed = capsys.readouterr().out
    assert "[SMS to 139****5678]" in printed and "123456" in printed
    assert "13912345678" not in printed
