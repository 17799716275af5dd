from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from friendlystreet.accounts import roles

from .nav import PUBLIC_NAV, RIDER_LINKS, STAFF_NAV, needing, visible


def site(request):
    user = getattr(request, "user", None) or AnonymousUser()
    signed_in = user.is_authenticated
    staff = signed_in and user.has_perm(roles.STAFF_AREA)
    # Staff may open the redemption page too, but their menu is the staff area's.
    partner = signed_in and not staff and user.has_perm(roles.REDEMPTION_PAGE)
    return {
        "public_nav": SimpleLazyObject(lambda: visible(PUBLIC_NAV, user)),
        "is_staff_area_user": staff,
        "is_partner_user": partner,
        # The top bar and menu of those who may confirm vouchers: their home's redemption
        # links (staff, who have that permission too, have the staff area instead).
        "partner_nav": SimpleLazyObject(
            lambda: needing(RIDER_LINKS, roles.REDEMPTION_PAGE, user) if partner and not staff else []
        ),
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        # Menus of the pages that show them (home, staff area), built only there.
        "staff_nav": SimpleLazyObject(lambda: visible(STAFF_NAV, user) if signed_in else []),
        "home_links": SimpleLazyObject(lambda: visible(RIDER_LINKS, user) if signed_in else []),
    }
