"""The volunteers app's exports (台账), registered with friendlystreet.ledgers from
VolunteersConfig.ready(): activities with their attendance (one row per sign-up), and
neighbourhood reports (one row per report, with its latest update; in XLSX every update on a
second sheet). Riders appear by ID, masked name and masked phone (张* 138****0001, unmasked only
in an audited export of staff allowed to see personal data); staff who handled a report by
their name and username (friendlystreet.ledgers.people). The community is the place's, as the
dashboard counts activities and reports.

No model is imported at module level: apps.py imports this module before the app is ready.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby, islice

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from friendlystreet.ledgers.communities import community_names
from friendlystreet.ledgers.people import person, person_fields, rider_cells, rider_fields, with_people
from friendlystreet.ledgers.registry import CHUNK, ExportKind, ExportScope, Sheet, labels, register_export_kind
from friendlystreet.names import in_reader_language
from points.exports import RIDER_NAME, RIDER_PHONE  # the same words in every ledger (volunteers may import points)

# --- activities and attendance ----------------------------------------------------------------

ACTIVITY_COLUMNS = (
    _("Activity ID"),
    _("Title"),
    _("Category"),
    _("Starts at"),
    _("Ends at"),
    pgettext_lazy("volunteer hours", "Hours"),
    _("Place"),
    _("Activity's community"),
    _("Capacity"),
    _("State"),
    _("Rider ID"),
    RIDER_NAME,
    RIDER_PHONE,
    _("Sign-up"),
    _("Signed up at"),
    _("Attendance"),
    _("Checked in at"),
    # What the check-in paid, as the ledger has it (a cap of the rule may have lowered it; 0: the
    # rule was switched off); empty for a rider who did not check in.
    _("Points earned"),
)


def _activities(scope: ExportScope):
    from .models import Activity

    return Activity.objects.filter(**scope.within("starts_at"))


def activity_count(scope: ExportScope) -> int:
    from .models import Signup

    # One row per sign-up, and one for each activity nobody signed up for.
    activities = _activities(scope)
    return Signup.objects.filter(activity__in=activities).count() + activities.filter(signups__isnull=True).count()


def activity_rows(scope: ExportScope) -> Iterator[tuple]:
    from .models import Activity, ActivityCategory, Signup
    from .selectors import attendance_paid

    categories, states = labels(ActivityCategory.choices), labels(Activity.State.choices)
    signups, attendance = labels(Signup.Status.choices), labels(Signup.Attendance.choices)
    communities = community_names()
    unmasked = scope.personal_data
    # The activity with each of its sign-ups (a LEFT JOIN: an activity without any is one row).
    values = (
        _activities(scope)
        .order_by("starts_at", "id", "signups__queued_at", "signups__id")
        .values_list(
            "id",
            "title",
            "title_en",
            "category",
            "starts_at",
            "ends_at",
            "venue__name",
            "place",
            "venue__community_id",
            "capacity",
            "state",
            "signups__rider_id",
            *rider_fields("signups__rider"),
            "signups__status",
            "signups__queued_at",
            "signups__attendance",
            "signups__checked_in_at",
            "signups__id",
        )
    )
    rows = values.iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        # What each check-in of the chunk paid, from the ledger's claims by the selector the roster
        # and the rider's page read: one query a chunk, not one a row.
        # (The selector reads a sign-up's id and claim_ref only: no need to load the rows again.)
        checked_in = [Signup(pk=row[-1]) for row in chunk if row[-3] == Signup.Attendance.ATTENDED]
        paid = attendance_paid(checked_in) if checked_in else {}
        for row in chunk:
            pk, title, title_en, category, starts, ends, venue, place, cid, capacity, state, rider, name, phone = row[:14]
            status, queued, came, checked, signup = row[14:]
            yield (
                pk,
                # In the file's language (Activity.label()), as the vouchers name the reward.
                in_reader_language(title, title_en),
                categories.get(category, category),
                starts,
                ends,
                Activity(starts_at=starts, ends_at=ends).hours,  # the model's one rule of an activity's hours
                venue or place,
                communities.get(cid, communities[None]),
                capacity,
                states.get(state, state),
                rider,
                *(rider_cells(name, phone, unmasked=unmasked) if rider else (None, None)),
                signups.get(status, status) if status else "",
                queued,
                attendance.get(came, came) if rider else "",
                checked,
                paid.get(signup, 0) if came == Signup.Attendance.ATTENDED else None,
            )


# --- reports, one row each, and their updates -------------------------------------------------

REPORT_COLUMNS = (
    _("Report ID"),
    _("Submitted at"),
    _("Reporter ID"),
    _("Reporter"),
    _("Reporter's phone"),
    _("Category"),
    _("Description"),
    _("Address"),
    # The venue a "wrong venue information" report is about (阵地信息有误); empty for the others.
    pgettext_lazy("report", "Venue"),
    _("Community"),
    _("Current status"),
    _("Duplicate of"),
    _("Answered at"),
    _("Resolved at"),
    # The report page's word (承办人): the member of staff it is assigned to.
    capfirst(_("assigned to")),
    _("Number of updates"),
    _("Latest update at"),
    _("Latest update status"),
    _("Latest update note"),
    # Whoever last acted on it: staff, never the reporter (who has their own columns).
    _("Handled by"),
)
UPDATE_COLUMNS = (_("Report ID"), _("Update at"), _("Update status"), _("Update note"), _("By"))


def _reports(scope: ExportScope):
    from .models_reports import Report

    return Report.objects.filter(**scope.within("created_at"))


def report_count(scope: ExportScope) -> int:
    return _reports(scope).count()


def report_rows(scope: ExportScope) -> Iterator[tuple]:
    """One row per report: the report with each of its updates is read in one query (a LEFT
    JOIN, in order), and each report's rows make one row of the report and its latest update."""
    from .models_reports import Report, ReportCategory

    categories, statuses = labels(ReportCategory.choices), labels(Report.Status.choices)
    communities = community_names()
    unmasked = scope.personal_data
    values = (
        with_people(_reports(scope), "assigned_to", "updates__author")
        .order_by("id", "updates__created_at", "updates__id")
        .values_list(
            "id",
            "created_at",
            "reporter_id",
            *rider_fields("reporter"),
            "category",
            "description",
            "address",
            "venue__name",
            "community_id",
            "status",
            "duplicate_of_id",
            "responded_at",
            "resolved_at",
            *person_fields("assigned_to"),
            "updates__id",
            "updates__created_at",
            "updates__status",
            "updates__note",
            "updates__author_id",
            *person_fields("updates__author"),
        )
    )
    for _pk, group in groupby(values.iterator(chunk_size=CHUNK), key=lambda row: row[0]):
        rows = list(group)  # one report's updates: a handful
        pk, at, reporter, name, phone, category, description, address, venue, cid = rows[0][:10]
        status, duplicate, answered, resolved = rows[0][10:14]
        assignee = rows[0][14:18]
        updates = [row[18:] for row in rows if row[18] is not None]
        latest = updates[-1] if updates else (None,) * 9
        handled = [u for u in updates if u[4] is not None and u[4] != reporter]
        yield (
            pk,
            at,
            reporter,
            *rider_cells(name, phone, unmasked=unmasked),
            categories.get(category, category),
            description,
            address,
            venue,
            communities.get(cid, communities[None]),
            statuses.get(status, status),
            duplicate,
            answered,
            resolved,
            person(*assignee, unmasked=unmasked),
            len(updates),
            latest[1],
            statuses.get(latest[2], latest[2]) if latest[2] else "",
            latest[3],
            person(*handled[-1][5:], unmasked=unmasked) if handled else None,
        )


