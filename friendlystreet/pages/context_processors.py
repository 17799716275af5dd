from __future__ import annotations

from django.conf import settings

from friendlystreet.accounts import roles

# Feature apps add entries to the navigation here (label, url name, permission or None).
STAFF_NAV: list[tuple] = []


def site(request):
    user = getattr(request, "user", None)
    return {
        "is_staff_area_user": bool(user and user.is_authenticated and user.has_perm(roles.STAFF_AREA)),
        "is_partner_user": bool(user and user.is_authenticated and user.has_perm(roles.REDEMPTION_PAGE)),
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        "staff_nav": STAFF_NAV,
    }
