"""The production server's settings, which `make bench` measures too (gunicorn.conf.py)."""

import os
import runpy
from pathlib import Path

CONFIG = str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")


def test_workers_start_at_gunicorns_recommendation_of_two_per_core_plus_one(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert runpy.run_path(CONFIG)["workers"] == 5


def test_web_concurrency_sets_the_worker_count(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(CONFIG)["workers"] == 3
