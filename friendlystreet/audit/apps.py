from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "friendlystreet.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from friendlystreet.accounts import roles
        from friendlystreet.pages.nav import MANAGE, STAFF_NAV, NavLink

        from .selectors import PERM_VIEW

        # The audit trail is the street admins' (issue 17).
        roles.add_role_permissions(roles.STREET_ADMIN, [PERM_VIEW])
        STAFF_NAV.append(NavLink(_("Audit trail"), "audit:audit_list", PERM_VIEW, order=800, group=MANAGE))
