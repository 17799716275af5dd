"""What volunteers holds about a rider, for friendlystreet.privacy: profile, team, grid,
party declaration, sign-ups and attendance, reports and their updates, signatures; the
anonymiser and the report photos' retention."""

from __future__ import annotations

import os
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from friendlystreet.accounts.models import User
from friendlystreet.audit.services import audit_record
from friendlystreet.days import local_today
from friendlystreet.privacy.registry import (
    DeletionNote,
    Section,
    register_anonymiser,
    register_data_section,
    register_deletion_loss,
    register_retention,
)
from friendlystreet.uploads import delete_files

from . import selectors
from .models import GridAppointment, PartyDeclaration, RiderProfile, Signup, TeamMembership, new_record_code
from .models_reports import MeToo, Report, ReportPhoto, ReportUpdate
from .models_texts import Signature
from .reports.selectors import RESOLVED_MAP


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def collect_volunteering(user) -> Section:
    profile = RiderProfile.objects.filter(rider=user).select_related("home_community").first()
    team = TeamMembership.objects.filter(rider=user).first()
    party = PartyDeclaration.objects.filter(rider=user).first()
    data = {
        "profile": {
            "home_community": profile.home_community.name if profile and profile.home_community else None,
            "record_code": profile.record_code if profile else None,
        },
        "team": {
            "status": team.status,
            "requested_at": _iso(team.requested_at),
            "joined_at": _iso(team.joined_at),
        }
        if team
        else None,
        "grid": [
            {
                "area": g.area,
                "appointed_on": _iso(g.appointed_on),
                "certificate_number": g.certificate_number,
                "ended_on": _iso(g.ended_on),
            }
            for g in GridAppointment.objects.filter(rider=user).order_by("appointed_on", "id")
        ],
        "party_declaration": {
            "organisation": party.organisation,
            "consent_version": party.consent_version,
            "consented_at": _iso(party.consented_at),
            "confirmed_at": _iso(party.confirmed_at),
        }
        if party
        else None,
        "signups": [
            {
                "activity": s.activity.title,
                "starts_at": _iso(s.activity.starts_at),
                "status": s.status,
                "signed_up_at": _iso(s.queued_at),
                "attendance": s.attendance,
                "checked_in_at": _iso(s.checked_in_at),
            }
            for s in Signup.objects.filter(rider=user).select_related("activity").order_by("queued_at", "id")
        ],
        "signatures": [
            {"text": s.text.title, "party": s.party, "organisation": s.organisation, "signed_at": _iso(s.created_at)}
            for s in Signature.objects.filter(signer=user).select_related("text").order_by("created_at", "id")
        ],
    }
    return Section(data)


def _photo_name(photo: ReportPhoto) -> str:
    return f"reports/{photo.report_id}-{os.path.basename(photo.image.name)}"


def collect_reports(user) -> Section:
    """The rider's reports with every update they see; staff are "the street office"."""
    office = gettext("the street office")
    reports = Report.objects.filter(reporter=user).prefetch_related("photos", "updates").order_by("created_at", "id")
    data, photos = [], []
    for r in reports:
        photos.extend((p.image.name, _photo_name(p)) for p in r.photos.all())
        data.append(
            {
                "id": r.pk,
                "category": r.category,
                "description": r.description,
                "address": r.address,
                "lat": r.lat,
                "lng": r.lng,
                "status": r.status,
                "submitted_at": _iso(r.created_at),
                "resolved_at": _iso(r.resolved_at),
                "photos": [_photo_name(p) for p in r.photos.all()],
                "updates": [
                    {
                        "status": u.status,
                        "note": u.note,
                        "by": "me" if u.author_id == user.pk else office,
                        "at": _iso(u.created_at),
                    }
                    for u in sorted(r.updates.all(), key=lambda u: (u.created_at, u.pk))
                ],
            }
        )
    data_me_too = [
        {"report": m.report_id, "at": _iso(m.created_at)} for m in MeToo.objects.filter(rider=user).order_by("created_at")
    ]
    return Section({"reports": data, "me_too": data_me_too}, photos)


