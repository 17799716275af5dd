"""An export's file is its owner's: the download answers only them (404 to other staff, as if
it did not exist), and after 7 days the hourly job deletes the file and the row."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from friendlystreet.ledgers import services, tasks
from friendlystreet.ledgers.models import Export
from friendlystreet.notifications.schedule import periodic_jobs
from tests.exports.conftest import local
from tests.factories import ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(reviewer, rider, street_admin, export_as):
    from tests.exports.test_each_kind import adjust_at

    adjust_at(rider, street_admin, local(2025, 3, 2, 10, 0), 10)
    return export_as(reviewer, "ledger", "xlsx")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_owner_downloads_the_file_with_its_name(done, reviewer, client_for):
    response = client_for(reviewer).get(f"/staff/exports/{done.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    # The ledger's Chinese name and its month, as RFC 5987 filename* (browsers keep the Chinese).
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("积分流水_2025年3月.xlsx")
    assert response["Cache-Control"] == "private, no-store"
    with default_storage.open(done.file.name, "rb") as f:
        assert body(response) == f.read()


def test_other_staff_get_404_for_the_page_and_the_api(done, street_admin, client_for, api_for):
    another_reviewer = ReviewerFactory()
    for user in (street_admin, another_reviewer):
        assert client_for(user).get(f"/staff/exports/{done.pk}/download/").status_code == 404
        assert api_for(user).get(f"/api/v1/staff/exports/{done.pk}/file/").status_code == 404
        assert api_for(user).get(f"/api/v1/staff/exports/{done.pk}/").status_code == 404


def test_the_api_gives_the_owner_the_same_file(done, reviewer, api_for):
    response = api_for(reviewer).get(f"/api/v1/staff/exports/{done.pk}/file/")

    assert response.status_code == 200
    with default_storage.open(done.file.name, "rb") as f:
        assert body(response) == f.read()


def test_a_queued_export_has_nothing_to_download(reviewer, client_for):
    export = Export.objects.create(
        owner=reviewer, kind="ledger", format="csv", start=local(2025, 3, 1).date(), end=local(2025, 3, 1).date()
    )

    assert client_for(reviewer).get(f"/staff/exports/{export.pk}/download/").status_code == 404


def test_after_seven_days_the_file_and_the_row_are_deleted(done, reviewer, client_for):
    assert done.expires_at - done.created_at == timedelta(days=7)
    name = done.file.name
    assert services.exports_purge(now=done.expires_at - timedelta(seconds=1)) == 0
    assert default_storage.exists(name)

    assert services.exports_purge(now=done.expires_at) == 1

    assert not default_storage.exists(name)
    assert not Export.objects.filter(pk=done.pk).exists()
    assert client_for(reviewer).get(f"/staff/exports/{done.pk}/download/").status_code == 404


def test_an_expired_export_is_gone_from_the_page_before_the_job_runs(done, reviewer, client_for):
    Export.objects.filter(pk=done.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert client_for(reviewer).get(f"/staff/exports/{done.pk}/download/").status_code == 404
    assert 'data-testid="export"' not in client_for(reviewer).get("/staff/exports/").content.decode()


def test_the_job_is_registered_hourly_and_fails_exports_whose_worker_died(reviewer):
    job = periodic_jobs["ledgers.purge_exports"]
    assert job.task == "friendlystreet.ledgers.tasks.purge_exports"
    assert job.crontab == {"minute": "15"}
    day = local(2025, 3, 1).date()
    stuck = Export.objects.create(
        owner=reviewer,
        kind="ledger",
        format="csv",
        start=day,
        end=day,
        status="running",
        started_at=timezone.now() - timedelta(hours=2),
    )
    busy = Export.objects.create(
        owner=reviewer,
        kind="ledger",
        format="csv",
        start=day,
        end=day,
        status="running",
        started_at=timezone.now() - timedelta(minutes=5),
    )

    assert tasks.purge_exports.delay().get() == 0

    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert (stuck.status, stuck.failure) == ("failed", "worker_stopped")
    assert (busy.status, busy.failure) == ("running", "")
