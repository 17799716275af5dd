"""Exports: asked for by a staff member (a row, and a task started on commit), written by the
task (streamed to a file, progress on the row), deleted after KEEP_DAYS by a periodic job."""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from friendlystreet.audit.services import audit_record
from friendlystreet.dashboard.periods import BadPeriod, Period
from friendlystreet.days import date_problem, local_today
from friendlystreet.privacy import access

from .models import KEEP_DAYS, Export, export_path
from .registry import ExportKind, ExportScope, columns_of, get_kind
from .writers import open_writer

logger = logging.getLogger(__name__)

PERM_EXPORT = "ledgers.create_export"

# The row's progress is written every this many rows: often enough for a progress bar, rarely
# enough that a million-row export makes 200 small updates.
PROGRESS_EVERY = 5000
# A task that has been running this long died with its worker (its time limit is shorter).
STALE_AFTER = timedelta(hours=1)
# Handing a task to the broker: a few quick tries, then the export is marked failed.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}

UNKNOWN_KIND = _("There is no such ledger.")
QUEUE_DOWN = "the task queue is unavailable"


def export_days(*, spec: ExportKind, start: date, end: date, today: date | None = None) -> tuple[date, date]:
    """The days an export of `spec` covers: (start, end) as asked, or the end cut at today.
    The one check of an export's dates, for the page's form and the API alike (both show its
    ValidationError on the field it names, before anything is written):
    - both days in the years days.date_problem allows;
    - the end not before the start, and at most three years: the dashboard's rule
      (periods.Period), which the summary, the vouchers and the riders are computed over, so a
      longer range would fail in the background instead;
    - a kind of things that happened (spec.past_only) refuses days that all lie after today
      (its file would be empty) and runs to today at the latest, as the dashboard's figures do
      (a month asked for on its 6th is the 1st to the 6th, compared with the same days of the
      month before). Other kinds (activities, planned ahead) may look into the future."""
    wrong = {name: [problem] for name, value in (("start", start), ("end", end)) if (problem := date_problem(value))}
    if wrong:
        raise ValidationError(wrong)
    if start > end:
        raise ValidationError({"end": [_("The end date is before the start date.")]})
    if spec.past_only:
        today = today or local_today()
        if start > today:
            raise ValidationError({"start": [_("The days start after today: there is nothing to export yet.")]})
        end = min(end, today)
    try:
        Period(start, end)
    except BadPeriod as problem:
        raise ValidationError({"end": [str(problem)]}) from None
    return start, end


def export_request(*, owner, kind: str, fmt: str, start: date, end: date, language: str = "", reason: str = "") -> Export:
    """A staff member asks for an export: the row (queued), an audit entry, and the task,
    started once this commits. Riders' names and phones are masked unless the staff member
    may see personal data and gives a `reason` (one of privacy.access.REASONS), which the
    audit entry keeps. The days are checked by export_days() (the row keeps them as it
    returns them: an end after today cut for a kind of things that happened)."""
    if not owner.has_perm(PERM_EXPORT):
        raise PermissionDenied
    spec = get_kind(kind)
    if spec is None:
        raise ValidationError({"kind": [UNKNOWN_KIND]})
    if reason:
        if not owner.has_perm(access.PERM_PERSONAL_DATA):
            raise PermissionDenied
        access.check_reason(reason)
    if fmt not in Export.Format.values:
        raise ValidationError({"format": [_("Choose CSV or XLSX.")]})
    start, end = export_days(spec=spec, start=start, end=end)
    personal_data = spec.personal_data and bool(reason)
    now = timezone.now()
    with transaction.atomic():
        export = Export.objects.create(
            owner=owner,
            created_at=now,
            expires_at=now + timedelta(days=KEEP_DAYS),
            kind=kind,
            format=fmt,
            start=start,
            end=end,
            personal_data=personal_data,
            language=language or settings.LANGUAGE_CODE,
        )
        # Every export is on the audit trail; one with personal data unmasked says so.
        audit_record(
            actor=owner,
            action=access.EXPORT_WITH_PERSONAL_DATA if personal_data else "ledgers.export",
            target=export,
            data={
                "kind": kind,
                "format": fmt,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "personal_data": personal_data,
                **({"purpose": reason} if personal_data else {}),
            },
        )
        transaction.on_commit(lambda: export_queue(export.pk))
    return export


