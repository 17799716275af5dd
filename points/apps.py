from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = _("Points")

    def ready(self) -> None:
        _register_roles()
        _register_notification_kinds()
        _register_navigation()
        _register_me_extension()
        _register_digest_sources()
        _subscribe_to_venues()
        _bump_the_public_version_on_writes()
        _register_rewards()
        _register_audit_labels()
        _register_audit_pages()
        from .figures import register as register_dashboard  # the staff dashboard's figures and queues

        register_dashboard()
        from .exports import register_exports  # the staff exports (台账) of friendlystreet.ledgers

        register_exports()
        from .privacy import register as register_privacy  # riders' data rights (friendlystreet.privacy)

        register_privacy()
        from .home import register as register_home  # the rider home's balance and verification panels

        register_home()
        from .backups import register as register_backups  # balances beside their ledgers in a backup's manifest

        register_backups()


def _register_roles() -> None:
    from friendlystreet.accounts import roles

    roles.add_role_permissions(roles.RIDER, ["points.submit_claim"])
    roles.add_role_permissions(roles.REVIEWER, ["points.review_claim"])
    roles.add_role_permissions(roles.STREET_ADMIN, ["points.review_claim", "points.manage_rules", "points.adjust_balance"])


def _register_notification_kinds() -> None:
    from friendlystreet.notifications import kinds
    from friendlystreet.notifications.targets import register_notification_target

    # A notice linking to a claim's page names the claim to app clients (the inbox API's target).
    register_notification_target("points:claim_detail", "claim")

    both = (kinds.IN_APP, kinds.SMS)
    riders = "points.submit_claim"  # who these notices are for (a rider, verified or not)
    points = kinds.Group(_("Points"), order=10)  # the settings page's heading of these notices
    kinds.register(
        kinds.Kind(
            code="points_claim_approved",
            group=points,
            perm=riders,
            label=_("A claim of mine was approved"),
            title=_("Claim approved"),
            body=_("Your claim “%(rule)s” was approved: %(points)s points."),
            default_channels=both,
        )
    )
    kinds.register(
        kinds.Kind(
            # Points the programme pays by itself (an activity attended, a report accepted, a
            # tip approved): the rider applied for nothing, so not "your claim was approved".
            code="points_awarded",
            group=points,
            perm=riders,
            label=_("Points paid for an activity, a report or a tip"),
            title=_("Points received"),
            body=_("You received %(points)s points for %(what)s."),
            default_channels=both,
        )
    )
    kinds.register(
        kinds.Kind(
            code="points_claim_rejected",
            group=points,
            perm=riders,
            label=_("A claim of mine was not approved"),
            title=_("Claim not approved"),
            body=_("Your claim “%(rule)s” was not approved: %(reason)s"),
            default_channels=both,
        )
    )
    kinds.register(
        kinds.Kind(
            code="points_balance_adjusted",
            group=points,
            perm=riders,
            label=_("My points balance was adjusted"),
            title=_("Points balance adjusted"),
            body=_("The street office adjusted your balance by %(amount)s points (%(reason)s). Balance: %(balance)s."),
            default_channels=(kinds.IN_APP,),
        )
    )
    kinds.register(
        kinds.Kind(
            code="points_rider_verified",
            group=kinds.MY_ACCOUNT,
            perm=riders,
            label=_("My account was verified"),
            title=_("Your account is verified"),
            # All that verification opens, as the home page told the rider while they waited.
            body=_(
                "The street office verified your account: you can now claim and redeem points, "
                "sign up for activities and report problems."
            ),
            default_channels=both,
        )
    )
    kinds.register(
        kinds.Kind(
            code="points_rider_rejected",
            group=kinds.MY_ACCOUNT,
            perm=riders,
            label=_("My verification was not approved"),
            title=_("Verification not approved"),
            body=_(
                "The street office could not verify your account: %(reason)s. Please sign in and upload your screenshot again."
            ),
            default_channels=both,
        )
    )


def _register_navigation() -> None:
    from friendlystreet.pages.nav import MANAGE, PUBLIC_NAV, RIDER_LINKS, STAFF_NAV, WORK, NavLink

    STAFF_NAV.extend(
        [
            NavLink(_("Claims"), "points:review_queue", "points.review_claim", order=10, group=WORK),
            NavLink(_("Riders to verify"), "points:rider_queue", "accounts.verify_rider", order=11, group=WORK),
            NavLink(_("Earning rules"), "points:rule_list", "points.manage_rules", order=40, group=MANAGE),
            NavLink(_("Balances"), "points:balance_lookup", "points.adjust_balance", order=41, group=MANAGE),
        ]
    )
    RIDER_LINKS.extend(
        [
            NavLink(_("My points"), "points:passbook", "points.submit_claim", order=10),
            NavLink(_("Claim points"), "points:claim_new", "points.submit_claim", order=11),
            NavLink(_("My claims"), "points:claim_list", "points.submit_claim", order=12),
        ]
    )
    # Earning is riders': not in the menu of a partner operator who is not one (NavLink.rider_perm).
    PUBLIC_NAV.append(NavLink(_("How to earn"), "points:how_to_earn", order=20, rider_perm="points.submit_claim"))


