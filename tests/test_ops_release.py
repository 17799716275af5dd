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


def _get_json(url: str) -> dict | None:
    import json
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (our own local server)
            return json.load(response)
    except OSError:
        return None


def test_a_graceful_reload_serves_the_new_release(tmp_path):
    """The documented update: the release file is rewritten, then `systemctl reload` sends HUP to
    gunicorn; its new workers read the file and /healthz names the new release."""
    import signal
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    release = tmp_path / "release"
    release.write_text("RELEASE=5d16b01\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "RELEASE", "REDIS_URL")}
    env.update(
        DEBUG="True",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL="",
        RELEASE_FILE=str(release),
        RELEASE="5d16b01",  # what the master was started with, as systemd's environment would keep it
        WEB_CONCURRENCY="1",
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "friendlystreet.wsgi", "--bind", f"127.0.0.1:{port}", "--no-control-socket"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/healthz"

    def release_served(expected: str) -> bool:
        for _ in range(100):
            body = _get_json(url)
            if body is not None and body["release"] == expected:
                return True
            time.sleep(0.2)
        return False

    try:
        assert release_served("5d16b01")
        release.write_text("RELEASE=09cb7bb\n")
        server.send_signal(signal.SIGHUP)
        assert release_served("09cb7bb")
    finally:
        server.terminate()
        server.wait(timeout=30)
