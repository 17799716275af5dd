"""Authentication backends that keep the signed-in user, with their permissions, in the
shared cache (friendlystreet.user_cache): without it every signed-in page spent three
queries (user, user permissions, group permissions) before doing its own work.

Django still verifies the session against the user's password hash on every request
(auth.get_user), and `is_active` is checked on every request as before. Invalidation is
in signals.py: any save of the user, a change of their groups or permissions, or of any
group's permissions.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from friendlystreet.cache_versions import CacheVersion
from friendlystreet.user_cache import PerUserCache, get_user_with_prefetched

from . import sessions

# Any group's permissions, or the permissions themselves (a superuser has all), changed.
PERMISSIONS_VERSION = CacheVersion("auth:permissions")
SIGNED_IN_USER = PerUserCache("auth:user", depends_on=[PERMISSIONS_VERSION], signed_in_user=True)


class CachedUserMixin:
    def get_user(self, user_id):
        try:
            pk = get_user_model()._meta.pk.to_python(user_id)
        except Exception:  # noqa: BLE001 - a malformed session value is "no user", as in Django
            return None

        def build():
            user = super(CachedUserMixin, self).get_user(pk)
            if user is not None:
                # Fills user._perm_cache and friends, which are pickled along with the user.
                self.get_all_permissions(user)
            return user

        # Read together with the session, when the session store could (sessions.py).
        with_session = sessions.prefetched.get()
        sessions.prefetched.set(None)
        found = with_session[1] if with_session and with_session[0] == pk else None
        user = get_user_with_prefetched(SIGNED_IN_USER, pk, build, found)
        return user if user is not None and self.user_can_authenticate(user) else None


class CachedModelBackend(CachedUserMixin, ModelBackend):
    """Sign-in by username and password (staff, the admin) and force_login()."""


class CachedAllauthBackend(CachedUserMixin, AllauthBackend):
    """Sign-in by phone and password or code (riders), through allauth."""
