"""The delivery tunables: a setting, else an environment variable of the same name, else the default."""

from __future__ import annotations

import pytest

from friendlystreet.notifications import conf


def test_an_environment_variable_sets_a_tunable_in_the_defaults_type(monkeypatch, settings):
    monkeypatch.setenv("NOTIFICATIONS_SWEEP_GRACE_SECONDS", "10")
    assert conf.get("NOTIFICATIONS_SWEEP_GRACE_SECONDS") == 10
    monkeypatch.setenv("NOTIFICATIONS_RETRY_BASE_SECONDS", "0.5")
    assert conf.get("NOTIFICATIONS_RETRY_BASE_SECONDS") == 0.5


def test_a_setting_wins_over_the_environment_and_an_empty_variable_is_the_default(monkeypatch, settings):
    monkeypatch.setenv("NOTIFICATIONS_SWEEP_GRACE_SECONDS", "10")
    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 60
    assert conf.get("NOTIFICATIONS_SWEEP_GRACE_SECONDS") == 60
    monkeypatch.setenv("NOTIFICATIONS_MAX_ATTEMPTS", "")
    assert conf.get("NOTIFICATIONS_MAX_ATTEMPTS") == conf.DEFAULTS["NOTIFICATIONS_MAX_ATTEMPTS"]


def test_a_malformed_variable_fails_loudly(monkeypatch):
    monkeypatch.setenv("NOTIFICATIONS_SWEEP_GRACE_SECONDS", "5m")
    with pytest.raises(ValueError):
        conf.get("NOTIFICATIONS_SWEEP_GRACE_SECONDS")
