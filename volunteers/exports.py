"""The volunteers app's exports (台账), registered with friendlystreet.ledgers from
VolunteersConfig.ready(): activities with their attendance (one row per sign-up), and
neighbourhood reports with their updates (one row per dated update). Riders appear by their ID;
an update's author by their name or phone, masked unless the export unmasks personal data
(friendlystreet.ledgers.people).

No model is imported at module level: apps.py imports this module before the app is ready.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from friendlystreet.ledgers.people import person, person_fields
from friendlystreet.ledgers.registry import CHUNK, ExportKind, ExportScope, labels, register_export_kind

# --- activities and attendance ----------------------------------------------------------------

ACTIVITY_COLUMNS = (
    _("Activity ID"),
    _("Title"),
    _("Category"),
    _("Starts at"),
    _("Ends at"),
    pgettext_lazy("volunteer hours", "Hours"),
    _("Place"),
    _("Capacity"),
    _("State"),
    _("Rider ID"),
    _("Sign-up"),
    _("Signed up at"),
    _("Attendance"),
    _("Checked in at"),
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

    categories, states = labels(ActivityCategory.choices), labels(Activity.State.choices)
    signups, attendance = labels(Signup.Status.choices), labels(Signup.Attendance.choices)
    # The activity with each of its sign-ups (a LEFT JOIN: an activity without any is one row).
    values = (
        _activities(scope)
        .order_by("starts_at", "id", "signups__queued_at", "signups__id")
        .values_list(
            "id",
            "title",
            "category",
            "starts_at",
            "ends_at",
            "venue__name",
            "place",
            "capacity",
            "state",
            "signups__rider_id",
            "signups__status",
            "signups__queued_at",
            "signups__attendance",
            "signups__checked_in_at",
        )
    )
    for pk, title, category, starts, ends, venue, place, capacity, state, rider, status, queued, came, checked in values.iterator(
        chunk_size=CHUNK
    ):
        yield (
            pk,
            title,
            categories.get(category, category),
            starts,
            ends,
            Activity(starts_at=starts, ends_at=ends).hours,  # the model's one rule of an activity's hours
            venue or place,
            capacity,
            states.get(state, state),
            rider,
            signups.get(status, status) if status else "",
            queued,
            attendance.get(came, came) if rider else "",
            checked,
        )


# --- reports and their updates ----------------------------------------------------------------

REPORT_COLUMNS = (
    _("Report ID"),
    _("Submitted at"),
    _("Reporter ID"),
    _("Category"),
    _("Description"),
    _("Address"),
    _("Community"),
    _("Current status"),
    _("Duplicate of"),
    _("Answered at"),
    _("Resolved at"),
    _("Update at"),
    _("Update status"),
    _("Update note"),
    _("Update by"),
)


def _reports(scope: ExportScope):
    from .models_reports import Report

    return Report.objects.filter(**scope.within("created_at"))


def report_count(scope: ExportScope) -> int:
    from .models_reports import ReportUpdate

    reports = _reports(scope)
    return ReportUpdate.objects.filter(report__in=reports).count() + reports.filter(updates__isnull=True).count()


def report_rows(scope: ExportScope) -> Iterator[tuple]:
    from .models_reports import Report, ReportCategory

    categories, statuses = labels(ReportCategory.choices), labels(Report.Status.choices)
    values = (
        _reports(scope)
        .order_by("id", "updates__created_at", "updates__id")
        .values_list(
            "id",
            "created_at",
            "reporter_id",
            "category",
            "description",
            "address",
            "community__name",
            "status",
            "duplicate_of_id",
            "responded_at",
            "resolved_at",
            "updates__created_at",
            "updates__status",
            "updates__note",
            *person_fields("updates__author"),
        )
    )
    unmasked = scope.personal_data
    for row in values.iterator(chunk_size=CHUNK):
        category, status, update_status = row[3], row[7], row[12]
        yield (
            *row[:3],
            categories.get(category, category),
            *row[4:7],
            statuses.get(status, status),
            *row[8:12],
            statuses.get(update_status, update_status) if update_status else "",
            row[13],
            person(*row[14:], unmasked=unmasked),
        )


def register_exports() -> None:
    register_export_kind(
        ExportKind(
            code="activities",
            label=_("Activities and attendance"),
            columns=ACTIVITY_COLUMNS,
            rows=activity_rows,
            count=activity_count,
            order=40,
            description=_("Activities starting in the range, one row per sign-up with its attendance."),
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
            description=_("Reports submitted in the range, one row per dated update."),
            personal_data=True,  # who wrote each update
        )
    )
