"""Riders' names and phones: masked in every export; unmasked only for staff allowed to see
personal data (street admins) who say why, from the access log's list of reasons, and each
such export is on the audit trail with that reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from friendlystreet.audit.models import AuditEntry
from friendlystreet.ledgers.models import Export
from tests.exports.conftest import local, read_rows
from tests.factories import RiderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhang():
    return RiderFactory(display_name="张小骑", phone="+8613800000001", date_joined=local(2025, 3, 5, 12, 0))


def export_entry(export) -> AuditEntry:
    return AuditEntry.objects.get(target_type="ledgers.export", target_id=str(export.pk))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_reviewer_gets_masked_names_and_phones(fmt, zhang, reviewer, export_as):
    export = export_as(reviewer, "riders", fmt)

    row = read_rows(export)[1]
    assert row[2:4] == ["张**", "138****0001"]
    assert not export.personal_data
    assert export_entry(export).action == "ledgers.export"
    assert export_entry(export).data["personal_data"] is False


def test_a_street_admin_who_gives_no_reason_gets_them_masked_too(zhang, street_admin, export_as):
    export = export_as(street_admin, "riders")

    assert read_rows(export)[1][2:4] == ["张**", "138****0001"]
    assert not export.personal_data
    assert export_entry(export).action == "ledgers.export"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_street_admin_who_says_why_gets_them_unmasked_and_the_reason_is_audited(fmt, zhang, street_admin, export_as):
    export = export_as(street_admin, "riders", fmt, reason="authority_request")

    row = read_rows(export)[1]
    assert row[2:4] == ["张小骑", "13800000001"]
    assert export.personal_data
    entry = export_entry(export)
    assert entry.action == "ledgers.export.personal_data"
    assert entry.actor == street_admin
    assert entry.data == {
        "kind": "riders",
        "format": fmt,
        "start": "2025-03-01",
        "end": "2025-03-31",
        "personal_data": True,
        "purpose": "authority_request",
    }


def test_a_reviewer_cannot_unmask_by_giving_a_reason(reviewer, export_as):
    with pytest.raises(PermissionDenied):
        export_as(reviewer, "riders", reason="authority_request")


def test_a_reason_off_the_list_is_refused(street_admin, export_as):
    with pytest.raises(ValidationError) as exc:
        export_as(street_admin, "riders", reason="curiosity")
    assert "reason" in exc.value.message_dict


def test_ledgers_naming_riders_unmask_them_and_the_summary_carries_none(street_admin, export_as):
    # Every ledger names the riders of its rows (people.py): unmasked with a reason, audited so.
    for kind in ("ledger", "claims", "vouchers", "activities", "reports", "riders"):
        export = export_as(street_admin, kind, reason="authority_request")
        assert export.personal_data, kind
        assert export_entry(export).action == "ledgers.export.personal_data"
    # The summary names nobody: nothing to unmask, nothing audited as such.
    export = export_as(street_admin, "monthly_summary", reason="authority_request")
    assert not export.personal_data
    assert export_entry(export).action == "ledgers.export"


def test_the_export_page_asks_street_admins_why_and_never_asks_reviewers(client, street_admin, reviewer):
    client.force_login(street_admin)
    assert 'name="reason"' in client.get("/staff/exports/").content.decode()
    client.force_login(reviewer)
    assert 'name="reason"' not in client.get("/staff/exports/").content.decode()


def test_through_the_api_an_unmasked_export_names_its_reason(zhang, street_admin, reviewer, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(street_admin)
    body = {"kind": "riders", "format": "csv", "start": "2025-03-01", "end": "2025-03-31", "reason": "rider_request"}
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/staff/exports/", body, format="json")
    assert response.status_code == 202
    assert export_entry_by_id(response.json()["id"]).data["purpose"] == "rider_request"

    api.force_authenticate(reviewer)
    assert api.post("/api/v1/staff/exports/", body, format="json").status_code == 403
    body["reason"] = "curiosity"
    api.force_authenticate(street_admin)
    response = api.post("/api/v1/staff/exports/", body, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]


def export_entry_by_id(pk: int) -> AuditEntry:
    return AuditEntry.objects.get(target_type="ledgers.export", target_id=str(pk))


def test_on_the_export_page_a_street_admin_picks_why_and_downloads_the_names(
    zhang, street_admin, client_for, django_capture_on_commit_callbacks
):
    client = client_for(street_admin)
    form = {"kind": "riders", "format": "csv", "start": "2025-03-01", "end": "2025-03-31", "reason": "rider_request"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/staff/exports/", form).status_code == 302

    export = Export.objects.get(owner=street_admin)
    assert export.personal_data and export_entry(export).data["purpose"] == "rider_request"
    download = b"".join(client.get(f"/staff/exports/{export.pk}/download/").streaming_content).decode("utf-8-sig")
    assert "张小骑" in download and "13800000001" in download
