"""Who reaches Django's admin, and what everyone else sees instead.

The admin's own sign-in form has no rate limit, so `/admin/login/` hands anonymous
visitors to allauth's sign-in (which has one), with their `?next=`. Django's admin
sends *every* visitor without admin permission to `/admin/login/`, signed in or not;
allauth's sign-in sends a signed-in visitor straight back to `next`, so a signed-in
rider, partner or reviewer went round `/admin/` → `/admin/login/` → `/accounts/login/`
→ `/admin/` until the browser gave up. Here the loop ends at `/admin/login/`: a
signed-in user who may not use the admin gets a 403 page saying so, with the way to
their own pages and a way to sign in with another account.

Why a 403 page and not a redirect home with a message: they asked for a page they may
not open; the page says that where they asked, the address stays the one they typed
(a staff member signed in with the wrong account sees why at once), and a client or
monitor sees the truth in the status code instead of a 302 that looks like success.
Django's own admin does the same at its login view: it tells a signed-in user without
permission that they are "not authorized" there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """Replaces `admin.site.login` (see friendlystreet/urls.py)."""
    if not request.user.is_authenticated:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(reverse("account_login") + (f"?{query}" if query else ""))
    if admin.site.has_permission(request):
        # Staff who open the admin's sign-in page while signed in go straight on.
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            next_url = reverse("admin:index")
        return HttpResponseRedirect(next_url)
    # Signing out leads to the sign-in page, which leads back to the admin.
    switch_next = reverse("account_login") + "?" + urlencode({"next": reverse("admin:index")})
    return render(request, "pages/admin_no_access.html", {"switch_next": switch_next}, status=403)