def update_rows(scope: ExportScope) -> Iterator[tuple]:
    """Every update of the reports, report by report, oldest first; the reporter's own (the
    report as they filed it) says 上报人, as their name is on the report's row."""
    from .models_reports import Report, ReportUpdate

    statuses = labels(Report.Status.choices)
    reporter_label = str(_("Reporter"))
    unmasked = scope.personal_data
    values = (
        with_people(ReportUpdate.objects.filter(report__in=_reports(scope)), "author")
        .order_by("report_id", "created_at", "id")
        .values_list("report_id", "created_at", "status", "note", "author_id", "report__reporter_id", *person_fields("author"))
    )
    for report, at, status, note, author, reporter, *by in values.iterator(chunk_size=CHUNK):
        who = reporter_label if author is not None and author == reporter else person(*by, unmasked=unmasked)
        yield (report, at, statuses.get(status, status), note, who)


# The activities ledger's code: the roster's link to it names it (views.staff.activity_roster).
ACTIVITIES_KIND = "activities"


def register_exports() -> None:
    register_export_kind(
        ExportKind(
            code=ACTIVITIES_KIND,
            label=_("Activities and attendance"),
            columns=ACTIVITY_COLUMNS,
            rows=activity_rows,
            count=activity_count,
            order=40,
            description=_(
                "Activities starting in the range (by their start time), one row per sign-up with its attendance "
                "and the points it earned; the community is the venue's."
            ),
            personal_data=True,
        )
    )
    register_export_kind(
        ExportKind(
            code="reports",
            label=_("Neighbourhood reports"),
            columns=REPORT_COLUMNS,
            rows=report_rows,
            count=report_count,
            order=50,
            past_only=True,
            description=_(
                "Reports submitted in the range (by the time they were submitted), one row per report with its latest "
                "update; in XLSX every update on a second sheet."
            ),
            personal_data=True,
            more_sheets=(Sheet(title=_("Report updates"), columns=UPDATE_COLUMNS, rows=update_rows),),
        )
    )
