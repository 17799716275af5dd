"""A street office sets its retention and cooling-off periods in the environment file
(deploy/friendlystreet.env.example), as every other setting of a deployment."""

from __future__ import annotations

from django.conf import settings

from tests.settings_env import run_with_env

NAMES = {
    "PRIVACY_DELETION_COOLING_OFF_DAYS": ("14", 7),
    "PRIVACY_PHOTO_RETENTION_DAYS": ("90", 180),
    "PRIVACY_EVIDENCE_RETENTION_DAYS": ("14", 30),
    "PRIVACY_NOTIFICATION_RETENTION_DAYS": ("400", 365),
    "PRIVACY_EXPORT_HOURS": ("48", 24),
}


def read_settings(env: dict[str, str]) -> list[str]:
    out = run_with_env(
        env,
        "from friendlystreet.privacy import conf\n"
        "print(conf.cooling_off_days(), conf.photo_retention_days(), conf.evidence_retention_days(),"
        " conf.notification_retention_days(), conf.export_hours())",
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_the_privacy_periods_come_from_the_environment():
    assert read_settings({name: value for name, (value, _default) in NAMES.items()}) == ["14", "90", "14", "400", "48"]


def test_without_the_environment_they_are_the_notices_defaults():
    assert read_settings({}) == [str(default) for _value, default in NAMES.values()]


def test_the_environment_template_lists_each_of_them():
    template = (settings.BASE_DIR / "deploy" / "friendlystreet.env.example").read_text()
    for name in NAMES:
        assert f"\n{name}=" in template
