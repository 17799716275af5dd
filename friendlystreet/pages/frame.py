"""The top bar and the footer of every page, rendered once and kept: for visitors per
language (in each process's memory), for a signed-in user per user (friendlystreet/
user_cache.py: until their roles, permissions or unread count change, read in the same
round trip as the session). They were a third of a signed-in page's time.

What differs per request is put in on the way out: this request's CSRF token
(<!--csrf-->) and the path to come back to after switching the language (<!--next-->).
"""

from __future__ import annotations

from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from friendlystreet.accounts import roles
from friendlystreet.accounts.backends import PERMISSIONS_VERSION, SIGNED_IN_USER
from friendlystreet.cache_versions import remember_immutable
from friendlystreet.notifications.selectors import UNREAD_COUNT
from friendlystreet.user_cache import PerUserCache

from .nav import PUBLIC_NAV, visible

SIGNED_IN_FRAME = PerUserCache("pages:frame", depends_on=[SIGNED_IN_USER, PERMISSIONS_VERSION, UNREAD_COUNT], prefetch=True)


def _render(user, language: str) -> dict[str, str]:
    context = {
        "user": user,
        "public_nav": visible(PUBLIC_NAV, user),
        "is_staff_area_user": user.is_authenticated and user.has_perm(roles.STAFF_AREA),
    }
    return {
        "language": language,
        "header": render_to_string("includes/topbar.html", context),
        "footer": render_to_string("includes/footer.html", context),
    }


def csrf_field(request) -> str:
    """The CSRF hidden input for cached HTML's <!--csrf--> marks: one masked token for
    every form of the page (masking draws 32 random characters each time)."""
    field = getattr(request, "_fs_csrf_field", None)
    if field is None:
        field = request._fs_csrf_field = str(csrf_input(request))
    return field


class Frame:
    def __init__(self, request) -> None:
        self.request = request

    @cached_property
    def _parts(self) -> dict[str, str]:
        user = self.request.user
        language = get_language()
        if not user.is_authenticated:
            return remember_immutable(f"pages:frame:anonymous:{language}", lambda: _render(user, language), 3600)
        parts = SIGNED_IN_FRAME.get(user, lambda: _render(user, language))
        if parts["language"] != language:  # one language kept per user: they rarely switch
            SIGNED_IN_FRAME.forget(user)
            parts = SIGNED_IN_FRAME.get(user, lambda: _render(user, language))
        return parts

    def _finish(self, html: str) -> str:
        html = html.replace("<!--csrf-->", csrf_field(self.request))
        return mark_safe(html.replace("<!--next-->", escape(self.request.get_full_path())))  # noqa: S308 - our own rendering

    @property
    def header(self) -> str:
        return self._finish(self._parts["header"])

    @property
    def footer(self) -> str:
        return self._finish(self._parts["footer"])
