"""Token authentication for the app clients that takes the user from the per-user cache,
as signed-in pages do (friendlystreet/accounts/backends.py): DRF's own class spends a
query on the token with its user and two more on the permissions on every call.

Which user a token belongs to is kept in the cache too, under a digest of the token (never
the token itself), and forgotten when the token is deleted or replaced (accounts/signals.py).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import load_backend
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from friendlystreet.accounts import sessions
from friendlystreet.user_cache import PerUserCache

TOKEN_OWNER = PerUserCache("auth:token")
_seen_tokens = sessions.Owners()  # by digest


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class CachedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        digest = token_digest(key)
        owner = _seen_tokens.get(digest)
        # Seen before in this process: the token's owner, that user's cached values and the
        # page versions in one round trip, as a session does (accounts/sessions.py). The
        # remembered owner only chooses what to read: the token's cached entry decides.
        found = sessions.read_with_user(TOKEN_OWNER.keys(digest), owner) if owner and PerUserCache.enabled() else None
        user_id = TOKEN_OWNER.get(
            digest, lambda: Token.objects.filter(key=key).values_list("user_id", flat=True).first(), found=found
        )
        if user_id is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        _seen_tokens.remember(digest, user_id)
        # The first backend is the cached one; it refuses inactive users as sessions do.
        user = load_backend(settings.AUTHENTICATION_BACKENDS[0]).get_user(user_id)
        if user is None:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, key
