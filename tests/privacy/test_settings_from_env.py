"""A street office sets its retention and cooling-off periods in the environment file
(deploy/friendlystreet.env.example), as every other setting of a deployment."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

NAMES = {
    "PRIVACY_DELETION_COOLING_OFF_DAYS": ("14", 7),
    "PRIVACY_PHOTO_RETENTION_DAYS": ("90", 180),
    "PRIVACY_NOTIFICATION_RETENTION_DAYS": ("400", 365),
    "PRIVACY_EXPORT_HOURS": ("48", 24),
}


def read_settings(env: dict[str, str]) -> list[str]:
    code = (
        "import django; django.setup(); from friendlystreet.privacy import conf; "
        "print(conf.cooling_off_days(), conf.photo_retention_days(), conf.notification_retention_days(), conf.export_hours())"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "friendlystreet.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_the_privacy_periods_come_from_the_environment():
    assert read_settings({name: value for name, (value, _default) in NAMES.items()}) == ["14", "90", "400", "48"]


def test_without_the_environment_they_are_the_notices_defaults():
    assert read_settings({}) == [str(default) for _value, default in NAMES.values()]


def test_the_environment_template_lists_each_of_them():
    template = (settings.BASE_DIR / "deploy" / "friendlystreet.env.example").read_text()
    for name in NAMES:
        assert f"\n{name}=" in template
