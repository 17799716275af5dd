"""Riders' data rights: download my data, delete my account (cooling-off, SMS code, staff
on the spot), and the retention sweep. Feature apps contribute through registry.py."""

from __future__ import annotations

import json
import logging
import os
import secrets
import tempfile
import zipfile
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import status

from friendlystreet import ratelimit
from friendlystreet.accounts import code_tries, roles
from friendlystreet.accounts.language import message_language
from friendlystreet.accounts.models import User
from friendlystreet.api.errors import DomainError
from friendlystreet.audit.services import audit_record
from friendlystreet.notifications.services import notify, recipient_language

from . import accounts_data, conf, registry, summary
from .models import DataExport, DeletionCode, DeletionRequest, export_path

logger = logging.getLogger(__name__)

PERM_ANONYMISE = "privacy.anonymise_rider"
CODE_MINUTES = 10
CODE_TRIES = 5
# Codes sent per rider: a few per ten minutes (each is an SMS the street office pays for).
CODE_SENDS = ratelimit.Limit("privacy.deletion_code", count=3, seconds=600)
# Exports asked for per rider: each builds a ZIP of every photo.
EXPORT_REQUESTS = ratelimit.Limit("privacy.export", count=5, seconds=3600)

SUMMARY_NAME = "summary.html"

KIND_EXPORT_READY = "privacy_export_ready"
KIND_DELETION_SCHEDULED = "privacy_deletion_scheduled"
KIND_DELETION_CANCELLED = "privacy_deletion_cancelled"


class TooManyRequests(DomainError):
    code = "rate_limited"
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_message = _("Too many attempts. Please wait a few minutes and try again.")


class WrongCode(DomainError):
    """A code that is not the one sent: the rider types it again (the code sent still works),
    told how many tries are left in the sign-in code pages' words (accounts.code_tries)."""

    code = "wrong_code"
    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, *, left: int) -> None:
        super().__init__(code_tries.wrong_code_message(left))


class CodeExpired(DomainError):
    """No code to compare with any more: it expired, or was typed wrong too often."""

    code = "code_expired"
    status_code = status.HTTP_400_BAD_REQUEST
    default_message = _("This code has expired or was typed wrong too many times. Ask for a new one.")


class NoPhone(DomainError):
    code = "no_phone"
    default_message = _("Your account has no phone number to send a code to. Please ask at the street office.")
    office_contact = True


class SmsNotSent(DomainError):
    """The provider refused or could not be reached: no code exists, the rider asks again."""

    code = "sms_failed"
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_message = _("The SMS could not be sent. Please try again later.")


class NotARider(DomainError):
    code = "not_a_rider"
    default_message = _("Only a rider's account can be anonymised here; staff accounts are closed by an administrator.")


class AlreadyAnonymised(DomainError):
    code = "already_anonymised"
    default_message = _("This account has already been anonymised.")


# --- download my data ---------------------------------------------------------------------------


def export_request(*, rider: User) -> DataExport:
    """The rider asks for their data: a row (queued) and the task, started on commit."""
    if not rider.is_authenticated:
        raise PermissionDenied
    if ratelimit.consume(EXPORT_REQUESTS, key=str(rider.pk)):
        raise TooManyRequests()
    now = timezone.now()
    with transaction.atomic():
        export = DataExport.objects.create(rider=rider, created_at=now, expires_at=now + timedelta(hours=conf.export_hours()))
        audit_record(actor=rider, action="privacy.export_requested", target=export)
        transaction.on_commit(lambda: _queue_export(export.pk))
    return export