def _register_me_extension() -> None:
    """GET /api/v1/me/ gains `balance` and `pending_claims`, declared as fields so the schema shows them."""
    from rest_framework import serializers

    from friendlystreet.api.me import register_me_field

    from .selectors import balance_of, claims_waiting

    class BalanceField(serializers.IntegerField):
        def __init__(self) -> None:
            super().__init__(
                read_only=True,
                min_value=0,
                help_text="The points balance. 0 for anyone who has never had points: a rider before "
                "their first approved claim, staff and partner operators.",
            )

        def get_attribute(self, user) -> int:
            return balance_of(user)

    register_me_field("balance", BalanceField)

    class PendingClaims(serializers.Serializer):
        """The caller's claims waiting for review, as the line under the balance on /points/ says."""

        count = serializers.IntegerField(min_value=0, help_text="How many of the caller's claims are `pending`.")
        expected_points = serializers.IntegerField(
            source="points",
            min_value=0,
            help_text="What approving them all now would grant: the sum of their `expected_points` in "
            "`GET /api/v1/claims/?status=pending` (the rule's points × quantity, cut by its caps). An estimate.",
        )

        def __init__(self) -> None:
            super().__init__(
                read_only=True,
                help_text="The caller's claims waiting for review, not in the balance yet. Both 0 for anyone "
                "without one (staff and partner operators too).",
            )

        def get_attribute(self, user):
            return claims_waiting(user)

    register_me_field("pending_claims", PendingClaims)


def _register_digest_sources() -> None:
    """Lines of the reviewers' morning digest (friendlystreet.notifications.digest)."""
    try:
        from friendlystreet.notifications.digest import DigestSource, register_digest_source
    except ImportError:  # the digest is optional: without it there is simply no line
        return

    from .selectors import pending_claims_count, riders_waiting_count

    register_digest_source(
        DigestSource(
            code="points.pending_claims",
            label=_("Pending claims"),
            count=lambda user: pending_claims_count(),
            perm="points.review_claim",
            order=10,
        )
    )
    register_digest_source(
        DigestSource(
            code="points.riders_waiting",
            label=_("Riders waiting for verification"),
            count=lambda user: riders_waiting_count(),
            perm="accounts.verify_rider",
            order=11,
        )
    )


def _subscribe_to_venues() -> None:
    """An approved compound tip earns its author points (venues never imports points)."""
    from venues import hooks

    from .selectors import points_for_tips
    from .services import claim_for_approved_tip

    hooks.tip_approved.connect(claim_for_approved_tip)
    hooks.register_tip_points(points_for_tips)  # the moderation card and the tip form say it

    from .earning import register_system_payout
    from .models import Rule

    register_system_payout(
        Rule.COMPOUND_TIP_APPROVED,
        pays_for=_("approved compound tips"),
        when_off=_("riders whose compound tip is approved get no points for it (tips are still approved)."),
        earn_label=_("Add a tip to a compound guide"),  # "How to earn": a tip is written on a compound's guide
        earn_url_name="venues:compound_list",
    )


def _register_audit_labels() -> None:
    """The audit trail's words for what the points services record (rewards and vouchers: in
    rewards/setup.py), their group in the action filter, and a rider's account named by its
    rider (its id is theirs)."""
    from friendlystreet.audit.registry import register_action_group, register_action_labels, register_person_keyed

    register_action_labels(
        {
            "points.claim_submitted": _("Claim submitted"),
            "points.claim_created": _("Claim created (activity, report or tip)"),
            "points.claim_approved": _("Claim approved"),
            "points.claim_rejected": _("Claim rejected"),
            "points.claim_withdrawn": _("Claim withdrawn"),
            "points.balance_adjusted": _("Balance adjusted"),
            "points.rule_created": _("Earning rule created"),
            "points.rule_saved": _("Earning rule changed"),
            "points.category_created": _("Category created"),
            "points.category_saved": _("Category changed"),
        }
    )
    register_action_group(
        pgettext_lazy("audit group", "Points"),
        ("points.claim_", "points.balance_", "points.rule_", "points.category_"),
        order=10,
    )
    register_person_keyed("points.account")  # 积分账户 张* 138****0001（#13）, not a bare number


def _register_audit_pages() -> None:
    """The staff pages the audit trail opens for the points objects it lists (打开页面), and the
    tips whose approval a claim paid for (关联记录 小区贴士 #10). A voucher has none: no staff page
    shows a single voucher (the reward list counts them; a rider's balance page lists only the
    latest ledger lines)."""
    from friendlystreet.audit.registry import register_claim_ref, register_object_page

    register_object_page("points.claim", "points:review_claim", "points.review_claim")
    register_object_page("points.rule", "points:rule_edit", "points.manage_rules")
    register_object_page("points.category", "points:category_edit", "points.manage_rules")
    register_object_page("points.reward", "points:staff_reward_edit", "points.manage_rewards")
    register_object_page("points.account", "points:balance_rider", "points.adjust_balance")  # the account's id is its rider's
    register_claim_ref("tip", "venues.tip")  # services.claim_for_approved_tip: source "tip", the tip's id


def _register_rewards() -> None:
    """Rewards and vouchers (points/rewards/): roles, kinds, navigation, beat jobs, venue page."""
    from .rewards.setup import register

    register()


def _bump_the_public_version_on_writes() -> None:
    """Any save or delete of a rule, a category or a reward (services, admin, factories,
    shell) makes the cached public renderings stale: "How to earn", the catalogue's cards,
    a venue's rewards. (Stock changes are queryset updates: the services bump themselves.)"""
    from django.db.models.signals import post_delete, post_save

    from .models import Category, Reward, Rule
    from .selectors import public_changed

    for model in (Rule, Category, Reward):
        post_save.connect(public_changed, sender=model, dispatch_uid=f"points.public_changed.save.{model.__name__}")
        post_delete.connect(public_changed, sender=model, dispatch_uid=f"points.public_changed.delete.{model.__name__}")
