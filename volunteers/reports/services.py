"""Writes of neighbourhood reports: submit, "me too", triage (transitions, assignment), and the
reply templates staff start their answers from.

The state machine is TRANSITIONS below, its one statement. Every change is a ReportUpdate
with the note the reporter sees, a notification and an audit entry, in one transaction under
the report's row lock. Acceptance pays through `points.services.claim_create_from_source`
(one claim per report, `source_ref = "report-<id>"`), so two staff accepting at once pay once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from friendlystreet.accounts.models import User
from friendlystreet.audit.services import audit_changes, audit_record, audit_snapshot
from friendlystreet.days import local_day_bounds
from friendlystreet.inputs import has_control_characters
from friendlystreet.notifications.services import notify, recipient_language
from friendlystreet.privacy.access import PERM_PERSONAL_DATA
from friendlystreet.uploads import clean_photos, delete_files
from points.errors import IdempotencyKeyTooLong
from points.models import Claim
from points.services import claim_create_from_source
from venues.models import Community, Venue

from ..errors import require
from ..models import MeToo, ReplyTemplate, Report, ReportCategory, ReportPhoto, ReportUpdate
from ..payout_subjects import report_subject
from . import errors, selectors
from .selectors import PERM_ADD_TEMPLATE, PERM_CHANGE_TEMPLATE, PERM_SUBMIT, PERM_TRIAGE

MAX_PHOTOS = 3
# The fewest letters or digits (a Chinese character is one) a description has: "路灯不亮",
# "井盖松动" say what is wrong; "x", "垃圾", "问题" leave staff to guess. Spaces and punctuation
# do not count, so "x。。。" or "x    " is still one.
MIN_DESCRIPTION = 4
MAX_PER_DAY = 20  # reports one rider may send per day: generous, but a stuck button is not a flood
IDEMPOTENCY_KEY_MAX = Report._meta.get_field("idempotency_key").max_length

S = Report.Status
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.SUBMITTED: (S.ACCEPTED, S.REJECTED, S.DUPLICATE),
    S.ACCEPTED: (S.IN_PROGRESS, S.RESOLVED, S.DUPLICATE),
    S.IN_PROGRESS: (S.RESOLVED,),
    S.RESOLVED: (),
    S.REJECTED: (),
    S.DUPLICATE: (),
}
# The moves that end the response time (responded_at); so does an update (report_post_update).
ANSWERED = (S.ACCEPTED, S.REJECTED, S.DUPLICATE)
# The states a report never leaves: staff are asked before they choose one.
FINAL: tuple[str, ...] = tuple(state for state, moves in TRANSITIONS.items() if not moves)
# The states a report can move to: what a reply template can be "for" (none moves to submitted).
MOVE_TARGETS: tuple[str, ...] = tuple(state for state in S.values if any(state in m for m in TRANSITIONS.values()))


def allowed_moves(report: Report) -> tuple[str, ...]:
    return TRANSITIONS[report.status]


def can_post_update(report: Report) -> bool:
    """Staff may tell the reporter how an open report goes without moving it (report_post_update)."""
    return report.is_open


def _report_link(report: Report) -> str:
    return reverse("volunteers:report_detail", args=[report.pk])


def _check_place(lat: Any, lng: Any, address: str, venue: Venue | None = None) -> tuple[str, dict[str, str]]:
    """The report's place: a pin, an address, or the venue it is about (阵地信息有误), whose
    address it then keeps unless the rider wrote one (a venue that moved: where it is now).
    Returns the address to store and the problems."""
    problems = {}
    if venue is not None:
        if not venue.active:
            problems["venue"] = _("This venue is no longer on the map: report the problem without it.")
        address = address or venue.address
    if (lat is None) != (lng is None):
        problems["lat"] = _("Give both latitude and longitude, or neither.")
    elif lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
        problems["lat"] = _("This is not a place on Earth.")
    if lat is None and not address:
        problems["address"] = _("Put a pin on the map or write the address.")
    return address, problems


def _description_problem(description: str) -> str | None:
    """Why a report's text (stripped) cannot be sent, or None: the one rule of its length, for the
    report page and the API alike (both hand the text to report_submit)."""
    if not description:
        return _("Write what you saw.")
    if len(description) > 2000 or has_control_characters(description):
        return _("Keep the description under 2000 characters of plain text.")
    if sum(character.isalnum() for character in description) < MIN_DESCRIPTION:
        return _(
            "Please describe the problem in a few more words (at least %(count)s characters, spaces and punctuation not counted)."
        ) % {"count": MIN_DESCRIPTION}
    return None


@dataclass(frozen=True)
class ReportSubmission:
    report: Report
    created: bool  # False: the same idempotency key was used before; this is that report


def report_submit(
    *,
    rider: User,
    category: str,
    description: str,
    lat: float | None = None,
    lng: float | None = None,
    address: str = "",
    community=None,
    venue: Venue | None = None,
    photos: Sequence[Any] = (),
    idempotency_key: str = "",
) -> ReportSubmission:
    """A verified rider reports a problem. Field problems raise ValidationError({field: ...}).

    With an `idempotency_key` (the form's, one per rendering of the page; the API's
    Idempotency-Key header), a second call by the same rider with the same key returns the
    report the first one made instead of a second report: a double tap, a resubmitted page,
    two requests at once. With a `venue` (阵地信息有误) the venue is the place (_check_place).
    The result's `created` says which: False for a replay (the API
    answers 200 instead of 201), as the claims' Submission does."""
    require(rider, PERM_SUBMIT)
    if not rider.is_verified:
        raise errors.NotVerified()
    key = (idempotency_key or "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX or has_control_characters(key):
        raise IdempotencyKeyTooLong()
    description = (description or "").strip()
    address = (address or "").strip()
    address, problems = _check_place(lat, lng, address, venue)
    if venue is not None and community is None:
        community = venue.community  # the triage list filters by community
    if category not in ReportCategory.values:
        problems["category"] = _("Choose the kind of problem.")
    if problem := _description_problem(description):
        problems["description"] = problem
    if len(address) > 200:
        problems["address"] = _("Keep the address under 200 characters.")
    if problems:
        raise ValidationError(problems)
    cleaned = clean_photos(photos, max_count=MAX_PHOTOS)
    saved: list[str] = []
    try:
        with transaction.atomic():
            # The rider's row lock serialises their parallel submissions under the daily cap,
            # and a double tap waits here for the first request and then finds its report.
            list(User.objects.select_for_update().filter(pk=rider.pk).values_list("pk", flat=True))
            if key:
                existing = Report.objects.filter(reporter=rider, idempotency_key=key).first()
                if existing is not None:
                    return ReportSubmission(existing, created=False)
            today, _tomorrow = local_day_bounds(timezone.now())
            if Report.objects.filter(reporter=rider, created_at__gte=today).count() >= MAX_PER_DAY:
                raise errors.TooManyReports()
            try:
                with transaction.atomic():
                    report = Report.objects.create(
                        reporter=rider,
                        category=category,
                        description=description,
                        lat=lat,
                        lng=lng,
                        address=address,
                        community=community,
                        venue=venue,
                        idempotency_key=key,
                    )
            except IntegrityError:
                # Only the key's unique constraint can refuse this row: the same key won a race
                # the lock did not serialise (SQLite has no row locks). Theirs is the report.
                existing = Report.objects.filter(reporter=rider, idempotency_key=key).first() if key else None
                if existing is None:
                    raise
                return ReportSubmission(existing, created=False)
            for content, content_type in cleaned:
                photo = ReportPhoto(report=report, content_type=content_type, size=content.size)
                photo.image.save("photo", content, save=False)
                saved.append(photo.image.name)
                photo.save()
            ReportUpdate.objects.create(report=report, status=S.SUBMITTED, author=rider)
            audit_record(
                actor=rider,
                action="volunteers.report_submitted",
                target=report,
                data={"category": category, "venue": venue.pk if venue else None},
            )
    except BaseException:
        delete_files(saved)
        raise
    return ReportSubmission(report, created=True)


def report_me_too(*, rider: User, report: Report) -> MeToo:
    """Another rider sees the same open problem: counted once per rider, never on one's own report.
    Verified riders only, as for reporting: the count orders the triage list (more first), so
    accounts nobody has checked must not move a report up.

    Only on a report the rider may know of (selectors.known_to_rider_q): one "is this the same
    problem?" shows them, or one they already said "me too" on. Any other number (a closed report
    of someone else, one placed by an address alone, none at all) is ReportNotFound, the same
    404 for all, so that counting up numbers neither adds to hidden reports nor tells their state.
    A closed report the rider may see (theirs to follow) is ReportClosed."""
    require(rider, PERM_SUBMIT)
    if not rider.is_verified:
        raise errors.NotVerified()
    if report.reporter_id == rider.pk:
        raise errors.OwnReport()
    with transaction.atomic():
        locked = Report.objects.select_for_update().filter(selectors.known_to_rider_q(rider), pk=report.pk).first()
        if locked is None:
            raise errors.ReportNotFound()
        if not locked.is_open:
            raise errors.ReportClosed()
        if MeToo.objects.filter(report=locked, rider=rider).exists():
            raise errors.AlreadyMeToo()
        try:
            with transaction.atomic():
                me_too = MeToo.objects.create(report=locked, rider=rider)
        except IntegrityError:
            raise errors.AlreadyMeToo() from None
        audit_record(actor=rider, action="volunteers.report_me_too", target=locked)
    return me_too


def report_transition(
    *,
    actor: User,
    report: Report,
    status: str,
    note: str = "",
    duplicate_of: Report | None = None,
    confirm: bool = False,
    confirmed_original: int | None = None,
) -> Report:
    """Move a report along TRANSITIONS. A rejection needs a reason and a resolution what was
    done (the reporter reads them); a duplicate names its original (duplicate_original), whose
    reporter keeps the credit, and says so when staff wrote nothing (duplicate_note). Acceptance
    pays the reporter once. (An update that keeps the state is report_post_update.)

    `confirm` (the staff page's two steps: a typo names another problem, and a duplicate is
    final): a duplicate is written only when `confirmed_original` is its original, as staff were
    shown it; else ConfirmOriginal names the original to show, once every other check passed."""
    require(actor, PERM_TRIAGE)
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": _("Keep the note under 2000 characters.")})
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("reporter").get(pk=report.pk)
        if status == locked.status and _same_answer_again(locked, actor=actor, note=note, default_ok=status == S.DUPLICATE):
            return locked  # the same answer sent again (a reload, Back and send): it was given once
        if status not in TRANSITIONS.get(locked.status, ()):
            raise errors.InvalidTransition(
                _("A report that is “%(from)s” cannot become “%(to)s”.")
                % {"from": locked.get_status_display(), "to": dict(S.choices).get(status, status)}
            )
        if status == S.REJECTED and not note:
            raise ValidationError({"note": _("Say why the report is rejected: the reporter reads it.")})
        if status == S.RESOLVED and not note:
            raise ValidationError({"note": _("Say what was done about it: the reporter reads it.")})
        if status == S.DUPLICATE:
            locked.duplicate_of = duplicate_original(report=locked, duplicate_of=duplicate_of)
            if confirm and confirmed_original != locked.duplicate_of.pk:
                raise errors.ConfirmOriginal(locked.duplicate_of)
            note = note or duplicate_note(locked, locked.duplicate_of)
        now = timezone.now()
        locked.status = status
        if status in ANSWERED and locked.responded_at is None:
            locked.responded_at = now
        if status == S.RESOLVED:
            locked.resolved_at = now
        locked.save()
        ReportUpdate.objects.create(report=locked, status=status, note=note, author=actor)
        audit_record(
            actor=actor,
            action="volunteers.report_" + status,
            target=locked,
            data={"duplicate_of": locked.duplicate_of_id} if status == S.DUPLICATE else {},
        )
        # An acceptance pays first, and its notice names the points: one event, one notice
        # (the points app sends no 积分到账 of its own for it).
        paid = _pay_acceptance(locked, actor=actor) if status == S.ACCEPTED else None
        notify(
            locked.reporter,
            "volunteers_report_updated",
            {"number": locked.pk, "status": _state_told(locked, paid), "note": note},
            link=_report_link(locked),
        )
        if status == S.RESOLVED:
            _tell_me_toos_resolved(locked, note)
        selectors.RESOLVED_MAP.bump()
    return locked


ME_TOO_RESOLVED = "volunteers_report_me_too_resolved"


def _tell_me_toos_resolved(report: Report, note: str) -> int:
    """The riders who said "me too" learn that the problem is resolved, and what was done: one
    notice each (a "me too" is once per rider, and a report is resolved once: a final state),
    in the resolution's transaction, so their SMS goes only once it commits (notify). Never who
    reported it: the number, the kind of problem and the street office's words, as their list of
    "problems you also saw" shows, which the notice opens."""
    riders = User.objects.filter(pk__in=MeToo.objects.filter(report=report).values("rider_id"), is_active=True).exclude(
        pk=report.reporter_id
    )
    link = reverse("volunteers:report_list") + "#me-toos"
    told = 0
    for rider in riders.order_by("pk"):
        notify(
            rider,
            ME_TOO_RESOLVED,
            {"number": report.pk, "category": ReportCategory(report.category).label, "note": note},
            link=link,
        )
        told += 1
    return told


def report_post_update(*, actor: User, report: Report, note: str) -> Report:
    """Tell the reporter how an open report goes, its state unchanged (works begun, a date):
    a ReportUpdate in the state it is in, with the note, which is all it says and so is needed;
    the reporter is told, as of every move. It answers the report, as a move does: on one
    nobody answered yet (a report still 已提交) it sets `responded_at`, and the report is no
    longer overdue. A closed report takes no more updates."""
    require(actor, PERM_TRIAGE)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write the update: the reporter reads it.")})
    if len(note) > 2000:
        raise ValidationError({"note": _("Keep the note under 2000 characters.")})
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("reporter").get(pk=report.pk)
        if not can_post_update(locked):
            raise errors.ReportClosed()
        if _same_answer_again(locked, actor=actor, note=note):
            return locked  # posted once: the reporter is not told the same thing twice
        # The reporter reads it and is told: an answer, as a move is. The first one stops the
        # response time (selectors.overdue_q) and is the report's 答复时间.
        if locked.responded_at is None:
            locked.responded_at = timezone.now()
        locked.save(update_fields=["responded_at", "updated_at"])
        ReportUpdate.objects.create(report=locked, status=locked.status, note=note, author=actor)
        audit_record(actor=actor, action="volunteers.report_update_posted", target=locked, data={"status": locked.status})
        # The notice names the news, not the unchanged state (a second 已提交 reads as nothing new).
        with translation.override(recipient_language(locked.reporter)):
            progress = pgettext("report update", "Progress")
        notify(
            locked.reporter,
            "volunteers_report_updated",
            {"number": locked.pk, "status": progress, "note": note},
            link=_report_link(locked),
        )
    return locked


# The same answer by the same person within this time is the one sent before, sent again: a page
# reloaded after it was sent, Back and send, a double tap without JavaScript, a client's retry.
SAME_ANSWER_WINDOW = timedelta(minutes=10)


def _same_answer_again(report: Report, *, actor: User, note: str, default_ok: bool = False) -> bool:
    """Is this answer (the report's state, `note`) the last one `actor` gave on it, moments ago?
    The caller holds the report's row lock, so of two identical answers sent at once the second
    sees the first. `default_ok`: a duplicate sent without a note got the default one."""
    last = report.updates.order_by("-created_at", "-id").first()
    if last is None or last.author_id != actor.pk or last.status != report.status:
        return False
    if last.created_at < timezone.now() - SAME_ANSWER_WINDOW:
        return False
    return last.note == note or (default_ok and not note)


def duplicate_original(*, report: Report, duplicate_of: Report | None) -> Report:
    """The report `report` would duplicate, followed to the end of its chain: never itself, and
    never one that was not taken up (a rider's report filed with a rejected one reads as thrown
    out with it). An open or a resolved original; its category may differ, since a rider picks
    among overlapping categories (a broken manhole is a safety hazard or a public facility, or
    "other") and staff cannot change it. Staff see the original's category and state before
    they confirm (views.staff_reports)."""
    if duplicate_of is None:
        raise ValidationError({"duplicate_of": _("Name the report this one duplicates.")})
    original = duplicate_of
    seen = {report.pk}
    while original.status == S.DUPLICATE and original.duplicate_of_id and original.pk not in seen:
        seen.add(original.pk)
        original = Report.objects.get(pk=original.duplicate_of_id)
    if original.pk in seen:
        raise ValidationError({"duplicate_of": _("A report cannot duplicate itself.")})
    if original.status == S.REJECTED:
        raise ValidationError(
            {
                "duplicate_of": _(
                    "Report #%(number)s was not taken up: a report can only duplicate one that is open or resolved."
                )
                % {"number": original.pk}
            }
        )
    return original


def duplicate_note(report: Report, original: Report) -> str:
    """What the reporter of a duplicate reads when staff wrote nothing, in their language: which
    report it repeats, that the credit is the first reporter's, and the "me too" button."""
    with translation.override(recipient_language(report.reporter)):
        return _(
            "The same problem was already reported as report #%(number)s, and the street office handles it there. "
            "The points go to whoever reported it first. Next time you see a problem that is already reported, "
            "tap “Me too” on the report form instead."
        ) % {"number": original.pk}


def _state_told(report: Report, paid: Claim | None) -> Any:
    """The new state as the reporter's notice names it (您上报的第15号线索：已受理，获得 20 积分):
    its label (lazy: notify() writes it in the reporter's language), with the points an
    acceptance paid, when it paid any (a switched-off rule or a reached cap pays none)."""
    label = S(report.status).label
    if paid is None or not paid.points:
        return label
    with translation.override(recipient_language(report.reporter)):
        return _("%(status)s, %(points)s points received") % {"status": label, "points": paid.points}


def _pay_acceptance(report: Report, *, actor: User) -> Claim | None:
    rule = selectors.acceptance_rule(report.reporter)
    if rule is None:  # staff switched the rules off: acceptance must still work
        return None
    return claim_create_from_source(
        rider=report.reporter,
        rule=rule,
        source="report",
        source_ref=report.claim_ref,
        occurred_at=report.created_at,
        description=acceptance_description(report),
        approve=True,
        actor=actor,
        notify_rider=False,  # report_transition's notice names the points
    )


def acceptance_description(report: Report) -> str:
    """The description stored on the claim an acceptance pays, in the reporter's language: the
    passbook and the claims build it again in the reader's language from the report
    (payout_subjects); these words stay for staff's exports and for a report no longer there."""
    with translation.override(recipient_language(report.reporter)):
        return report_subject(report)


@dataclass(frozen=True)
class DuplicatesPlan:
    """What marking `reports` as duplicates of a report would do, before anything is written."""

    original: Report  # the report they will duplicate: the one named, followed to the end of its chain
    reports: list[Report]  # those that become its duplicates, in the order given
    kept: list[Report]  # selected, but left as they are: the report named as the original


def duplicates_plan(*, reports: Sequence[Report], duplicate_of: Report | None) -> DuplicatesPlan:
    """Check a bulk "duplicates of #n" as reports_mark_duplicate will do it, writing nothing, so
    that staff see which reports close as duplicates of which one before they confirm (views.
    staff_reports.bulk_duplicate). The rules are report_transition's: a report that cannot move
    to duplicate (TRANSITIONS) raises InvalidTransition naming it, an original that cannot be one
    ValidationError (duplicate_original)."""
    if duplicate_of is None:
        raise ValidationError({"duplicate_of": _("Name the report this one duplicates.")})
    original: Report | None = None
    closing, kept = [], []
    for report in reports:
        if report.pk == duplicate_of.pk:
            kept.append(report)
            continue
        if S.DUPLICATE not in TRANSITIONS[report.status]:
            raise errors.InvalidTransition(
                _("Report #%(number)s is “%(status)s”: it can no longer be marked as a duplicate.")
                % {"number": report.pk, "status": report.get_status_display()}
            )
        original = duplicate_original(report=report, duplicate_of=duplicate_of)
        closing.append(report)
    if original is None:  # only the original was selected
        raise ValidationError({"duplicate_of": _("A report cannot duplicate itself.")})
    return DuplicatesPlan(original=original, reports=closing, kept=kept)


def reports_mark_duplicate(*, actor: User, reports: Sequence[Report], original: Report, note: str = "") -> list[Report]:
    """Bulk: mark several reports as duplicates of one (duplicates_plan), all or none, in one
    transaction; each is a report_transition, under its row lock."""
    require(actor, PERM_TRIAGE)
    with transaction.atomic():
        plan = duplicates_plan(reports=reports, duplicate_of=original)
        return [
            report_transition(actor=actor, report=r, status=S.DUPLICATE, note=note, duplicate_of=original) for r in plan.reports
        ]


def report_assign(*, actor: User, report: Report, assignee: User | None) -> Report:
    """Give an open report to a staff member who triages reports (or to nobody); a closed one
    keeps whoever had it."""
    require(actor, PERM_TRIAGE)
    if assignee is not None and not (assignee.is_active and assignee.has_perm(PERM_TRIAGE)):
        raise ValidationError({"assigned_to": _("Assign the report to a staff member who handles reports.")})
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not locked.is_open:  # nothing more to do on it: it would only crowd "assigned to me"
            raise errors.ReportClosed()
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to", "updated_at"])
        audit_record(
            actor=actor, action="volunteers.report_assigned", target=locked, data={"to": assignee.pk if assignee else None}
        )
    return locked


# Why a report's page reveals its reporter's contact details: the access log's reason (one of
# friendlystreet.privacy.access.REASONS) that handling a report implies, so staff are not asked.
REPORTER_REVEAL_REASON = "complaint"


def reporter_phone_revealable(*, viewer: User, report: Report) -> bool:
    """Whether the report's page offers staff its reporter's full name and phone (to call and
    ask where exactly, or what they saw): staff handling reports who may see personal data, a
    reporter with a phone (not anonymised), not one's own report. Reveals and logs nothing: the
    page shows the phone masked, and the reveal is the privacy app's POST (privacy:personal_data,
    access.personal_data_reveal), one access-log entry each time staff ask. Opening or saving the
    report leaves no trace in the access log."""
    require(viewer, PERM_TRIAGE)
    reporter = report.reporter
    return viewer.has_perm(PERM_PERSONAL_DATA) and bool(reporter.phone) and reporter.pk != viewer.pk


def report_set_community(*, actor: User, report: Report, community: Community | None) -> Report:
    """Staff set (or correct) the community (社区) a report is in: riders who were not sure
    filed it without one, which left it out of the triage list's community filter and the
    public resolved problems by community. Any state, a resolved report above all (the public
    page counts it then). Setting the one it has already writes nothing."""
    require(actor, PERM_TRIAGE)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        before = locked.community_id
        after = community.pk if community is not None else None
        if before == after:
            return locked
        locked.community = community
        locked.save(update_fields=["community", "updated_at"])
        audit_record(actor=actor, action="volunteers.report_community_set", target=locked, data={"from": before, "to": after})
        selectors.RESOLVED_MAP.bump()  # the public page groups resolved problems by community
    return locked


# --- reply templates ----------------------------------------------------------------------------

TEMPLATE_FIELDS = ("category", "status", "title", "text", "text_en", "active")
TEMPLATE_TITLE_MAX = 60  # the column's length
TEMPLATE_TEXT_MAX = 2000  # what a note to the reporter may hold (report_transition)


def _template_problems(template: ReplyTemplate) -> dict[str, str]:
    problems = {}
    if template.category not in ("", *ReportCategory.values):
        problems["category"] = _("Choose a category, or none for every category.")
    if template.status not in ("", *MOVE_TARGETS):
        problems["status"] = _("Choose a state a report can move to, or none for every move.")
    if not template.title:
        problems["title"] = _("Give the template a title staff will recognise.")
    elif len(template.title) > TEMPLATE_TITLE_MAX or has_control_characters(template.title):
        problems["title"] = _("Keep the title under %(max)s characters of plain text.") % {"max": TEMPLATE_TITLE_MAX}
    if not template.text:
        problems["text"] = _("Write the reply: the reporter reads it.")
    elif len(template.text) > TEMPLATE_TEXT_MAX or has_control_characters(template.text):
        problems["text"] = _("Keep the reply under %(max)s characters of plain text.") % {"max": TEMPLATE_TEXT_MAX}
    # Optional: without it, a reporter who reads English is given the Chinese text.
    if len(template.text_en) > TEMPLATE_TEXT_MAX or has_control_characters(template.text_en):
        problems["text_en"] = _("Keep the reply under %(max)s characters of plain text.") % {"max": TEMPLATE_TEXT_MAX}
    return problems


def reply_template_save(*, actor: User, template: ReplyTemplate | None = None, **fields: Any) -> ReplyTemplate:
    """Create (template=None) or edit a reply template; `fields` are any of TEMPLATE_FIELDS.
    There is no deletion: `active=False` stops offering it, and past answers keep their text.
    Field problems raise ValidationError({field: ...}); nothing is saved then."""
    require(actor, PERM_ADD_TEMPLATE if template is None else PERM_CHANGE_TEMPLATE)
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"reply_template_save() got unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        if template is None:
            template = ReplyTemplate()
            before: dict = {}
        else:
            template = ReplyTemplate.objects.select_for_update().get(pk=template.pk)
            before = audit_snapshot(template, TEMPLATE_FIELDS)
        for name, value in fields.items():
            if name == "active":
                value = bool(value)
            elif value is None:
                value = ""
            elif isinstance(value, str):
                value = value.strip()
            setattr(template, name, value)
        problems = _template_problems(template)
        if problems:
            raise ValidationError(problems)
        action = "volunteers.reply_template_added" if template.pk is None else "volunteers.reply_template_changed"
        template.save()
        changes = audit_changes(before, audit_snapshot(template, TEMPLATE_FIELDS))
        audit_record(actor=actor, action=action, target=template, data={"changes": changes})
    return template