def _queue_export(export_id: int) -> None:
    from .tasks import build_export

    try:
        build_export.delay(export_id)
    except Exception:  # noqa: BLE001 - any broker error: the rider sees it failed and asks again
        logger.warning("broker unavailable; data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id, status=DataExport.Status.QUEUED).update(status=DataExport.Status.FAILED)


def collect(user: User) -> tuple[dict, list[tuple[str, str]]]:
    """Everything the registered sections hold about this user: (data.json, photos)."""
    data: dict = {"generated_at": timezone.now().isoformat(), "user_id": user.pk}
    photos: list[tuple[str, str]] = []
    for name in sorted(registry.data_sections):
        section = registry.data_sections[name](user)
        data[name] = section.data
        photos.extend(section.photos)
    return data, photos


def export_build(*, export_id: int) -> str:
    """Write the ZIP. Safe to run twice: only a queued export is claimed (compare-and-set)."""
    if not DataExport.objects.filter(pk=export_id, status=DataExport.Status.QUEUED).update(status=DataExport.Status.RUNNING):
        return "skipped"
    export = DataExport.objects.select_related("rider").get(pk=export_id)
    partial = stored = ""
    try:
        with translation.override(recipient_language(export.rider)):
            data, photos = collect(export.rider)
            readable = summary.render(data)
        fd, partial = tempfile.mkstemp(prefix="mydata-", suffix=".zip", dir=settings.FILE_UPLOAD_TEMP_DIR)
        os.close(fd)
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            # The copy to read (labels in words, Beijing time) beside the complete one for machines.
            archive.writestr(SUMMARY_NAME, readable)
            archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
            for storage_name, archive_name in photos:
                try:
                    with default_storage.open(storage_name, "rb") as handle:
                        archive.writestr(f"photos/{archive_name}", handle.read())
                except FileNotFoundError:
                    continue  # deleted by retention meanwhile: data.json still names it
        with open(partial, "rb") as handle:
            stored = default_storage.save(export_path(export, ""), File(handle))
        with transaction.atomic():
            DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.DONE, file=stored)
            notify(
                export.rider,
                KIND_EXPORT_READY,
                {"hours": conf.export_hours()},
                link=reverse("privacy:export_download", args=[export.pk]),
            )
        return "done"
    except Exception:  # noqa: BLE001 - whatever went wrong, the export failed and left no file
        logger.exception("data export %s failed", export_id)
        if stored:
            default_storage.delete(stored)
        DataExport.objects.filter(pk=export_id).update(status=DataExport.Status.FAILED, file="")
        return "failed"
    finally:
        if partial and os.path.exists(partial):
            os.remove(partial)


def exports_purge(*, now: datetime | None = None) -> int:
    """Delete expired exports: files first, then rows."""
    now = now or timezone.now()
    expired = list(DataExport.objects.filter(expires_at__lte=now).values_list("pk", "file"))
    for _pk, name in expired:
        if name:
            default_storage.delete(name)
    DataExport.objects.filter(pk__in=[pk for pk, _name in expired]).delete()
    return len(expired)


# --- delete my account ----------------------------------------------------------------------------


def _hash(user_id: int, code: str) -> str:
    return salted_hmac("friendlystreet.privacy.deletion_code", f"{user_id}:{code}").hexdigest()


def deletion_code_send(*, rider: User) -> None:
    """Send a six-digit code by SMS that confirms the deletion request."""
    if not rider.is_authenticated:
        raise PermissionDenied
    if not rider.phone:
        raise NoPhone()
    if ratelimit.consume(CODE_SENDS, key=str(rider.pk)):
        raise TooManyRequests()
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        DeletionCode.objects.update_or_create(
            rider=rider,
            defaults={
                "code_hash": _hash(rider.pk, code),
                "expires_at": timezone.now() + timedelta(minutes=CODE_MINUTES),
                "attempts": 0,
            },
        )
        # Asked for in the rider's own request: the sign-in code's rule, the account's language
        # else the one they are reading the page in.
        language = message_language(rider)
        with translation.override(language):
            text = gettext(
                "Your code to delete your Friendly Street account is %(code)s. It expires in 10 minutes. "
                "If you did not ask for this, ignore this message."
            ) % {"code": code}
        # Sent before the commit, not after it: a provider's failure rolls the code back and
        # the rider reads why (an after-commit failure was a 500 over a code never sent).
        _send(rider.phone, text, language)


