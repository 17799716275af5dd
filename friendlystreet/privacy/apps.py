from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "friendlystreet.privacy"
    label = "privacy"
    verbose_name = _("Data rights")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from friendlystreet.accounts import roles
        from friendlystreet.audit.registry import register_action_labels, register_detail_choices
        from friendlystreet.notifications import kinds
        from friendlystreet.notifications.schedule import PeriodicJob, register_periodic
        from friendlystreet.pages.panels import register_profile_panel

        from . import access, accounts_data, services
        from .registry import register_anonymiser, register_data_section
        from .views import profile_panel

        # Street admins see riders' full names and phones (each reveal, with its reason, is
        # on the audit trail) and anonymise a rider who asks in person.
        roles.add_role_permissions(roles.STREET_ADMIN, [access.PERM_PERSONAL_DATA, services.PERM_ANONYMISE])
        # The audit trail reads "purpose: verifying the rider's identity", not the stored code.
        register_detail_choices("purpose", access.REASONS)
        register_action_labels(
            {
                "privacy.export_requested": _("Personal data download requested"),
                "privacy.deletion_requested": _("Account deletion requested"),
                "privacy.deletion_cancelled": _("Account deletion cancelled"),
                "privacy.rider_anonymised": _("Rider anonymised"),
            }
        )
        register_data_section(
            "account",
            accounts_data.collect,
            title=_("My account"),
            models={
                ("profile",): settings.AUTH_USER_MODEL,
                ("notifications",): "notifications.Notification",
                ("notification_settings",): "notifications.ChannelPreference",
            },
        )
        register_anonymiser(accounts_data.anonymise, order=1000)
        register_profile_panel("privacy/profile_panel.html", profile_panel)
        # Django's user_logged_in: every sign-in (allauth's password and SMS code, headless)
        # goes through django.contrib.auth.login(), which sends it.
        user_logged_in.connect(services.on_login, dispatch_uid="privacy.cancel_deletion_on_login")

        # Notices about the account's safety go by SMS too, always: a rider who did not ask
        # for the deletion learns of it in time (the settings page shows them as always on).
        both = (kinds.IN_APP, kinds.SMS)
        kinds.register(
            kinds.Kind(
                code=services.KIND_EXPORT_READY,
                group=kinds.MY_ACCOUNT,
                label=_("My data export is ready"),
                title=_("Your data is ready to download"),
                body=_("The file with your data is ready. The link works for %(hours)s hours."),
            )
        )
        kinds.register(
            kinds.Kind(
                code=services.KIND_DELETION_SCHEDULED,
                group=kinds.MY_ACCOUNT,
                label=_("My account is going to be deleted"),
                title=_("Your account will be deleted"),
                body=_(
                    "Your account will be deleted on %(date)s, with your personal information. "
                    "Sign in or cancel on your profile before then to keep it."
                ),
                default_channels=both,
                required_channels=(kinds.SMS,),
            )
        )
        kinds.register(
            kinds.Kind(
                code=services.KIND_DELETION_CANCELLED,
                group=kinds.MY_ACCOUNT,
                label=_("My account deletion was cancelled"),
                title=_("Account deletion cancelled"),
                body=_("Your request to delete your account was cancelled; your account stays as it is."),
                default_channels=both,
                required_channels=(kinds.SMS,),
            )
        )
        register_periodic(
            PeriodicJob(
                name="privacy.run_due_deletions",
                task="friendlystreet.privacy.tasks.run_due_deletions",
                crontab={"minute": "40"},
                expire_seconds=3000,
                description="Anonymise riders whose deletion cooling-off period is over",
            )
        )
        register_periodic(
            PeriodicJob(
                name="privacy.apply_retention",
                task="friendlystreet.privacy.tasks.apply_retention",
                crontab={"minute": "20", "hour": "3"},
                expire_seconds=6 * 3600,
                description=(
                    "Delete claim, report and refused tip photos and verification screenshots after their"
                    " retention time, old notifications, expired data exports"
                ),
            )
        )
