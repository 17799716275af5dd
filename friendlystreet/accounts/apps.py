from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "friendlystreet.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
        _register_users_and_roles()
        _connect_account_language()


def _sync_roles_after_migrate(sender, **kwargs) -> None:
    """Once per migrate (or flush), after the last app's post_migrate: by then every app's
    permissions exist. Run after each app, it was 19 syncs a migrate, and every test that
    empties the tables (the browser stories) paid for all of them."""
    from django.apps import apps

    from .roles import sync_roles

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is last:
        sync_roles()


def _register_users_and_roles() -> None:
    """The street admins' users and roles pages (staff_views.py): their menu link and the words
    the audit trail reads for what they write."""
    from friendlystreet.audit.registry import register_action_labels, register_detail_labels, register_object_page
    from friendlystreet.notifications import kinds
    from friendlystreet.pages.nav import MANAGE, STAFF_NAV, NavLink, add_links

    from . import roles
    from .staff_users import CHANGEABLE_ROLES, KIND_ACCOUNT_CREATED, MANAGE_USERS

    add_links(STAFF_NAV, NavLink(_("Users and roles"), "staff_users:list", MANAGE_USERS, order=700, group=MANAGE))
    # A user's page, which the audit trail opens for an entry about them.
    register_object_page(settings.AUTH_USER_MODEL.lower(), "staff_users:detail", MANAGE_USERS)
    register_action_labels(
        {
            "accounts.account_created": _("Account opened by a street admin"),
            "accounts.roles_changed": _("Roles changed"),
            "accounts.operator_venue_added": _("Venue added to a partner operator"),
            "accounts.operator_venue_removed": _("Venue taken from a partner operator"),
            "accounts.user_activated": _("Account activated"),
            "accounts.user_deactivated": _("Account deactivated"),
            "accounts.phone_changed": _("Phone number changed"),
            # Mirrored from Django's admin (admin_policy.AuditedAdmin).
            "admin.added": _("Added in the site administration"),
            "admin.changed": _("Changed in the site administration"),
            "admin.deleted": _("Deleted in the site administration"),
        }
    )
    # The keys those entries write that are not fields of the user: one per role (held
    # before → after), and the venues a partner operator confirms vouchers for.
    register_detail_labels(
        {
            **{code: roles.ROLE_LABELS[code] for code in CHANGEABLE_ROLES},
            "venues": _("Venues operated"),
            "admin_record": _("What the site administration recorded"),
        }
    )
    # How the holder of an account a street admin opened signs in (staff_users.account_create):
    # by SMS always, as nobody else can tell them; no password exists to pass on.
    kinds.register(
        kinds.Kind(
            code=KIND_ACCOUNT_CREATED,
            group=kinds.MY_ACCOUNT,
            label=_("An account opened for me by the street office"),
            title=_("Your Friendly Street account"),
            body=_(
                "The street office has opened a Friendly Street account for you (%(roles)s). To sign in, open "
                "%(url)s, enter this mobile number and the code we send you by SMS. No password is needed."
            ),
            default_channels=(kinds.IN_APP, kinds.SMS),
            required_channels=(kinds.SMS,),
        )
    )


def _connect_account_language() -> None:
    """Signing in brings the account's language (language.py); GET /api/v1/me/ says it, so an
    app can show itself in it too (read-only: /me has no update path)."""
    from allauth.account.signals import user_logged_in
    from rest_framework import serializers

    from friendlystreet.api.me import register_me_field

    from . import language

    user_logged_in.connect(language.on_login, dispatch_uid="accounts.language_on_login")

    def language_field() -> serializers.Field:
        return serializers.ChoiceField(
            choices=settings.LANGUAGES,
            allow_blank=True,
            read_only=True,
            help_text="The language the user chose on the site: their notifications and SMS are written in it. "
            "Empty if they never chose (the site's language, zh-hans, for what is sent to them).",
        )

    register_me_field("language", language_field)
