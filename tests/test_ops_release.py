"""The release every cache key is prefixed with (operator review #4): a server keeps it in a
file (RELEASE_FILE) that every process reads as it starts, so `manage.py` and the gunicorn
workers a graceful reload starts use the new one, whatever RELEASE the master was started with.
Each case starts Python afresh with the real settings, as a process of the server does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOW = "from django.conf import settings; print(repr(settings.RELEASE), repr(settings.CACHES['default'].get('KEY_PREFIX')))"


def release_seen(**env: str) -> str:
    base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "RELEASE", "RELEASE_FILE")}
    base.update(DEBUG="True", REDIS_URL="redis://127.0.0.1:1/1", DJANGO_SETTINGS_MODULE="friendlystreet.settings", **env)
    code = f"import django; django.setup(); {SHOW}"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("content", ["RELEASE=09cb7bb\n", "09cb7bb\n", "  RELEASE=09cb7bb  "])
def test_the_release_file_is_read_whatever_the_environment_says(tmp_path, content):
    release = tmp_path / "release"
    release.write_text(content)
    # The master's environment still holds the release it was started with: the file wins.
    assert release_seen(RELEASE_FILE=str(release), RELEASE="5d16b01") == "'09cb7bb' '09cb7bb'"


def test_a_release_file_not_written_yet_is_no_prefix(tmp_path):
    assert release_seen(RELEASE_FILE=str(tmp_path / "release")) == "'' ''"


def test_without_a_release_file_the_variable_is_used():
    assert release_seen(RELEASE="prodcheck") == "'prodcheck' 'prodcheck'"
