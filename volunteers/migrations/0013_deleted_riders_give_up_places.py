"""Riders whose account was deleted before 91bf83c give up what they still hold, as deletion has
done since (volunteers.privacy.anonymise): until then an anonymised rider kept their places and
waitlist spots at activities still to come (a full activity stayed full for nobody), their team
membership and their open micro-grid appointment.

A deleted (anonymised) account is one that is inactive and whose deletion request was carried
out (privacy.services.rider_anonymise: `done_at` set). An account staff merely closed (inactive,
no deletion carried out) keeps everything, as it does in the code.

For each such rider, as services.signups_give_up does: every registered or waitlisted sign-up of
a published activity that has not started, not checked in, is cancelled (status and
`cancelled_at`), audited as volunteers.signup_cancelled because account_deleted; past, started
and attended sign-ups stay (history). Then each of those activities' waitlist moves up into its
free places by the rule of services._fill_places: riders waiting by sign-up order (`queued_at`,
then id), passing over an inactive account and, at a team-only activity, a rider not in the
team; each audited as volunteers.waitlist_promoted. Their team membership or request ends as
left, their open micro-grid appointment ends today (not before it began), each audited.

A migration cannot tell the riders moved up: notify() needs the real models, the notice
templates and the delivery channels. Staff see them registered on the roster, and the evening
reminder (services.reminders_send, for `reminded_at` left empty) tells them the day before an
activity that starts tomorrow or later. Running it again changes nothing (what it cancels is no
longer live). Forward only: the reverse leaves things as they are."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone

BECAUSE = "account_deleted"  # services.GIVEN_UP_ACCOUNT_DELETED


def deleted_riders(apps):
    User = apps.get_model("accounts", "User")
    DeletionRequest = apps.get_model("privacy", "DeletionRequest")
    carried_out = DeletionRequest.objects.filter(rider=OuterRef("pk"), done_at__isnull=False)
    return User.objects.filter(is_active=False).filter(Exists(carried_out))


def give_up_places(apps, schema_editor):
    Activity = apps.get_model("volunteers", "Activity")
    Signup = apps.get_model("volunteers", "Signup")
    TeamMembership = apps.get_model("volunteers", "TeamMembership")
    GridAppointment = apps.get_model("volunteers", "GridAppointment")
    AuditEntry = apps.get_model("audit", "AuditEntry")

    def audit(actor_id, action, target_type, target_id, data=None):
        AuditEntry.objects.create(
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            data=data or {},
        )

    now = timezone.now()
    today = now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()  # friendlystreet.days.local_today
    riders = deleted_riders(apps)
    live = (
        Signup.objects.filter(
            rider__in=riders,
            status__in=["registered", "waitlisted"],
            activity__state="published",
            activity__starts_at__gt=now,
        )
        .exclude(attendance="attended")
        .order_by("activity_id", "id")
    )
    touched = set()
    for activity_id in sorted(set(live.values_list("activity_id", flat=True))):
        # The lock order of every sign-up: the activity, then its sign-ups.
        activity = Activity.objects.select_for_update().get(pk=activity_id)
        for signup in live.select_for_update().filter(activity=activity):
            before = signup.status
            signup.status = "cancelled"
            signup.cancelled_at = now
            signup.save(update_fields=["status", "cancelled_at"])
            audit(
                signup.rider_id,
                "volunteers.signup_cancelled",
                "volunteers.signup",
                signup.pk,
                {"changes": {"status": [before, "cancelled"]}, "because": BECAUSE},
            )
            touched.add(activity.pk)
        if activity.pk in touched:
            fill_places(Signup, activity, audit)

    for membership in TeamMembership.objects.filter(rider__in=riders, status__in=["member", "requested"]):
        membership.status = "left"
        membership.save(update_fields=["status"])
        audit(membership.rider_id, "volunteers.team_left", "accounts.user", membership.rider_id)

    for appointment in GridAppointment.objects.filter(rider__in=riders, ended_on__isnull=True):
        appointment.ended_on = max(today, appointment.appointed_on)
        appointment.save(update_fields=["ended_on"])
        audit(
            appointment.rider_id,
            "volunteers.grid_ended",
            "volunteers.gridappointment",
            appointment.pk,
            {"ended_on": appointment.ended_on.isoformat()},
        )


def fill_places(Signup, activity, audit):
    """services._fill_places without the notice: the first riders waiting, active and (at a
    team-only activity) in the team, by sign-up order, take the free places."""
    free = activity.capacity - Signup.objects.filter(activity=activity, status="registered").count()
    if free <= 0:
        return
    waiting = Signup.objects.filter(activity=activity, status="waitlisted", rider__is_active=True)
    if activity.team_only:
        waiting = waiting.filter(rider__team_membership__status="member")
    for signup in waiting.select_for_update(of=("self",)).order_by("queued_at", "id")[:free]:
        signup.status = "registered"
        signup.save(update_fields=["status"])
        audit(None, "volunteers.waitlist_promoted", "volunteers.signup", signup.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0012_report_answered_by_an_update"),
        ("privacy", "0001_initial"),
        ("audit", "0003_keyset_indexes_by_action_and_actor"),
    ]

    operations = [
        migrations.RunPython(give_up_places, migrations.RunPython.noop, elidable=True),
    ]
