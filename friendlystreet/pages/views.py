from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import resolve
from django.utils.translation import gettext as _

from friendlystreet.accounts import roles
from friendlystreet.accounts.access import RiderOnly, account_kind, needs_join_steps
from friendlystreet.accounts.roles import ROLE_LABELS, role_names
from friendlystreet.notifications import selectors as notification_selectors

from . import panels
from .paths import static_path

# The rider home's "rest stations open near me" panel, which the venues app registers: the
# landing page shows the same one to visitors.
NEARBY_PANEL = "home/venues_nearby.html"


def landing(request):
    """The public start page. First the nearest open rest stations, with the very panel and
    script the rider home uses (its context names only public addresses), then how joining
    works, for visitors and riders still to be verified (the steps they have done say so).
    Signed in, each finds their own next steps instead of a rider's: staff today's queues and
    their dashboard, a partner operator the counter's pages (the top bar's partner links)."""
    from friendlystreet.dashboard.queues import today_for

    user = request.user
    kind = account_kind(user) if user.is_authenticated else None
    nearby = next((p.context(request) for p in panels.home_panels if p.template == NEARBY_PANEL), None)
    context = {
        "nearby": nearby,
        "nearby_template": NEARBY_PANEL,
        "show_join_steps": needs_join_steps(user),
    }
    if kind == "staff":
        context["lines"] = today_for(user)
    return render(request, "pages/landing.html", context)


def points_rules(request):
    """积分规则: the rules the points code applies to everyone, in words. The figures that a
    deployment sets come from the settings the code reads; what each rule or reward sets for
    itself (points, caps, a voucher's days) is on its own page, linked from here."""
    return render(
        request,
        "pages/points_rules.html",
        {
            "claim_window_days": settings.POINTS_CLAIM_WINDOW_DAYS,
            "cooling_off_days": settings.PRIVACY_DELETION_COOLING_OFF_DAYS,
        },
    )


def privacy_notice(request):
    return render(request, "pages/privacy.html")


@login_required
def home(request):
    """The signed-in user's start page; each role sees its own shortcuts. Staff (reviewers,
    street admins) see their work: the queues of today with counts and links, and the staff
    area's pages, not a rider's buttons; a partner operator the redemption page; everyone
    else the links their permissions open."""
    from friendlystreet.dashboard.queues import today_for

    user = request.user
    if user.has_perm(roles.STAFF_AREA):
        return render(request, "pages/home.html", {"lines": today_for(user)})
    if user.has_perm(roles.REDEMPTION_PAGE):
        # A partner operator comes to confirm vouchers: their home is the redemption page
        # itself, the code box first, with their other pages under it. Its view is found by
        # name, as the menus find pages: this app imports no feature app.
        return resolve(static_path("points:redeem_page")).func(request, home=True)
    # A rider's "what now": the panels the feature apps registered (balance, nearby stations,
    # next activity, verification), the unread notices, then the actions.
    unread = notification_selectors.unread_count(user=user)
    notices = (
        list(notification_selectors.inbox(user=user, unread_only=True).only("id", "title", "created_at")[:3]) if unread else []
    )
    return render(
        request,
        "pages/home.html",
        {"panels": panels.render_home_context(request), "unread_notices": notices, "unread_total": unread},
    )


@login_required
def profile(request):
    roles = [ROLE_LABELS[r] for r in role_names(request.user)]
    return render(request, "pages/profile.html", {"roles": roles, "panels": panels.render_context(request)})


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def error_404(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"message": _("Not found."), "code": "not_found", "fields": {}}, status=404)
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    if isinstance(exception, RiderOnly):
        # A rider's page opened by a partner operator or staff: whose page it is, whose
        # account theirs is, and the way to their own start (friendlystreet/accounts/access.py).
        if _wants_json(request):
            return JsonResponse({"message": exception.message, "code": exception.code, "fields": {}}, status=403)
        return render(request, "403_rider_only.html", {"refusal": exception}, status=403)
    if _wants_json(request):
        return JsonResponse(
            {"message": _("You do not have permission to do this."), "code": "permission_denied", "fields": {}},
            status=403,
        )
    return render(request, "403.html", status=403)


def error_400(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"message": _("Bad request."), "code": "bad_request", "fields": {}}, status=400)
    return render(request, "400.html", status=400)


def error_500(request):
    if _wants_json(request):
        return JsonResponse({"message": _("Server error."), "code": "server_error", "fields": {}}, status=500)
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    if _wants_json(request):
        return JsonResponse(
            {"message": _("CSRF check failed: reload the page and try again."), "code": "csrf_failed", "fields": {}},
            status=403,
        )
    return render(request, "403_csrf.html", status=403)
