"""The delivery tunables come from the environment file, as every deployment setting does."""

from __future__ import annotations

from tests.settings_env import run_with_env

PRINT = (
    "from friendlystreet.notifications import conf\n"
    "print(conf.get('NOTIFICATIONS_SWEEP_GRACE_SECONDS'), conf.get('NOTIFICATIONS_RETRY_BASE_SECONDS'), "
    "conf.get('NOTIFICATIONS_MAX_ATTEMPTS'))"
)


def test_an_environment_variable_sets_a_tunable_in_its_type():
    out = run_with_env({"NOTIFICATIONS_SWEEP_GRACE_SECONDS": "10", "NOTIFICATIONS_RETRY_BASE_SECONDS": "0.5"}, PRINT)
    assert out.stdout.split() == ["10", "0.5", "5"], out.stderr


def test_a_malformed_variable_stops_the_start_not_the_first_delivery():
    out = run_with_env({"NOTIFICATIONS_SWEEP_GRACE_SECONDS": "5m"}, PRINT)
    assert out.returncode != 0 and "NOTIFICATIONS_SWEEP_GRACE_SECONDS" not in out.stdout


def test_a_setting_changed_in_a_test_is_read_at_once(settings):
    from friendlystreet.notifications import conf

    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 60
    assert conf.get("NOTIFICATIONS_SWEEP_GRACE_SECONDS") == 60
