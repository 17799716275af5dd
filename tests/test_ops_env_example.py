"""The environment examples list every variable settings.py reads (operator review #10: 17 were
missing from .env.example, and its OpenStreetMap tiles came without MAP_TILE_CRS=wgs84, which put
every marker about 360 m off). Read from the files themselves, so that they cannot drift again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / ".env.example", ROOT / "deploy" / "friendlystreet.env.example"]
# Read by gunicorn.conf.py and the worker unit, not by settings.py.
NOT_DJANGOS = {"WEB_CONCURRENCY", "WORKER_CONCURRENCY"}
ENV_READ = re.compile(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
LISTED = re.compile(r"^#?([A-Z][A-Z0-9_]*)=(.*)$", re.M)


def read_by_settings() -> set[str]:
    return set(ENV_READ.findall((ROOT / "friendlystreet" / "settings.py").read_text()))


def listed(example: Path) -> set[str]:
    return {name for name, _ in LISTED.findall(example.read_text())}


def test_the_parser_finds_what_settings_reads():
    names = read_by_settings()
    assert {"SECRET_KEY", "DATABASE_URL", "MAP_TILE_CRS", "NOTIFICATIONS_SWEEP_INTERVAL_SECONDS"} <= names
    assert len(names) > 40


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_variable_settings_reads_is_listed(example):
    assert sorted(read_by_settings() - listed(example)) == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_is_listed_that_nobody_reads(example):
    assert sorted(listed(example) - read_by_settings() - NOT_DJANGOS) == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_tile_server_comes_with_the_system_its_tiles_are_drawn_in(example):
    """Set or commented, every MAP_TILE_URL is followed, before the next one, by the
    MAP_TILE_CRS of its tiles: OpenStreetMap's are WGS-84, AMap's GCJ-02."""
    lines = LISTED.findall(example.read_text())
    urls = [i for i, (name, _) in enumerate(lines) if name == "MAP_TILE_URL"]
    assert urls
    for n, start in enumerate(urls):
        end = urls[n + 1] if n + 1 < len(urls) else len(lines)
        url = lines[start][1]
        crs = [value for name, value in lines[start:end] if name == "MAP_TILE_CRS"]
        wanted = "wgs84" if "openstreetmap" in url else "gcj02" if "autonavi" in url else None
        assert wanted is not None, url
        assert crs == [wanted], (url, crs)
