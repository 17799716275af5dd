from __future__ import annotations

from django.conf import settings

from friendlystreet.accounts import roles

from .nav import PUBLIC_NAV, RIDER_LINKS, STAFF_NAV, visible


def site(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "is_staff_area_user": signed_in and user.has_perm(roles.STAFF_AREA),
        "is_partner_user": signed_in and user.has_perm(roles.REDEMPTION_PAGE),
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        "staff_nav": visible(STAFF_NAV, user) if signed_in else [],
        "home_links": visible(RIDER_LINKS, user) if signed_in else [],
        "public_nav": visible(PUBLIC_NAV, user) if user else [],
    }