def export_queue(export_id: int) -> None:
    """Hand the export to Celery (in-process without a broker). A broker that is down fails
    the export at once, so the staff member sees it and asks again, instead of waiting."""
    from .tasks import run_export

    try:
        run_export.apply_async((export_id,), retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception:  # noqa: BLE001 - any broker error
        logger.warning("broker unavailable; export %s failed", export_id)
        Export.objects.filter(pk=export_id, status=Export.Status.QUEUED).update(
            status=Export.Status.FAILED, failure=Export.Failure.QUEUE_DOWN, error=QUEUE_DOWN, finished_at=timezone.now()
        )


def export_run(*, export_id: int) -> str:
    """Write the export's file. Safe to run twice: only a queued export is started (a
    compare-and-set on its status), so a redelivered task does nothing. On any error the
    export is failed and no file is left behind."""
    claimed = Export.objects.filter(pk=export_id, status=Export.Status.QUEUED).update(
        status=Export.Status.RUNNING, started_at=timezone.now(), progress=0, rows=0
    )
    if not claimed:
        return "skipped"
    export = Export.objects.get(pk=export_id)
    partial = stored = ""
    try:
        spec = get_kind(export.kind)
        if spec is None:
            raise UnknownKind(f"no export kind {export.kind!r}")
        scope = ExportScope(start=export.start, end=export.end, personal_data=export.personal_data)
        # Written next to Django's temporary uploads, then stored: a failure half-way leaves
        # nothing in the storage, and the partial file is removed below.
        fd, partial = tempfile.mkstemp(prefix="export-", suffix=f".{export.format}", dir=settings.FILE_UPLOAD_TEMP_DIR)
        os.close(fd)
        with translation.override(export.language):
            total = spec.count(scope)
            rows = _write(export, spec, scope, partial, total)
        with open(partial, "rb") as f:
            stored = default_storage.save(export_path(export, ""), File(f))
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.DONE, progress=100, rows=rows, file=stored, finished_at=timezone.now(), error=""
        )
        return "done"
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, the export failed
        logger.exception("export %s failed", export.pk)
        if stored:
            default_storage.delete(stored)
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.FAILED,
            failure=_failure(exc),
            file="",
            error=f"{type(exc).__name__}: {exc}"[:200],
            finished_at=timezone.now(),
        )
        return "failed"
    finally:
        if partial and os.path.exists(partial):
            os.remove(partial)


def _failure(exc: Exception) -> str:
    """What the staff member reads of a failure: the task's time limit (too many days), a
    kind no longer registered, or anything else (export again)."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return Export.Failure.TOO_LONG
    if isinstance(exc, UnknownKind):
        return Export.Failure.KIND_GONE
    return Export.Failure.ERROR


class UnknownKind(LookupError):
    """The export's kind is no longer registered (an app removed it since it was asked for)."""


def _write(export: Export, spec, scope: ExportScope, path: str, total: int) -> int:
    heading = spec.heading(scope) if spec.heading is not None and export.format == "xlsx" else None
    writer, stream = open_writer(export.format, path, spec.label, columns_of(spec, scope), heading)
    rows = 0
    try:
        write = writer.write
        for row in spec.rows(scope):
            write(row)
            rows += 1
            if rows % PROGRESS_EVERY == 0:
                # A plain update, visible at once to the page's polling (no transaction here).
                Export.objects.filter(pk=export.pk).update(rows=rows, progress=min(99, rows * 100 // max(total, 1)))
        if export.format == "xlsx":
            # The details of the main rows (a report's updates), each table on a sheet of its
            # own; the row count stays the main sheet's (the reports, not their updates).
            for sheet in spec.more_sheets:
                writer.start_sheet(sheet.title, sheet.columns)
                for row in sheet.rows(scope):
                    write(row)
        writer.close()
    except BaseException:
        writer.abort()
        raise
    finally:
        stream.close()
    return rows


def exports_purge(*, now=None) -> int:
    """Delete the exports (files first, then rows) kept past their time, and fail the ones
    whose worker died while writing them. Returns how many were deleted."""
    now = now or timezone.now()
    expired = list(Export.objects.filter(expires_at__lte=now).values_list("pk", "file"))
    for _pk, name in expired:
        # A file already gone (an earlier run stopped half-way) is no reason to stop.
        if name:
            default_storage.delete(name)
    Export.objects.filter(pk__in=[pk for pk, _name in expired]).delete()
    Export.objects.filter(status=Export.Status.RUNNING, started_at__lt=now - STALE_AFTER).update(
        status=Export.Status.FAILED,
        failure=Export.Failure.WORKER_STOPPED,
        error="the worker stopped before the export was written",
        finished_at=now,
    )
    return len(expired)
