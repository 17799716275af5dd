"""The 08:30 digest: each reviewer hears what waits for them; nothing pending, nothing sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from friendlystreet.notifications import digest
from friendlystreet.notifications.models import Delivery, Notification
from friendlystreet.notifications.services import DIGEST_KIND, digest_send
from friendlystreet.notifications.tasks import send_reviewer_digest
from friendlystreet.sms.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(monkeypatch):
    """Register digest sources the way the points app will; set counts with pending[code] = n."""
    counts: dict[str, int] = {}

    def source(code, label, perm=None, order=100):
        counts[code] = 0
        monkeypatch.setitem(
            digest.digest_sources,
            code,
            digest.DigestSource(code=code, label=label, count=lambda user: counts[code], perm=perm, order=order),
        )

    source("test.claims", "Pending claims", order=1)
    source("test.reports", "New reports", order=2)
    source("test.admin_only", "Riders to verify", perm="accounts.manage_site", order=3)
    return counts


def test_reviewers_get_the_counts_of_pending_work(pending, reviewer, street_admin, rider, django_capture_on_commit_callbacks):
    for user in (reviewer, street_admin):  # Chinese by default; English reads easier here
        user.language = "en"
        user.save()
    pending["test.claims"] = 7
    pending["test.admin_only"] = 2
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 2

    assert not Notification.objects.filter(recipient=rider).exists()
    for_reviewer = Notification.objects.get(recipient=reviewer, kind=DIGEST_KIND)
    assert for_reviewer.context["lines"] == "Pending claims: 7"  # no zero lines, no admin-only line
    assert for_reviewer.link == "/staff/"
    for_admin = Notification.objects.get(recipient=street_admin, kind=DIGEST_KIND)
    assert for_admin.context["lines"] == "Pending claims: 7\nRiders to verify: 2"
    # By SMS too (the kind's default).
    assert OutboxMessage.objects.filter(phone=reviewer.phone).count() == 1
    assert Delivery.objects.get(notification=for_reviewer).status == "sent"


def test_the_digest_is_written_in_each_reviewers_language(pending, reviewer):
    reviewer.language = "en"
    reviewer.save()
    pending["test.reports"] = 3
    digest_send()
    notification = Notification.objects.get(recipient=reviewer)
    assert notification.title == "Waiting for you this morning"
    assert notification.body == "Pending work:\nNew reports: 3"


def test_nothing_pending_sends_nothing(pending, reviewer, street_admin):
    assert digest_send() == 0
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_no_sources_registered_sends_nothing(monkeypatch, reviewer):
    monkeypatch.setattr(digest, "digest_sources", {})
    assert send_reviewer_digest.delay().get() == 0
    assert not Notification.objects.exists()


def test_running_the_digest_twice_on_one_day_sends_it_once(pending, reviewer):
    pending["test.claims"] = 1
    assert digest_send() == 1
    assert send_reviewer_digest.delay().get() == 0  # e.g. beat's message delivered twice
    assert Notification.objects.filter(recipient=reviewer).count() == 1
    # The next morning it comes again.
    assert digest_send(now=timezone.now() + timedelta(days=1)) == 1


def test_inactive_reviewers_get_no_digest(pending, reviewer):
    reviewer.is_active = False
    reviewer.save()
    pending["test.claims"] = 1
    assert digest_send() == 0
