"""The export task: it reports its progress on the row as it writes, finishes with the file,
is safe to run twice, and on any failure leaves the export failed with no file behind."""

from __future__ import annotations

import os
from datetime import date

import pytest
from django.core.files.storage import default_storage

from friendlystreet.ledgers import services
from friendlystreet.ledgers.models import Export
from friendlystreet.ledgers.registry import ExportKind
from tests.exports.conftest import read_rows
from tests.notifications import conftest as notification_fixtures
from tests.notifications.conftest import celery_app_on

pytestmark = pytest.mark.django_db

free_port = notification_fixtures.free_port


def stored_files() -> list[str]:
    """Every file under the storage's exports/ folder."""
    root = os.path.join(default_storage.location, "exports")
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


def counting_kind(code: str, n: int, seen: list, fail_at: int | None = None) -> ExportKind:
    """A kind of n rows that notes the export's progress (as the page would read it) now and then."""

    def rows(scope):
        for i in range(1, n + 1):
            if i % 5000 == 1:
                seen.append(Export.objects.values_list("status", "progress", "rows").latest("id"))
            if i == fail_at:
                raise RuntimeError("the database went away")
            yield (i, f"=row {i}")

    return ExportKind(code=code, label="Test", columns=("N", "Text"), rows=rows, count=lambda scope: n)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_task_reports_progress_and_finishes(fmt, reviewer, export_as, extra_kind):
    seen = []
    extra_kind(counting_kind("test_progress", 12_000, seen))

    export = export_as(reviewer, "test_progress", fmt)

    assert seen == [("running", 0, 0), ("running", 41, 5000), ("running", 83, 10_000)]
    assert (export.status, export.progress, export.rows) == ("done", 100, 12_000)
    assert export.started_at <= export.finished_at
    rows = read_rows(export)
    assert len(rows) == 12_001
    assert rows[-1] == (["12000", "'=row 12000"] if fmt == "csv" else [12_000, "'=row 12000"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_failure_marks_the_export_failed_and_leaves_no_file(fmt, reviewer, export_as, extra_kind, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)  # where the partial file is written
    seen = []
    extra_kind(counting_kind("test_failure", 12_000, seen, fail_at=7_000))
    files_before = stored_files()

    export = export_as(reviewer, "test_failure", fmt)

    assert (export.status, export.failure) == ("failed", "error")
    assert export.error == "RuntimeError: the database went away"
    assert export.rows == 5000  # as far as it got
    assert not export.file
    assert stored_files() == files_before
    assert list(tmp_path.iterdir()) == []


def test_the_page_says_it_failed_why_and_what_to_do(reviewer, export_as, extra_kind, client_for):
    extra_kind(counting_kind("test_failure", 10, [], fail_at=3))
    export = export_as(reviewer, "test_failure", start=date(2025, 3, 1), end=date(2025, 3, 31))

    page = client_for(reviewer).get("/staff/exports/").content.decode()

    assert 'data-status="failed"' in page
    assert "生成文件时出错，请重新导出。" in page
    # The number is not left alone on a line of its own (a no-break space before it).
    assert f"如果再次失败，请告知系统管理员：导出编号\u00a0{export.pk}。" in page
    # 重新导出 fills the form in with the same choices.
    again = "?kind=test_failure&amp;format=csv&amp;start=2025-03-01&amp;end=2025-03-31#export-form"
    assert f'href="{again}"' in page
    assert 'data-testid="export-download"' not in page
    assert "RuntimeError" not in page  # the technical detail is for whoever looks into it


def test_the_export_again_link_fills_the_form_in(reviewer, export_as, extra_kind, client_for):
    extra_kind(counting_kind("test_failure", 10, [], fail_at=3))
    export_as(reviewer, "test_failure", fmt="xlsx", start=date(2025, 3, 1), end=date(2025, 3, 31))

    form = (
        client_for(reviewer).get("/staff/exports/?kind=test_failure&format=xlsx&start=2025-03-01&end=2025-03-31").context["form"]
    )

    assert [form[name].value() for name in ("kind", "format", "start", "end")] == [
        "test_failure",
        "xlsx",
        date(2025, 3, 1),
        date(2025, 3, 31),
    ]


def test_a_failure_reads_the_same_in_the_api(reviewer, export_as, extra_kind, api_for):
    extra_kind(counting_kind("test_failure", 10, [], fail_at=3))
    export = export_as(reviewer, "test_failure")

    detail = api_for(reviewer).get(f"/api/v1/staff/exports/{export.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    assert (detail["status"], detail["failure"], detail["failure_message"]) == (
        "failed",
        "error",
        "生成文件时出错，请重新导出。",
    )


def test_an_export_that_runs_out_of_time_asks_for_fewer_days(reviewer, export_as, extra_kind, client_for):
    from celery.exceptions import SoftTimeLimitExceeded

    def rows(scope):
        yield (1, "a")
        raise SoftTimeLimitExceeded()  # what Celery raises inside the task at its soft time limit

    extra_kind(ExportKind(code="test_slow", label="Test", columns=("N", "Text"), rows=rows, count=lambda scope: 2))
    export = export_as(reviewer, "test_slow")

    assert (export.status, export.failure) == ("failed", "too_long")
    page = client_for(reviewer).get("/staff/exports/").content.decode()
    assert "导出耗时过长，已被中止。请缩短日期范围后重新导出。" in page
    assert "导出编号" not in page  # nothing for the administrator: fewer days will do


def test_running_it_again_does_nothing(reviewer, street_admin, export_as):
    export = export_as(reviewer, "ledger")
    name = export.file.name

    assert services.export_run(export_id=export.pk) == "skipped"

    export.refresh_from_db()
    assert (export.status, export.file.name) == ("done", name)
    assert default_storage.exists(name)


def test_a_kind_no_longer_registered_fails(reviewer):
    export = Export.objects.create(owner=reviewer, kind="gone", format="csv", start=date(2025, 3, 1), end=date(2025, 3, 1))

    assert services.export_run(export_id=export.pk) == "failed"

    export.refresh_from_db()
    assert (export.status, export.failure) == ("failed", "kind_gone")
    assert "gone" in export.error


def test_a_broker_that_is_down_fails_the_export_at_once(reviewer, free_port, django_capture_on_commit_callbacks):
    with celery_app_on(f"redis://127.0.0.1:{free_port}/0"), django_capture_on_commit_callbacks(execute=True):
        export = services.export_request(owner=reviewer, kind="ledger", fmt="csv", start=date(2025, 3, 1), end=date(2025, 3, 2))

    export.refresh_from_db()
    assert (export.status, export.failure) == ("failed", "queue_down")
    assert export.error == services.QUEUE_DOWN


# Committed as in production (no broker: the task runs as the request's transaction commits,
# before the view reads the status again).
@pytest.mark.django_db(transaction=True)
def test_an_export_that_fails_at_once_says_why_above_the_form(reviewer, extra_kind, client_for):
    extra_kind(counting_kind("test_failure", 10, [], fail_at=3))
    body = {"kind": "test_failure", "format": "csv", "start": "2025-03-01", "end": "2025-03-31"}

    response = client_for(reviewer).post("/staff/exports/", body, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["生成文件时出错，请重新导出。"]
