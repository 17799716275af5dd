"""Production settings as a deployment's environment file makes them: Python code run in a
fresh interpreter with friendlystreet.settings and the given variables (and none of the
test run's own PRIVACY_, EMAIL_ or NOTIFICATIONS_ variables)."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

OWN_PREFIXES = ("PRIVACY_", "EMAIL_", "NOTIFICATIONS_")


def run_with_env(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "friendlystreet.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
