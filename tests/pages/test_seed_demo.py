from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from friendlystreet.accounts.models import User

pytestmark = pytest.mark.django_db


def snapshot():
    counts = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "contenttypes", "auth", "django_celery_beat"}:
            continue
        counts[model._meta.label] = model.objects.count()
    return counts


def test_seed_demo_twice_gives_the_same_rows(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    # 20 verified riders and 3 who signed up in the last days (accounts.demo.WAITING)
    assert User.objects.filter(phone__startswith="+86138000000").count() == 23
    assert set(
        User.objects.filter(username__in=["admin", "reviewer", "barber", "clinic"]).values_list("username", flat=True)
    ) == {"admin", "reviewer", "barber", "clinic"}


def test_demo_rider_logs_in_with_the_demo_password(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    response = client.post("/accounts/login/", {"login": "13800000001", "password": "friendly-demo-2026"})
    assert response.status_code == 302
    assert client.get("/api/v1/me/").json()["roles"] == ["rider"]


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True)  # commits for real: the deliveries run as in `make run`
def test_the_demos_messages_stay_in_the_outbox_not_on_the_console_or_a_provider(settings, capsys):
    from friendlystreet.sms.models import OutboxMessage

    settings.DEBUG = True
    settings.SMS_BACKEND = "console"  # as `make run`; in production a provider's class
    call_command("seed_demo")

    assert OutboxMessage.objects.count() > 10
    printed = capsys.readouterr()
    assert "【友好街道】" not in printed.out + printed.err


def test_the_demo_dashboard_counts_the_demo_riders_as_verified(settings):
    """The 20 demo riders arrive verified, with the reviewer's decision on the audit trail,
    so the dashboard's "riders verified" over the demo's history (they registered over the
    last three months, tests/pages/test_demo_history.py) reads 20, not 0; the 3 who signed up
    in the last days wait for verification (accounts.demo.WAITING)."""
    from friendlystreet.dashboard import figures, periods
    from friendlystreet.days import local_today

    settings.DEBUG = True
    call_command("seed_demo")

    today = local_today()
    history = figures.compute(periods.Period(today - timedelta(days=120), today))
    assert history["riders_verified"] == history["riders_registered"] - 3 >= 20
