from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "friendlystreet.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from friendlystreet.accounts import roles
        from friendlystreet.pages.nav import STAFF_NAV, WORK, NavLink

        from . import conf, kinds, schedule
        from .digest import DIGEST_PERM
        from .services import DIGEST_KIND, MANAGE_DELIVERIES

        roles.add_role_permissions(roles.REVIEWER, [DIGEST_PERM])
        roles.add_role_permissions(roles.STREET_ADMIN, [DIGEST_PERM, MANAGE_DELIVERIES])
        # The menu names the whole list; the page opens on the failed ones and heads each status.
        STAFF_NAV.append(NavLink(_("Deliveries"), "notifications:staff_deliveries", MANAGE_DELIVERIES, order=900, group=WORK))

        kinds.register(
            kinds.Kind(
                code="welcome",
                group=kinds.MY_ACCOUNT,
                perm=roles.RIDER_NOTICES,
                label=_("Welcome message"),
                title=_("Welcome to Friendly Street"),
                body=_("Find warm venues near you, earn points by helping out and redeem them with partner merchants."),
            )
        )
        kinds.register(
            kinds.Kind(
                code=DIGEST_KIND,
                group=kinds.WORK_REMINDERS,
                label=_("Morning digest of pending work"),
                title=_("Waiting for you this morning"),
                body=_("Pending work:\n%(lines)s"),
                sms=_("Pending work: %(summary)s. Please review it in the staff area."),
                default_channels=(kinds.IN_APP, kinds.SMS),
                optional_channels=(kinds.EMAIL,),
                perm=DIGEST_PERM,
            )
        )

        schedule.register_periodic(
            schedule.PeriodicJob(
                name="notifications.sweep_deliveries",
                task="friendlystreet.notifications.tasks.sweep_deliveries",
                every_seconds=conf.get("NOTIFICATIONS_SWEEP_INTERVAL_SECONDS"),
                # A sweep nobody ran in time is dropped: the next one does the same work.
                expire_seconds=max(conf.get("NOTIFICATIONS_SWEEP_INTERVAL_SECONDS") - 10, 10),
                description="Re-queue SMS/e-mail deliveries whose task was lost (broker down)",
            )
        )
        schedule.register_periodic(
            schedule.PeriodicJob(
                name="notifications.reviewer_digest",
                task="friendlystreet.notifications.tasks.send_reviewer_digest",
                crontab={"minute": "30", "hour": "8"},
                description="Morning digest of pending work for reviewers (08:30)",
            )
        )
        post_migrate.connect(schedule.sync_after_migrate, sender=self, dispatch_uid="notifications.sync_periodic_tasks")
