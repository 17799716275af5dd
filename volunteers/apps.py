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
        _register_earn_links()
        _register_payouts_to_come()


def _register_earn_links() -> None:
    """On "How to earn", the rules these pay lead to where they are earned (points.earning)."""
    from django.utils.translation import pgettext_lazy

    from points.earning import register_earn_link
    from points.models import Rule

    register_earn_link(Rule.ACTIVITY_ATTENDANCE, _("See the activities"), "volunteers:activity_list")
    for code in (Rule.REPORT_ACCEPTED, Rule.REPORT_ACCEPTED_GRID):
        register_earn_link(code, pgettext_lazy("button", "Report a problem"), "volunteers:report_new")


def _register_payouts_to_come() -> None:
    """Activities pay their attendance by a rule: switching it off is asked about first, with
    the activities named, and their riders are told once it is done (points.payouts_to_come)."""
    from points.payouts_to_come import register_payer

    from . import selectors, services

    register_payer(find=selectors.payouts_by_rule, switched_off=services.rule_switched_off)
