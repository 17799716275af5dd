"""Authentication backends: Django's (username and password: staff, the admin, force_login)
and allauth's (phone and password or code: riders), reading a user's permissions from their
role groups in one query, instead of ModelBackend's two (the user's own, then their groups').

The permissions are kept on this request's user object only, as Django keeps them: nothing
about a user's rights outlives the request, so a role taken away, or an account
deactivated by any means (a queryset update included), counts from the next request.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthAuthenticationBackend
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Group, Permission

PERMISSIONS_ATTR = "fs_permissions"


def role_permissions(user_obj) -> set[str]:
    """The permissions of the user's role groups ("app.codename"), whatever is_superuser says:
    what their roles give them. Rights come from the role groups only (the admin offers no
    per-user permissions). Not cached: has_perm() (below) keeps its own answer per request."""
    # The user's groups as a subquery, not `group__user`, which joins auth_group for nothing:
    # PostgreSQL plans this a third faster, and every signed-in request runs it.
    # get_user_model(), not type(user_obj): request.user is a lazy wrapper.
    groups = get_user_model().groups.through.objects.filter(user_id=user_obj.pk).values("group_id")
    granted = Group.permissions.through.objects.filter(group_id__in=groups).values_list(
        "permission__content_type__app_label", "permission__codename"
    )
    return {f"{app}.{codename}" for app, codename in granted}


class OneQueryPermissions:
    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        perms = getattr(user_obj, PERMISSIONS_ATTR, None)
        if perms is None:
            if user_obj.is_superuser:
                granted = Permission.objects.values_list("content_type__app_label", "codename")
                perms = {f"{app}.{codename}" for app, codename in granted}
            else:
                perms = role_permissions(user_obj)
            # Both backends are asked for a permission the user lacks: they share this.
            setattr(user_obj, PERMISSIONS_ATTR, perms)
        return perms


class ModelBackend(OneQueryPermissions, backends.ModelBackend):
    """Sign-in by username and password, and force_login()."""


class AllauthBackend(OneQueryPermissions, AllauthAuthenticationBackend):
    """Sign-in by phone and password or code, through allauth."""
