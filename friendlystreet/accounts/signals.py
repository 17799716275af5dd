"""What makes the cached signed-in user (backends.py) stale, and forgets it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save

from .backends import PERMISSIONS_VERSION, SIGNED_IN_USER

_CHANGES = {"post_add", "post_remove", "post_clear", "pre_clear"}


def _user_saved_or_deleted(sender, instance, **kwargs) -> None:
    SIGNED_IN_USER.forget(instance.pk)


def _user_links_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """user.groups / user.user_permissions changed, from either side of the relation."""
    if action not in _CHANGES:
        return
    if not reverse:
        SIGNED_IN_USER.forget(instance.pk)
    elif action == "pre_clear":  # group.user_set.clear(): who is in it is known only before
        for user_id in sender.objects.filter(**{f"{_group_side(sender)}_id": instance.pk}).values_list("user_id", flat=True):
            SIGNED_IN_USER.forget(user_id)
    else:
        for user_id in pk_set or ():
            SIGNED_IN_USER.forget(user_id)


def _group_side(through) -> str:
    return "group" if through is get_user_model().groups.through else "permission"


def _permissions_changed(**kwargs) -> None:
    if kwargs.get("action", "post_add") in _CHANGES:
        PERMISSIONS_VERSION.bump()


def _token_changed(sender, instance, **kwargs) -> None:
    from friendlystreet.api.authentication import TOKEN_OWNER, token_digest

    TOKEN_OWNER.forget(token_digest(instance.key))


def connect() -> None:
    from rest_framework.authtoken.models import Token

    User = get_user_model()
    # A token deleted (signed out everywhere, revoked) or re-keyed stops working at once.
    post_save.connect(_token_changed, sender=Token, dispatch_uid="accounts.user_cache.token_saved")
    post_delete.connect(_token_changed, sender=Token, dispatch_uid="accounts.user_cache.token_deleted")
    post_save.connect(_user_saved_or_deleted, sender=User, dispatch_uid="accounts.user_cache.saved")
    post_delete.connect(_user_saved_or_deleted, sender=User, dispatch_uid="accounts.user_cache.deleted")
    for through in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(_user_links_changed, sender=through, dispatch_uid=f"accounts.user_cache.{through.__name__}")
    # A group's permissions, or the permissions and groups themselves (a superuser has all).
    m2m_changed.connect(_permissions_changed, sender=Group.permissions.through, dispatch_uid="accounts.user_cache.group_perms")
    for model in (Group, Permission):
        post_save.connect(_permissions_changed, sender=model, dispatch_uid=f"accounts.user_cache.{model.__name__}.saved")
        post_delete.connect(_permissions_changed, sender=model, dispatch_uid=f"accounts.user_cache.{model.__name__}.deleted")