def anonymise(user) -> None:
    """The party declaration goes; reports lose their photos, texts and exact place (their
    status, category, community and dates stay for the figures); past and attended sign-ups,
    attendance and signatures stay without free text; the public record code changes (an old QR
    opens nothing). What the person can no longer do ends, so that nobody who is gone holds it:
    their places and waitlist spots at activities still to come are given up to the riders
    waiting (services.signups_give_up), their team membership ends (left) and their micro-grid
    appointment ends today."""
    from .services import GIVEN_UP_ACCOUNT_DELETED, signups_give_up

    # A member, or one asking to join (staff would decide a request of nobody): as team_leave, and
    # before the activities (the lock order of services: membership, then each activity).
    live = [TeamMembership.Status.MEMBER, TeamMembership.Status.REQUESTED]
    if TeamMembership.objects.filter(rider=user, status__in=live).update(status=TeamMembership.Status.LEFT):
        audit_record(actor=user, action="volunteers.team_left", target=user)
    signups_give_up(user, actor=user, because=GIVEN_UP_ACCOUNT_DELETED)
    today = local_today()
    for appointment in GridAppointment.objects.filter(rider=user, ended_on=None):
        appointment.ended_on = max(today, appointment.appointed_on)
        appointment.save(update_fields=["ended_on"])
        audit_record(
            actor=user,
            action="volunteers.grid_ended",
            target=appointment,
            data={"ended_on": appointment.ended_on.isoformat()},
        )
    PartyDeclaration.objects.filter(rider=user).delete()
    photos = ReportPhoto.objects.filter(report__reporter=user)
    names = list(photos.values_list("image", flat=True))
    photos.delete()
    # A report must keep a place (report_has_a_place): its pin rounded to about a kilometre,
    # or, without a pin, a dash for the address.
    for report in Report.objects.filter(reporter=user).only("pk", "lat", "lng"):
        if report.lat is not None:
            place = {"lat": round(report.lat, 2), "lng": round(report.lng, 2), "address": ""}
        else:
            place = {"address": "-"}
        Report.objects.filter(pk=report.pk).update(description="", **place)
    RESOLVED_MAP.bump()  # the public map shows the rounder place
    ReportUpdate.objects.filter(author=user).update(note="")
    Signature.objects.filter(signer=user).update(organisation="")
    TeamMembership.objects.filter(rider=user).update(note="")
    for profile in RiderProfile.objects.filter(rider=user):
        profile.record_code = new_record_code()
        profile.save(update_fields=["record_code"])
    if names:
        transaction.on_commit(lambda: delete_files(names))


def deletion_losses(user) -> list[str | DeletionNote]:
    """What the rider gives up with their account, for the deletion page: their places and
    waitlist spots at activities still to come (anonymise gives them to the riders waiting), the
    volunteer record of the activities they attended (it gets a new code: the old link no longer
    checks, and they can no longer sign in to print it), and their team membership and micro-grid
    appointment, where they have them. Two queries: the sign-ups, and the membership with the
    appointment."""
    live = selectors.live_signups(user)
    signups = list(
        Signup.objects.filter(Q(pk__in=live.values("pk")) | Q(selectors.counted_attendance(), rider=user))
        .select_related("activity")
        .only("status", "attendance", "activity__starts_at", "activity__ends_at")
    )
    attended = [s.activity for s in signups if s.attendance == Signup.Attendance.ATTENDED]
    places = sum(1 for s in signups if s.attendance != Signup.Attendance.ATTENDED and s.status == Signup.Status.REGISTERED)
    waiting = sum(1 for s in signups if s.attendance != Signup.Attendance.ATTENDED and s.status == Signup.Status.WAITLISTED)
    losses: list[str | DeletionNote] = []
    if places:
        losses.append(
            ngettext("%(n)s place at an activity still to come", "%(n)s places at activities still to come", places)
            % {"n": places}
        )
    if waiting:
        losses.append(ngettext("%(n)s waitlist spot", "%(n)s waitlist spots", waiting) % {"n": waiting})
    if attended:
        losses.append(DeletionNote(_record_lost(user, attended)))
    member, appointed = (
        User.objects.filter(pk=user.pk)
        .values_list(
            Exists(TeamMembership.objects.filter(rider=OuterRef("pk"), status=TeamMembership.Status.MEMBER)),
            Exists(GridAppointment.objects.filter(rider=OuterRef("pk"), ended_on=None)),
        )
        .get()
    )
    if member or appointed:
        if member and appointed:
            ends = gettext("Your membership of the 帮帮龘 volunteer team and your micro-grid appointment end.")
        elif member:
            ends = gettext("Your membership of the 帮帮龘 volunteer team ends.")
        else:
            ends = gettext("Your micro-grid appointment ends.")
        losses.append(DeletionNote(format_html("{}", ends)))
    return losses


