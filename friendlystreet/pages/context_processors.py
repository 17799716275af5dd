from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from friendlystreet.accounts import roles
from friendlystreet.accounts.access import account_kind

from .nav import PUBLIC_NAV, RIDER_LINKS, STAFF_NAV, needing, staff_groups, visible


def site(request):
    user = getattr(request, "user", None) or AnonymousUser()
    signed_in = user.is_authenticated
    # Staff may open the redemption page too, but their menu is the staff area's (account_kind
    # asks staff first).
    kind = account_kind(user) if signed_in else "other"
    staff, partner = kind == "staff", kind == "partner"
    public_nav = SimpleLazyObject(lambda: visible(PUBLIC_NAV, user))
    groups = SimpleLazyObject(lambda: staff_groups(visible(STAFF_NAV, user)) if signed_in else [])
    return {
        "public_nav": public_nav,
        # A partner operator who rides too (a shop's staff member who signed up as a rider): the
        # counter's links fill the wide bar, their rider's pages go under ☰, which they then get
        # at every width (both in one bar ran past a 1280 px screen).
        "rider_pages_in_menu": SimpleLazyObject(lambda: partner and any(link.rider_perm for link in public_nav)),
        "is_staff_area_user": staff,
        "is_partner_user": partner,
        # The top bar and menu of those who may confirm vouchers: their home's redemption
        # links (staff, who have that permission too, have the staff area instead).
        "partner_nav": SimpleLazyObject(lambda: needing(RIDER_LINKS, roles.REDEMPTION_PAGE, user) if partner else []),
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        # Menus of the pages that show them (home, staff area), built only there.
        # The staff menu by group (the day's work first), and its links in that order.
        "staff_nav_groups": groups,
        "staff_nav": SimpleLazyObject(lambda: [link for _group, links in groups for link in links]),
        "home_links": SimpleLazyObject(lambda: visible(RIDER_LINKS, user) if signed_in else []),
    }
