from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from friendlystreet.accounts import roles

from .nav import PUBLIC_NAV, RIDER_LINKS, STAFF_NAV, visible


def site(request):
    user = getattr(request, "user", None) or AnonymousUser()
    signed_in = user.is_authenticated
    return {
        "public_nav": SimpleLazyObject(lambda: visible(PUBLIC_NAV, user)),
        "is_staff_area_user": signed_in and user.has_perm(roles.STAFF_AREA),
        "is_partner_user": signed_in and user.has_perm(roles.REDEMPTION_PAGE),
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        # Menus of the pages that show them (home, staff area), built only there.
        "staff_nav": SimpleLazyObject(lambda: visible(STAFF_NAV, user) if signed_in else []),
        "home_links": SimpleLazyObject(lambda: visible(RIDER_LINKS, user) if signed_in else []),
    }
