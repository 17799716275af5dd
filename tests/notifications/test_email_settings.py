"""A street office sends e-mail through a relay on the server or straight to its provider's
SMTP server with a user, a password and TLS, set in the environment file."""

from __future__ import annotations

from django.conf import settings

from tests.settings_env import run_with_env

PRINT = "from django.conf import settings as s; print(s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)"


def test_a_providers_smtp_server_with_a_user_and_tls():
    env = {"EMAIL_HOST_USER": "street@example.cn", "EMAIL_HOST_PASSWORD": "pw", "EMAIL_USE_TLS": "true"}
    out = run_with_env(env, PRINT)
    assert out.stdout.split() == ["street@example.cn", "pw", "True", "False"], out.stderr


def test_a_local_relay_by_default():
    out = run_with_env({}, PRINT)
    assert out.stdout.split() == ["False", "False"], out.stderr  # no user, no password: empty


def test_tls_and_ssl_together_are_refused_at_start_not_at_the_first_mail():
    out = run_with_env({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, PRINT)
    assert out.returncode != 0 and "Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both." in out.stderr


def test_the_environment_template_lists_them():
    template = (settings.BASE_DIR / "deploy" / "friendlystreet.env.example").read_text()
    for name in ("EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL"):
        assert f"\n{name}=" in template
