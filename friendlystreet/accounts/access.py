"""View guards. Services check permissions again: a view guard is a courtesy, not the rule."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.permissions import SAFE_METHODS, BasePermission

from friendlystreet.api.errors import DomainError

from . import roles
from .models import Verification


def _signed_in_and(check):
    """A view guard: anonymous → login page; signed in → `check(user)`, which raises to refuse."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(request.user)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def permission_required(perm: str):
    """Anonymous → login page; signed in without the permission → 403."""

    def check(user) -> None:
        if not user.has_perm(perm):
            raise PermissionDenied

    return _signed_in_and(check)


staff_required = permission_required(roles.STAFF_AREA)


# --- the rider's pages ----------------------------------------------------------------------------
# A partner operator (or staff) who opens a rider's page by its address (an old bookmark, a
# link passed on) has no passbook, claims or vouchers: an empty page would look like lost
# points. They are told whose page it is and what their own account is, with the way to their
# own start (the counter, the staff dashboard); the API says the same with the code rider_only,
# in its own words: an app calls an operation (buy, report, the passbook), not a page.

RIDER_ONLY_WORDS = {
    "staff": _("This page is for riders; your account is a street-office staff account."),
    "partner": _("This page is for riders; your account is a partner operator's account."),
    "other": _("This page is for riders; your account is not a rider's account."),
}
RIDER_ONLY_API_WORDS = {
    "staff": _("Only riders can do this; your account is a street-office staff account."),
    "partner": _("Only riders can do this; your account is a partner operator's account."),
    "other": _("Only riders can do this; your account is not a rider's account."),
}


def account_kind(user) -> str:
    """Whose start the user has: "staff" (the staff dashboard), "partner" (the counter) or
    "other"; staff first, as their home and menus are (friendlystreet.pages)."""
    if user.has_perm(roles.STAFF_AREA):
        return "staff"
    if user.has_perm(roles.REDEMPTION_PAGE):
        return "partner"
    return "other"


# The rider's permission that the "how to join" steps lead to and verification opens (claiming:
# the screenshot page asks it). Named, not imported: friendlystreet imports no feature app.
JOINING_PERM = "points.submit_claim"


def needs_join_steps(user) -> bool:
    """Who is shown how to join (sign up, the screenshot, verification): a visitor, a rider to be;
    a signed-in rider not verified yet. Not staff, whatever else they hold: their start is the
    staff dashboard, and a superuser holds the rider's permission too. The one rule of the start
    page and the how-to-earn page."""
    if not user.is_authenticated:
        return True
    return account_kind(user) != "staff" and user.has_perm(JOINING_PERM) and user.verification != Verification.VERIFIED


class RiderOnly(DomainError, PermissionDenied):
    """A rider's page or action refused to a signed-in user who is not a rider. A page answers
    it with the 403 page for riders' pages (friendlystreet.pages.views.error_403) and its
    `page_message`, the API with 403 {"code": "rider_only"} and `message` (it is a DomainError,
    and every JSON answer of it reads `message`)."""

    code = "rider_only"
    status_code = status.HTTP_403_FORBIDDEN

    def __init__(self, user) -> None:
        self.account = account_kind(user)
        self.page_message = str(RIDER_ONLY_WORDS[self.account])
        super().__init__(RIDER_ONLY_API_WORDS[self.account])


def rider_check(user, perm: str) -> None:
    """The one rule of the rider's pages and API: a signed-in user without the rider's
    permission `perm` (points.submit_claim, points.redeem_reward, volunteers.join_activities...)
    is refused with RiderOnly."""
    if not user.has_perm(perm):
        raise RiderOnly(user)


def rider_required(perm: str):
    """A rider's page: anonymous → login page; signed in without `perm` → RiderOnly (403)."""
    return _signed_in_and(lambda user: rider_check(user, perm))


class HasPerm(BasePermission):
    """DRF: `permission_classes = [HasPerm.of("points.review_claim")]`."""

    perm = ""

    @classmethod
    def of(cls, perm: str):
        return type(f"HasPerm_{perm.replace('.', '_')}", (cls,), {"perm": perm})

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(self.perm))


class IsRider(HasPerm):
    """DRF: a rider's endpoint, `IsRider.of("points.redeem_reward")`: anonymous → 401, signed in
    without the permission → 403 rider_only. `staff_reads=` names a staff permission whose
    holders read the endpoint too (GET: the list of claims is a reviewer's queue), never write."""

    staff_reads = ""

    @classmethod
    def of(cls, perm: str, *, staff_reads: str = ""):
        name = f"IsRider_{perm.replace('.', '_')}" + (f"_or_{staff_reads.replace('.', '_')}" if staff_reads else "")
        return type(name, (cls,), {"perm": perm, "staff_reads": staff_reads})

    def staff_may(self, method: str) -> bool:
        return bool(self.staff_reads) and method in SAFE_METHODS

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if self.staff_may(request.method) and user.has_perm(self.staff_reads):
            return True
        rider_check(user, self.perm)
        return True


IsStaffArea = HasPerm.of(roles.STAFF_AREA)
