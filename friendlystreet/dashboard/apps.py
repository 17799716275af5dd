from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The staff dashboard's shell: today's work, the figures, charts, communities, partners.
    Feature apps fill it from their own ready() (registry.py); it never imports them."""

    name = "friendlystreet.dashboard"
    label = "dashboard"
    verbose_name = _("Staff dashboard")

    def ready(self) -> None:
        from friendlystreet.notifications import kinds, schedule
        from friendlystreet.notifications.digest import DigestSource, register_digest_source

        from . import queues

        kinds.register(
            kinds.Kind(
                code=queues.ARRIVAL_KIND,
                group=kinds.WORK_REMINDERS,
                label=_("New work in a queue I handle"),
                title=_("New in “%(queue)s”"),
                body=_("“%(queue)s” was empty and now has %(count)s waiting."),
                default_channels=(kinds.IN_APP,),
                optional_channels=(kinds.SMS, kinds.EMAIL),
                perm="accounts.access_staff_area",
            )
        )
        schedule.register_periodic(
            schedule.PeriodicJob(
                name="dashboard.refresh_queues",
                task="friendlystreet.dashboard.tasks.refresh_queues",
                every_seconds=queues.REFRESH_SECONDS,
                expire_seconds=queues.REFRESH_SECONDS - 10,
                description="Count the queues of today's work for the staff badges; tell staff of new work",
            )
        )
        # Failed deliveries belong to this project package too (notifications): their line of
        # the digest and of today's work.
        register_digest_source(
            DigestSource(
                code="notifications.failed_deliveries",
                label=_("Failed deliveries"),
                count=lambda user: _failed_deliveries(),
                perm="notifications.manage_deliveries",
                order=90,
                url_name="notifications:staff_deliveries",
                queue="deliveries_failed",
            )
        )


def _failed_deliveries() -> int:
    from friendlystreet.notifications.models import Delivery

    return Delivery.objects.filter(status=Delivery.Status.FAILED).count()
