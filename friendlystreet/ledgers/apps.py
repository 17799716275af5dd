from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "friendlystreet.ledgers"
    label = "ledgers"
    verbose_name = _("Exports")

    def ready(self) -> None:
        from friendlystreet.accounts import roles
        from friendlystreet.audit.registry import register_action_labels
        from friendlystreet.notifications.schedule import PeriodicJob, register_periodic
        from friendlystreet.pages.nav import MANAGE, STAFF_NAV, NavLink
        from friendlystreet.privacy import access

        from .riders import register_riders_export
        from .services import PERM_EXPORT
        from .summary import register_monthly_summary

        register_action_labels(
            {
                "ledgers.export": _("Export made"),
                access.EXPORT_WITH_PERSONAL_DATA: _("Export made with names and phones unmasked"),
            }
        )
        roles.add_role_permissions(roles.REVIEWER, [PERM_EXPORT])
        roles.add_role_permissions(roles.STREET_ADMIN, [PERM_EXPORT])
        STAFF_NAV.append(NavLink(_("Exports"), "ledgers:export_list", PERM_EXPORT, order=60, group=MANAGE))
        register_periodic(
            PeriodicJob(
                name="ledgers.purge_exports",
                task="friendlystreet.ledgers.tasks.purge_exports",
                crontab={"minute": "15"},
                expire_seconds=3000,
                description="Delete exports (and their files) kept for 7 days; fail those whose worker died",
            )
        )
        register_riders_export()
        register_monthly_summary()
