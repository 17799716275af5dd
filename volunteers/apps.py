from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from . import setup

        setup.register()
        from .figures import register as register_dashboard  # the staff dashboard's figures and queues

        register_dashboard()
        from .exports import register_exports  # the staff exports (台账) of friendlystreet.ledgers

        register_exports()
        from .privacy import register as register_privacy  # riders' data rights (friendlystreet.privacy)

        register_privacy()
        from .home import register as register_home  # the rider home's "my next activity" panel

        register_home()
        from .api_profile import register as register_me_update  # PATCH /api/v1/me/: the profile page's fields

        register_me_update()
        _register_system_payouts()
        _register_payouts_to_come()


def _register_system_payouts() -> None:
    """The rules the system pays for attendance and accepted reports: what they pay for, what
    switching them off stops, and where a rider earns them (points.earning)."""
    from django.utils.translation import pgettext_lazy

    from points.earning import register_system_payout
    from points.models import Rule

    register_system_payout(
        Rule.ACTIVITY_ATTENDANCE,
        pays_for=_("check-ins at activities that pay by it"),
        when_off=_("riders checking in at an activity that pays by this rule get no points for it (the activity goes on)."),
        earn_label=_("See the activities"),
        earn_url_name="volunteers:activity_list",
    )
    report = pgettext_lazy("button", "Report a problem")
    register_system_payout(
        Rule.REPORT_ACCEPTED,
        pays_for=_("accepted reports"),
        when_off=_(
            "riders whose report is accepted get no points for it (reports are still accepted; micro-grid members "
            "are paid by their own rule)."
        ),
        earn_label=report,
        earn_url_name="volunteers:report_new",
    )
    register_system_payout(
        Rule.REPORT_ACCEPTED_GRID,
        pays_for=_("micro-grid members' accepted reports"),
        when_off=_("micro-grid members whose report is accepted are paid by the ordinary rule for accepted reports instead."),
        earn_label=report,
        earn_url_name="volunteers:report_new",
    )


def _register_payouts_to_come() -> None:
    """Activities pay their attendance by a rule: switching it off is asked about first, with
    the activities named, and their riders are told once it is done (points.payouts_to_come)."""
    from points.payouts_to_come import register_payer

    from . import selectors, services

    register_payer(find=selectors.payouts_by_rule, switched_off=services.rule_switched_off)
