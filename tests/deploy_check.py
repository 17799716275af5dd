"""`manage.py check --deploy --fail-level WARNING` as deploy/README.md runs it: in a process of its
own, with the real settings (not the tests') and the variables a test gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a production server always sets; each test adds or leaves out the rest.
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "a-long-random-enough-secret-key-for-this-test-of-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "friendlystreet.example",
}


def deploy_check(drop: frozenset[str] | set[str] = frozenset(), **env: str) -> subprocess.CompletedProcess:
    """Runs the command with this process's environment minus the tests' settings and `drop`,
    plus `env`."""
    left_out = {"DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", *drop}
    full_env = {k: v for k, v in os.environ.items() if k not in left_out}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
