"""A reviewer trims a rider's tip (their phone number) and approves it; the rider later has
their account deleted. The approval's audit entry, which keeps the words before and after the
edit, is found under the one name the approval writes (selectors.TIP_APPROVED, as the
withdrawal's TIP_WITHDRAWN) and loses those words: the service and the anonymiser no longer
each spell the action for themselves, where a change to one would have left the rider's
words in the audit trail."""

from __future__ import annotations

import pytest

from friendlystreet.audit.models import AuditEntry
from tests.venues.factories import TipFactory
from venues import privacy, selectors, services

pytestmark = pytest.mark.django_db


def test_the_approvals_audit_entry_is_written_and_scrubbed_under_one_name(reviewer, rider):
    tip = TipFactory(author=rider, text="3号门22点后可进电动车，有事打我电话13800000016")

    services.tip_approve(reviewer=reviewer, tip=tip, text="3号门22点后可进电动车。")
    entry = AuditEntry.objects.get(action=selectors.TIP_APPROVED, target_id=str(tip.pk))
    assert "13800000016" in str(entry.data)

    privacy.anonymise(rider)

    entry.refresh_from_db()
    assert entry.data["tip_text"] == ["", ""]
    assert "13800000016" not in str(entry.data)
