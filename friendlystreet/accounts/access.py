"""View guards. Services check permissions again: a view guard is a courtesy, not the rule."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from . import roles


def permission_required(perm: str):
    """Anonymous → login page; signed in without the permission → 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = permission_required(roles.STAFF_AREA)


class HasPerm(BasePermission):
    """DRF: `permission_classes = [HasPerm.of("points.review_claim")]`."""

    perm = ""

    @classmethod
    def of(cls, perm: str):
        return type(f"HasPerm_{perm.replace('.', '_')}", (cls,), {"perm": perm})

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(self.perm))


IsStaffArea = HasPerm.of(roles.STAFF_AREA)