def _record_lost(user, attended: list) -> str:
    """The volunteer record's sentence: how much it certifies (counted as the record counts:
    selectors.counted_attendance, the hours of each activity), and the link to print it."""
    hours = sum((activity.hours for activity in attended), Decimal("0"))
    facts = {
        "activities": ngettext("%(n)s activity", "%(n)s activities", len(attended)) % {"n": len(attended)},
        # 1.5 hours: the plural unless exactly one.
        "hours": ngettext("%(n)s hour", "%(n)s hours", 1 if hours == 1 else 2) % {"n": hours},
    }
    if user.is_verified:
        sentence = gettext(
            "Your volunteer service record (%(activities)s, %(hours)s) and its verification link stop working"
            ' when your account is deleted: <a href="%(url)s">print or save it first</a>.'
        )
    else:
        sentence = gettext(
            "Your volunteer record (%(activities)s, %(hours)s) can no longer be opened once your account is deleted:"
            ' <a href="%(url)s">print or save it first</a>.'
        )
    # The sentence holds its link (the words around it are the translator's); the facts are escaped.
    escaped = {key: conditional_escape(value) for key, value in {**facts, "url": reverse("volunteers:record")}.items()}
    return mark_safe(sentence % escaped)  # noqa: S308 - our catalogue's markup, every value escaped


def purge_report_photos(before: datetime) -> int:
    """Retention: photos of reports closed before `before` (resolved, or not taken up); the
    report, its updates and audit stay."""
    closed = Q(resolved_at__lt=before) | Q(
        resolved_at=None, status__in=[Report.Status.REJECTED, Report.Status.DUPLICATE], updated_at__lt=before
    )
    photos = ReportPhoto.objects.filter(report__in=Report.objects.filter(closed))
    names = list(photos.values_list("image", flat=True))
    photos.delete()
    delete_files(names)
    return len(names)


def register() -> None:
    # How the readable copy (summary.html) presents them: the models' verbose names and
    # choices, and words for the keys that are no field of theirs.
    register_data_section(
        "volunteering",
        collect_volunteering,
        title=_("Volunteering and activities"),
        models={
            ("team",): "volunteers.TeamMembership",
            ("signups",): "volunteers.Signup",
            ("grid",): "volunteers.GridAppointment",
            ("party_declaration",): "volunteers.PartyDeclaration",
            ("signatures",): "volunteers.Signature",
        },
        labels={
            "home_community": _("Home community"),
            "record_code": _("Volunteer record code"),
            "team": _("Volunteer team"),
            "grid": _("Micro-grid appointments"),
            "party_declaration": _("Party membership declaration"),
            "signups": _("Activity sign-ups"),
            "activity": _("Activity"),
            "starts_at": _("Starts at"),
            "signed_up_at": _("Signed up at"),
            "signatures": _("Signatures"),
            "signed_at": _("Signed at"),
        },
    )
    register_data_section(
        "reports",
        collect_reports,
        title=_("My reports"),
        models={
            ("reports",): "volunteers.Report",
            ("reports", "updates"): "volunteers.ReportUpdate",
            ("me_too",): "volunteers.MeToo",
        },
        labels={
            "reports": _("Reports"),
            "updates": _("Updates"),
            "me_too": _("Reports I seconded"),
            "report": _("Report"),
        },
    )
    register_anonymiser(anonymise, order=50)
    register_deletion_loss(deletion_losses)
    register_retention("report_photos", purge_report_photos)
