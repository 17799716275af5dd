"""`manage.py check --deploy` catches the settings that make a production site misbehave
without an error: a proxy in front counted as none (proxy.W001), a broker whose workers cannot
share the web's cache (redis.W001), a cache on the broker's own Redis database (redis.W002).
Each warning says what to set; the settings deploy/friendlystreet.env.example gives pass."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks

from tests.deploy_check import PRODUCTION
from tests.deploy_check import deploy_check as run_deploy_check

# As deploy/friendlystreet.env.example sets them (nginx in front, Redis's databases 0 and 1).
DOCUMENTED = {
    "TRUSTED_PROXY_COUNT": "1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
}


def ours(settings) -> dict[str, str]:
    """{id: message} of the proxy and Redis warnings of the deploy check, with these settings."""
    found = run_checks(include_deployment_checks=True)
    return {m.id: m.msg + " " + (m.hint or "") for m in found if m.id.startswith(("proxy.", "redis."))}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CELERY_BROKER_URL = DOCUMENTED["CELERY_BROKER_URL"]
    settings.REDIS_URL = DOCUMENTED["REDIS_URL"]
    return settings


def test_the_documented_production_settings_pass(production):
    assert ours(production) == {}


@pytest.mark.parametrize("count", [0, -1])
def test_a_proxy_counted_as_none_is_a_warning_that_says_what_to_set(production, count):
    production.TRUSTED_PROXY_COUNT = count

    said = ours(production)

    assert list(said) == ["proxy.W001"]
    assert "Set TRUSTED_PROXY_COUNT to the number of proxies" in said["proxy.W001"]
    assert "1 for the documented nginx" in said["proxy.W001"]


def test_without_a_proxy_in_front_there_is_nothing_to_count(production):
    # DEBUG on (runserver), or production settings that trust no proxy's header.
    production.TRUSTED_PROXY_COUNT = 0
    production.SECURE_PROXY_SSL_HEADER = None
    assert ours(production) == {}
    production.DEBUG = True
    assert ours(production) == {}


def test_a_broker_without_a_shared_cache_is_a_warning(production):
    production.REDIS_URL = ""

    said = ours(production)

    assert list(said) == ["redis.W001"]
    assert "Set REDIS_URL to a Redis database other than the broker's" in said["redis.W001"]


def test_no_broker_and_no_redis_is_one_machine_and_passes(production):
    # Tasks run in the web process (CELERY_TASK_ALWAYS_EAGER): no second process to share with.
    production.CELERY_BROKER_URL = ""
    production.REDIS_URL = ""
    assert ours(production) == {}


@pytest.mark.parametrize(
    "cache, broker",
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("redis://localhost:6379", "redis://127.0.0.1:6379/0"),  # no path is database 0, localhost is 127.0.0.1
        ("redis://:secret@redis.internal:6380/2", "redis://redis.internal:6380?db=2"),
        ("unix:///run/redis/redis.sock?db=1", "unix:///run/redis/redis.sock?db=1"),
    ],
)
def test_the_cache_on_the_brokers_database_is_a_warning(production, cache, broker):
    production.REDIS_URL, production.CELERY_BROKER_URL = cache, broker

    said = ours(production)

    assert list(said) == ["redis.W002"]
    assert "also deletes the tasks waiting in the broker's queue" in said["redis.W002"]


@pytest.mark.parametrize(
    "cache, broker",
    [
        ("redis://127.0.0.1:6379/1", "redis://127.0.0.1:6379/0"),
        ("redis://cache.internal:6379/0", "redis://broker.internal:6379/0"),  # two instances
        ("redis://127.0.0.1:6380/0", "redis://127.0.0.1:6379/0"),
        ("redis://127.0.0.1:6379/0", "amqp://guest@127.0.0.1//"),  # not Redis
    ],
)
def test_the_cache_on_a_database_of_its_own_passes(production, cache, broker):
    production.REDIS_URL, production.CELERY_BROKER_URL = cache, broker
    assert ours(production) == {}


def deploy_check(**env: str):
    """The command with production values, the documented settings replaced by `env` (and the SMS
    warning left out, as `make check-deploy` does)."""
    return run_deploy_check(drop=set(DOCUMENTED), **PRODUCTION, SILENCED_SYSTEM_CHECKS="sms.W001", **env)


def test_the_command_passes_with_the_documented_settings_and_fails_without_the_proxy_count():
    passed = deploy_check(**DOCUMENTED)
    assert passed.returncode == 0, passed.stderr + passed.stdout

    failed = deploy_check(**{**DOCUMENTED, "TRUSTED_PROXY_COUNT": "0"})
    assert failed.returncode != 0
    assert "(proxy.W001)" in failed.stderr and "HINT: Set TRUSTED_PROXY_COUNT" in failed.stderr
