"""`manage.py check --deploy` is clean with production settings (CI also runs `make check-deploy`)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.deploy_check import PRODUCTION, ROOT, deploy_check


def test_deploy_check_is_clean_with_production_settings():
    result = deploy_check(
        **PRODUCTION,
        TRUSTED_PROXY_COUNT="1",  # nginx in front, as deploy/README.md installs it (else proxy.W001)
        # No SMS provider ships with the code (sms.W001 is the server's to clear), as make check-deploy.
        SILENCED_SYSTEM_CHECKS="sms.W001",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_deploy_check_fails_without_a_secret_key():
    result = deploy_check(drop={"SECRET_KEY"}, DEBUG="False", ALLOWED_HOSTS="friendlystreet.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_web_process_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="False", ALLOWED_HOSTS="friendlystreet.example", DJANGO_SETTINGS_MODULE="friendlystreet.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import friendlystreet.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY setting must not be empty" in result.stderr
