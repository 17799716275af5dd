"""Registrations of the rewards, called from points.apps.PointsConfig.ready(): roles,
notification kinds, navigation, periodic jobs, the reviewers' digest and the venue page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def register() -> None:
    _roles()
    _notification_kinds()
    _navigation()
    _periodic_jobs()
    _digest()
    _venue_hooks()
    _profile_panel()


def _roles() -> None:
    from friendlystreet.accounts import roles

    roles.add_role_permissions(roles.RIDER, ["points.redeem_reward"])
    roles.add_role_permissions(roles.STREET_ADMIN, ["points.manage_rewards"])


def _notification_kinds() -> None:
    from friendlystreet.notifications import kinds
    from friendlystreet.notifications.targets import register_notification_target

    # Notices linking to a voucher's or a reward's page name it to app clients (the inbox API).
    register_notification_target("points:voucher_detail", "voucher")
    register_notification_target("points:reward_detail", "reward")

    riders = "points.redeem_reward"  # who the voucher notices are for
    vouchers = kinds.Group(_("Vouchers"), order=20)  # the settings page's heading of these notices

    kinds.register(
        kinds.Kind(
            code="points_voucher_expiring",
            group=vouchers,
            perm=riders,
            label=_("A voucher of mine expires tomorrow"),
            title=_("Your voucher expires soon"),
            body=_("Your voucher “%(title)s” at %(venue)s expires on %(expires)s. Use it, or cancel it to get your points back."),
            default_channels=(kinds.IN_APP, kinds.SMS),
        )
    )
    kinds.register(
        kinds.Kind(
            code="points_voucher_expired",
            group=vouchers,
            perm=riders,
            label=_("A voucher of mine expired unused"),
            title=_("Voucher expired"),
            body=_("Your voucher “%(title)s” expired unused: its %(points)s points are back in your balance."),
            default_channels=(kinds.IN_APP,),
            optional_channels=(kinds.SMS,),
        )
    )
    kinds.register(
        kinds.Kind(
            code="points_voucher_redeemed",
            group=vouchers,
            perm=riders,
            label=_("A voucher of mine was used"),
            title=_("Voucher used"),
            body=_("Your voucher “%(title)s” was used at %(venue)s."),
            default_channels=(kinds.IN_APP,),
        )
    )
    kinds.register(
        kinds.Kind(
            code="points_reward_published",
            group=vouchers,
            label=_("A reward I proposed was published"),
            title=_("Your reward is published"),
            body=_("The street office published your reward “%(title)s”: riders can redeem it now."),
            default_channels=(kinds.IN_APP,),
            perm="accounts.access_redemption_page",
        )
    )
    kinds.register(
        kinds.Kind(
            # Published after the street office changed the terms the partner proposed.
            code="points_reward_published_changed",
            group=vouchers,
            label=_("A reward I proposed was published with changed terms"),
            title=_("Your reward is published, with changes"),
            body=_(
                "The street office published your reward “%(title)s” with changed terms: %(changes)s. Riders can "
                "redeem it now; if the new terms do not suit you, contact the street office."
            ),
            office_contact=True,
            default_channels=(kinds.IN_APP,),
            perm="accounts.access_redemption_page",
        )
    )
    kinds.register(
        kinds.Kind(
            code="points_reward_declined",
            group=vouchers,
            label=_("A reward I proposed was declined"),
            title=_("Your reward proposal was declined"),
            body=_("The street office did not publish your reward “%(title)s”. Reason: %(reason)s"),
            default_channels=(kinds.IN_APP,),
            perm="accounts.access_redemption_page",
        )
    )
    # The venue's operators hear what the street office did to a reward of their venue, whoever
    # proposed it (services._tell_operators); the street office what an operator did
    # (services._tell_staff). In the app only, as the other reward notices.
    kinds.register(
        kinds.Kind(
            code="points_reward_of_my_venue",
            group=vouchers,
            label=_("The street office published, switched off or changed a reward of my venue"),
            title=_("A reward of your venue changed"),
            body=_("“%(title)s” at %(venue)s: %(what)s"),
            default_channels=(kinds.IN_APP,),
            perm="accounts.access_redemption_page",
        )
    )
    kinds.register(
        kinds.Kind(
            code="points_reward_changed_by_operator",
            label=_("A partner paused, resumed or restocked a reward"),
            title=_("%(venue)s: a reward changed by its operator"),
            body=_("“%(title)s” at %(venue)s: %(what)s"),
            default_channels=(kinds.IN_APP,),
            perm="points.manage_rewards",
        )
    )
    from friendlystreet.audit.registry import register_action_group, register_action_labels, register_detail_labels

    # The audit trail names what the rewards services write in words (the decline too:
    # rewards/services.reward_decline), and the details it keeps of the proposal that is gone;
    # and the evidence upload's detail.
    register_action_labels(
        {
            "points.reward_created": _("Reward created"),
            "points.reward_saved": _("Reward changed"),
            "points.reward_proposed": _("Reward proposed by a partner"),
            "points.reward_published": _("Reward published"),
            "points.voucher_issued": _("Voucher issued"),
            "points.voucher_redeemed": _("Voucher redeemed (confirmed by the partner)"),
            "points.voucher_cancelled": _("Voucher cancelled"),
            "points.voucher_expired": _("Voucher expired"),
            "points.reward_declined": _("Reward proposal declined"),
            "points.reward_withdrawn": _("Reward proposal withdrawn by the partner"),
            "points.reward_switched_off": _("Reward switched off"),
            "points.reward_paused": _("Reward paused by its partner"),
            "points.reward_resumed": _("Reward resumed by its partner"),
            "points.reward_deleted": _("Reward deleted"),
        }
    )
    register_action_group(pgettext_lazy("audit group", "Rewards and vouchers"), ("points.reward_", "points.voucher_"), order=20)
    register_detail_labels(
        {
            "venue_name": _("Venue"),
            "proposed_at": _("Proposed at"),
            "replaced": _("Replaced the earlier screenshot"),
            # points.rule_saved: the waiting claims a change of points, unit or caps applies to.
            "pending_claims": _("Pending claims it applies to"),
        }
    )


def _navigation() -> None:
    from friendlystreet.accounts import roles
    from friendlystreet.pages.nav import RIDER_LINKS, STAFF_NAV, WORK, NavLink, add_links

    add_links(
        RIDER_LINKS,
        # The partner operator's pages, the counter first, in their menu; their home is the counter,
        # with the others under it.
        NavLink(_("Redeem a voucher"), "points:redeem_page", roles.REDEMPTION_PAGE, order=1),
        NavLink(_("Redemption history"), "points:redeem_history", roles.REDEMPTION_PAGE, order=2),
        # 本店的奖品 for every operator, with rewards or none yet: the page lists them (pause,
        # stock) and proposes new ones; a shop without any opens on the proposal form.
        NavLink(_("Our rewards"), "points:reward_propose", roles.REDEMPTION_PAGE, order=3),
        NavLink(_("Rewards"), "points:reward_list", "points.redeem_reward", order=13),
        NavLink(_("My vouchers"), "points:voucher_list", "points.redeem_reward", order=14),
    )
    add_links(STAFF_NAV, NavLink(_("Rewards"), "points:staff_reward_list", "points.manage_rewards", order=42, group=WORK))


def _periodic_jobs() -> None:
    from friendlystreet.notifications.schedule import PeriodicJob, register_periodic

    register_periodic(
        PeriodicJob(
            name="points.expire_vouchers",
            task="points.tasks.expire_vouchers",
            crontab={"minute": "*/10"},
            description="Expire unused vouchers past their validity; refund and restock",
            expire_seconds=540,  # a run nobody picked up is replaced by the next one
        )
    )
    register_periodic(
        PeriodicJob(
            name="points.remind_vouchers",
            task="points.tasks.remind_vouchers",
            crontab={"minute": "15", "hour": "8-21"},  # Asia/Shanghai: no SMS at night
            description="Remind riders of vouchers that expire within a day (once per voucher)",
            expire_seconds=3000,
        )
    )


def _digest() -> None:
    from friendlystreet.notifications.digest import DigestSource, register_digest_source

    from .selectors import PERM_MANAGE, proposals_count

    register_digest_source(
        DigestSource(
            code="points.reward_proposals",
            label=_("Reward proposals from partners"),
            count=lambda user: proposals_count(),
            perm=PERM_MANAGE,
            order=12,
        )
    )


def _venue_hooks() -> None:
    """The venue page lists the rewards its venue offers (venues never imports points)."""
    from venues import hooks

    hooks.register_venue_panel("points/rewards/_venue_panel.html", venue_panel)
    hooks.register_venue_field("rewards", venue_rewards_field)
    hooks.register_staff_venue_panel("points/rewards/staff/_venue_rewards.html", staff_venue_panel)


def _profile_panel() -> None:
    """A partner operator's profile says which venue they run, with its pages."""
    from friendlystreet.pages.panels import register_profile_panel

    from .selectors import operator_panel

    register_profile_panel("points/rewards/_operator_profile_panel.html", operator_panel, first=True)


def venue_panel(venue_id: int, request) -> dict:
    from .selectors import venue_rewards

    return {"rewards": venue_rewards(venue_id)}


def staff_venue_panel(venue, request) -> dict:
    """The staff venue form: this venue's rewards (every state) and a link to add one for it."""
    from .selectors import PERM_MANAGE, rewards_of_venue_for_staff

    return {"rewards": rewards_of_venue_for_staff(venue.pk), "can_manage": request.user.has_perm(PERM_MANAGE)}


def venue_rewards_field():
    """`GET /api/v1/venues/{id}/` gains `rewards`, declared as a field so the schema shows
    it: the same for everyone (the response is publicly cacheable), so nothing per user."""
    from rest_framework import serializers

    from .api import VenueRewardSerializer
    from .selectors import venue_rewards

    class VenueRewardsField(serializers.ListSerializer):
        def get_attribute(self, venue):
            return venue_rewards(venue.pk)

    return VenueRewardsField(
        child=VenueRewardSerializer(), read_only=True, help_text="The rewards this venue offers now, cheapest first."
    )
