"""Riders' names and phones: masked in every export, unmasked only for staff allowed to see
personal data (street admins), and each such export is on the audit trail."""

from __future__ import annotations

import pytest

from friendlystreet.audit.models import AuditEntry
from tests.exports.conftest import local, read_rows
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhang():
    return RiderFactory(display_name="张小骑", phone="+8613800000001", date_joined=local(2030, 3, 5, 12, 0))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_reviewer_gets_masked_names_and_phones(fmt, zhang, reviewer, export_as):
    export = export_as(reviewer, "riders", fmt)

    row = read_rows(export)[1]
    assert row[2:4] == ["张**", "138****0001"]
    assert not export.personal_data
    entry = AuditEntry.objects.get(target_type="ledgers.export", target_id=str(export.pk))
    assert entry.action == "ledgers.export"
    assert entry.data["personal_data"] is False


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_street_admin_gets_them_unmasked_and_it_is_audited(fmt, zhang, street_admin, export_as):
    export = export_as(street_admin, "riders", fmt)

    row = read_rows(export)[1]
    assert row[2:4] == ["张小骑", "13800000001"]
    assert export.personal_data
    entry = AuditEntry.objects.get(target_type="ledgers.export", target_id=str(export.pk))
    assert entry.action == "ledgers.export.personal_data"
    assert entry.actor == street_admin
    assert entry.data == {"kind": "riders", "format": fmt, "start": "2030-03-01", "end": "2030-03-31", "personal_data": True}


def test_other_ledgers_never_carry_personal_data(street_admin, export_as):
    export = export_as(street_admin, "ledger")

    assert not export.personal_data
    assert AuditEntry.objects.get(target_id=str(export.pk), target_type="ledgers.export").action == "ledgers.export"