def _send(phone: str, text: str, language: str) -> None:
    from friendlystreet.sms import send_sms
    from friendlystreet.sms.backends import SmsError

    try:
        send_sms(phone, text, language=language)
    except SmsError as exc:
        logger.warning("deletion code not sent: %s", exc)
        raise SmsNotSent() from exc


def deletion_code_valid(rider: User) -> bool:
    """Whether the rider holds a code that can still confirm (sent, not expired, tries left):
    the page keeps its box for the code as long as this holds, reloaded or not."""
    return DeletionCode.objects.filter(rider=rider, expires_at__gt=timezone.now(), attempts__lt=CODE_TRIES).exists()


def _check_code(rider: User, code: str) -> None:
    """Compare under the row lock: a code allows CODE_TRIES tries, then a new one is needed."""
    row = DeletionCode.objects.select_for_update().filter(rider=rider).first()
    if row is None or row.expires_at <= timezone.now() or row.attempts >= CODE_TRIES:
        raise CodeExpired()
    if not constant_time_compare(row.code_hash, _hash(rider.pk, (code or "").strip())):
        DeletionCode.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
        left = CODE_TRIES - (row.attempts + 1)
        raise WrongCode(left=left) if left > 0 else CodeExpired()
    row.delete()


def pending_deletion(rider: User) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(rider=rider, cancelled_at=None, done_at=None).first()


def deletion_request(*, rider: User, code: str) -> DeletionRequest:
    """The rider confirms with the SMS code: anonymised after the cooling-off period unless
    they cancel or sign in again. A second confirmation returns the open request."""
    if not rider.is_authenticated:
        raise PermissionDenied
    failed: DomainError | None = None
    with transaction.atomic():
        try:
            _check_code(rider, code)
        except (WrongCode, CodeExpired) as refused:
            failed = refused  # the attempt is counted: commit it, then refuse
        else:
            open_request = pending_deletion(rider)
            if open_request is not None:
                return open_request
            now = timezone.now()
            request = DeletionRequest.objects.create(
                rider=rider, requested_at=now, scheduled_for=now + timedelta(days=conf.cooling_off_days())
            )
            audit_record(actor=rider, action="privacy.deletion_requested", target=rider, data={"request": request.pk})
            notify(
                rider,
                KIND_DELETION_SCHEDULED,
                {"date": timezone.localtime(request.scheduled_for).strftime("%Y-%m-%d %H:%M")},
                link=reverse("privacy:delete"),
            )
            # Every session ends, the app's too: signing in again is what cancels the request,
            # so a session still open would leave the rider unsure whether it stands.
            transaction.on_commit(lambda: accounts_data.end_sessions(rider))
    if failed is not None:
        raise failed
    return request


def deletion_losses(rider: User) -> tuple[list[str], list[str]]:
    """What the rider holds that deleting the account ends, from the apps that registered it
    (registry.register_deletion_loss): the amounts in words ("280 points", "1 unused voucher"),
    and the sentences of their own (registry.DeletionNote, as safe HTML)."""
    lines = [line for loss in registry.deletion_losses for line in loss(rider) if line]
    notes = [line.html for line in lines if isinstance(line, registry.DeletionNote)]
    return [line for line in lines if not isinstance(line, registry.DeletionNote)], notes


def deletion_cancel(*, rider: User, by_login: bool = False) -> DeletionRequest | None:
    """Cancel the rider's open request (None when there is none) and tell them."""
    with transaction.atomic():
        request = DeletionRequest.objects.select_for_update().filter(rider=rider, cancelled_at=None, done_at=None).first()
        if request is None:
            return None
        request.cancelled_at = timezone.now()
        request.save(update_fields=["cancelled_at"])
        audit_record(
            actor=rider, action="privacy.deletion_cancelled", target=rider, data={"request": request.pk, "by_login": by_login}
        )
        notify(rider, KIND_DELETION_CANCELLED, {}, link=reverse("privacy:delete"))
    return request


def on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: signing in during the cooling-off period cancels the request."""
    if not DeletionRequest.objects.filter(rider_id=user.pk, cancelled_at=None, done_at=None).exists():
        return
    if deletion_cancel(rider=user, by_login=True) is not None and request is not None:
        from django.contrib import messages

        # fail_silently: a sign-in through the headless API has no message storage.
        messages.info(
            request, gettext("You signed in again, so your request to delete your account was cancelled."), fail_silently=True
        )


def _anonymise_locked(user: User) -> None:
    for _order, _key, fn in registry.anonymisers:
        fn(user)


def deletions_run_due(*, now: datetime | None = None) -> int:
    """Periodic: anonymise every rider whose cooling-off period is over. Each in its own
    transaction, the request row locked and checked again (a sign-in may have cancelled it)."""
    now = now or timezone.now()
    done = 0
    due = list(
        DeletionRequest.objects.filter(cancelled_at=None, done_at=None, scheduled_for__lte=now).values_list("pk", flat=True)
    )
    for pk in due:
        with transaction.atomic():
            request = (
                DeletionRequest.objects.select_for_update()
                .filter(pk=pk, cancelled_at=None, done_at=None)
                .select_related("rider")
                .first()
            )
            if request is None:
                continue
            _anonymise_locked(request.rider)
            request.done_at = timezone.now()
            request.save(update_fields=["done_at"])
            audit_record(actor=None, action="privacy.rider_anonymised", target=request.rider, data={"request": pk})
            done += 1
    return done


def rider_anonymise(*, actor: User, rider: User, reason: str) -> DeletionRequest:
    """A street admin anonymises a rider at once (the rider asked in person), with a reason."""
    if not actor.has_perm(PERM_ANONYMISE):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        from django.core.exceptions import ValidationError

        raise ValidationError({"reason": [_("Say why (e.g. the rider asked in person at the office).")]})
    if rider.has_perm(roles.STAFF_AREA) or rider.has_perm(roles.REDEMPTION_PAGE):
        raise NotARider()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=rider.pk)
        if not locked.is_active and DeletionRequest.objects.filter(rider=locked).exclude(done_at=None).exists():
            raise AlreadyAnonymised()
        now = timezone.now()
        request = DeletionRequest.objects.filter(rider=locked, cancelled_at=None, done_at=None).first()
        if request is None:
            request = DeletionRequest(rider=locked, requested_at=now, scheduled_for=now)
        request.by_staff = actor
        request.reason = reason[:300]
        _anonymise_locked(locked)
        request.done_at = now
        request.save()
        audit_record(
            actor=actor, action="privacy.rider_anonymised", target=locked, data={"request": request.pk, "reason": reason}
        )
    return request


# --- retention ----------------------------------------------------------------------------------


def retention_run(*, now: datetime | None = None) -> dict[str, int]:
    """Daily: photos and the verification screenshot some time after their decision (the
    registered jobs, each with its period), notifications
    older than a year, expired data exports. Returns the counts (also logged)."""
    from friendlystreet.notifications.models import Notification

    now = now or timezone.now()
    counts: dict[str, int] = {}
    for name in sorted(registry.retention_jobs):
        purge, days = registry.retention_jobs[name]
        counts[name] = purge(now - timedelta(days=(days or conf.photo_retention_days)()))
    old = Notification.objects.filter(created_at__lt=now - timedelta(days=conf.notification_retention_days()))
    counts["notifications"] = old.delete()[1].get("notifications.Notification", 0)
    counts["data_exports"] = exports_purge(now=now)
    logger.info("retention: %s", ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return counts
