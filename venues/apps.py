from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("Venues")

    def ready(self) -> None:
        from friendlystreet.accounts import roles
        from friendlystreet.notifications import kinds
        from friendlystreet.notifications.targets import register_notification_target
        from friendlystreet.pages.nav import MANAGE, PUBLIC_NAV, RIDER_LINKS, STAFF_NAV, WORK, NavLink, add_links

        # Street admins keep the directory current; reviewers (and admins) moderate tips.
        roles.add_role_permissions(roles.STREET_ADMIN, ["venues.manage_venues", "venues.moderate_tip"])
        roles.add_role_permissions(roles.REVIEWER, ["venues.moderate_tip"])
        # Riders write the compound guides' tips (a partner's or staff member's would earn points
        # too: the programme's points are riders').
        roles.add_role_permissions(roles.RIDER, ["venues.add_tip"])

        add_links(
            PUBLIC_NAV,
            # The map is everyone's: a partner operator finds their venue as riders see it there.
            NavLink(_("Venue map"), "venues:venue_list", order=10),
            # The guides (gates, parking) are for delivering: riders' (NavLink.rider_perm).
            NavLink(_("Compound guides"), "venues:compound_list", order=11, rider_perm=roles.RIDER_NOTICES),
        )
        # On a phone a rider has the tab bar, not the top bar's links (wide screens only): the
        # guides (gates, parking, the way to a building) are one of their home's actions.
        add_links(RIDER_LINKS, NavLink(_("Compound guides"), "venues:compound_list", roles.RIDER_NOTICES, order=19))
        # A partner operator's own venue, after their counter, history and proposals (order 1-3).
        add_links(RIDER_LINKS, NavLink(_("My venue"), "venues:my_venue", roles.REDEMPTION_PAGE, order=4))
        add_links(
            STAFF_NAV,
            NavLink(_("Venues"), "venues:staff_venue_list", "venues.manage_venues", order=30, group=MANAGE),
            NavLink(_("Compounds"), "venues:staff_compound_list", "venues.manage_venues", order=31, group=MANAGE),
            NavLink(_("Compound tips"), "venues:staff_tip_queue", "venues.moderate_tip", order=32, group=WORK),
            NavLink(_("Partners"), "venues:staff_partner_list", "venues.manage_venues", order=33, group=MANAGE),
        )

        # Notices linking to a venue's or a compound guide's page name it to app clients (the
        # inbox API's target).
        register_notification_target("venues:venue_detail", "venue")
        register_notification_target("venues:compound_detail", "compound")
        # What a tip's author is told (rider notices): code, label, title, body.
        from .notification_groups import REPORTS_AND_TIPS

        for code, label, title, body in (
            (
                "venues.tip_approved",
                _("My compound tip was approved"),
                _("Your tip on %(compound)s is published"),
                # points_sentence: what the approval paid, in the recipient's language, or ''
                # (services.tip_approve): one notice for the approval and its points.
                _("Thank you: your tip on %(compound)s now helps other riders.%(points_sentence)s"),
            ),
            (
                "venues.tip_approved_edited",
                _("My compound tip was approved with changes"),
                _("Your tip on %(compound)s is published, with changes"),
                _(
                    "Thank you: your tip on %(compound)s now helps other riders.%(points_sentence)s The street "
                    "office changed it before publishing it; it now reads: %(text)s"
                ),
            ),
            (
                "venues.tip_rejected",
                _("My compound tip was not approved"),
                _("Your tip on %(compound)s was not published"),
                _("Your tip on %(compound)s was not published: %(reason)s"),
            ),
            (
                "venues.tip_withdrawn",
                _("My compound tip was withdrawn"),
                _("Your tip on %(compound)s was withdrawn"),
                _("Your tip on %(compound)s is no longer shown: %(reason)s The points it earned stay yours."),
            ),
        ):
            kinds.register(
                kinds.Kind(code=code, perm=roles.RIDER_NOTICES, label=label, title=title, body=body, group=REPORTS_AND_TIPS)
            )
        # What the staff who manage venues are told of a partner operator's edit of their venue
        # (services._tell_venue_managers): the street office did not make it, and should look.
        from .services import MANAGE_VENUES, OPERATOR_EDIT_KIND

        kinds.register(
            kinds.Kind(
                code=OPERATOR_EDIT_KIND,
                perm=MANAGE_VENUES,
                label=_("A partner operator changed their venue"),
                title=_("%(venue)s: changed by its operator"),
                body=_("The operator of %(venue)s changed: %(changes)s. See before and after on the venue's page."),
            )
        )

        _register_me_extension()
        _register_operated_places()
        _register_audit_labels()
        _register_audit_pages()
        _connect_cache_invalidation()
        from .figures import register as register_dashboard  # the staff dashboard's figures and queue

        register_dashboard()
        from .privacy import register as register_privacy  # riders' data rights (friendlystreet.privacy)

        register_privacy()
        from .home import register as register_home  # the rider home's "stations near me" panel

        register_home()


def _register_operated_places() -> None:
    """The venues a partner operator confirms vouchers at, as the users and roles pages list,
    offer, give and take them (friendlystreet.accounts.registry)."""
    from friendlystreet.accounts.registry import OperatedPlaces, register_operated_places

    from . import selectors
    from .models import Venue

    register_operated_places(
        OperatedPlaces(
            model=Venue,
            # What a person's page shows of each: its name, and whether it is hidden.
            operated_by=lambda user: selectors.venues_operated_by(user).only("id", "name", "kind", "active"),
            run_alone_by=selectors.venues_run_alone_by,
            to_give=selectors.venues_to_give,
            link=lambda user, venues: user.operated_venues.add(*venues),
            unlink=lambda user, venues: user.operated_venues.remove(*venues),
        )
    )


def _register_audit_labels() -> None:
    """The audit trail's words for what the venues services record, as the staff pages say
    them (阵地, 小区指南, 小区贴士), for the details they record, and their group in the action filter."""
    from friendlystreet.audit.registry import register_action_group, register_action_labels, register_detail_labels

    register_action_labels(
        {
            "venues.venue.create": pgettext_lazy("audit action", "Venue created"),
            "venues.venue.update": pgettext_lazy("audit action", "Venue changed"),
            "venues.venue.import": pgettext_lazy("audit action", "Venues imported"),
            "venues.venue.activate": pgettext_lazy("audit action", "Venue reactivated"),
            "venues.venue.deactivate": pgettext_lazy("audit action", "Venue deactivated"),
            "venues.photo.add": pgettext_lazy("audit action", "Venue photo added"),
            "venues.photo.delete": pgettext_lazy("audit action", "Venue photo deleted"),
            "venues.amenity.create": pgettext_lazy("audit action", "Amenity created"),
            "venues.amenity.update": pgettext_lazy("audit action", "Amenity changed"),
            "venues.community.create": pgettext_lazy("audit action", "Community added"),
            "venues.community.update": pgettext_lazy("audit action", "Community changed"),
            "venues.community.delete": pgettext_lazy("audit action", "Community deleted"),
            "venues.compound.create": pgettext_lazy("audit action", "Compound guide created"),
            "venues.compound.update": pgettext_lazy("audit action", "Compound guide changed"),
            "venues.tip.approve": pgettext_lazy("audit action", "Compound tip approved"),
            "venues.tip.reject": pgettext_lazy("audit action", "Compound tip rejected"),
            "venues.tip.withdraw": pgettext_lazy("audit action", "Compound tip withdrawn"),
            "venues.tip.create": pgettext_lazy("audit action", "Compound tip sent"),
            "venues.tip.retract": pgettext_lazy("audit action", "Compound tip withdrawn by its author"),
            "venues.partner_saved": _("Partner saved"),
        }
    )
    register_action_group(pgettext_lazy("audit group", "Venues"), ("venues.",), order=70)
    register_detail_labels(
        {
            "opening_hours": _("Opening hours"),
            "tip_text": pgettext_lazy("audit detail", "Tip text (edited before approval)"),
            "duplicate_rows": pgettext_lazy("audit detail", "Rows left out (row → the venue that exists)"),
            # selectors.BY_OPERATOR: a partner operator's own edit, which the street office is told of.
            "by_operator": pgettext_lazy("audit detail", "By the venue's partner operator"),
        }
    )


def _register_audit_pages() -> None:
    """The staff pages the audit trail opens for the venues objects it lists (打开页面). A tip has
    none: the moderation queue lists tips, no page shows a single one."""
    from friendlystreet.audit.registry import register_object_page

    register_object_page("venues.venue", "venues:staff_venue_edit", "venues.manage_venues")
    register_object_page("venues.partner", "venues:staff_partner_edit", "venues.manage_venues")
    register_object_page("venues.compound", "venues:staff_compound_edit", "venues.manage_venues")


def _connect_cache_invalidation() -> None:
    """Any write to the tables behind the public venue pages invalidates their cache (cache.py).
    Cache invalidation is what these signals do, not business logic."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from . import cache, models

    for model in (
        models.Community,
        models.Amenity,
        models.Venue,
        models.OpeningHours,
        models.VenuePhoto,
        models.Compound,
        models.Gate,
        models.ParkingSpot,
        models.WarmBike,
        models.Tip,
    ):
        post_save.connect(cache.invalidate, sender=model, dispatch_uid=f"venues.cache.save.{model.__name__}")
        post_delete.connect(cache.invalidate, sender=model, dispatch_uid=f"venues.cache.delete.{model.__name__}")
    m2m_changed.connect(cache.invalidate, sender=models.Venue.amenities.through, dispatch_uid="venues.cache.amenities")


def _register_me_extension() -> None:
    """GET /api/v1/me/ gains `venues` for partner operators: the venues they run. Declared as a
    field, so the schema shows it (optional: other users' answers leave it out)."""
    from rest_framework import serializers
    from rest_framework.fields import SkipField

    from friendlystreet.accounts import roles
    from friendlystreet.api.me import register_me_field

    from .models import VenueKind
    from .selectors import venues_operated_by

    class MeVenueSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        kind = serializers.ChoiceField(choices=VenueKind.choices)

    class OperatedVenuesField(serializers.ListField):
        def __init__(self) -> None:
            super().__init__(
                child=MeVenueSerializer(),
                required=False,
                help_text="Only for partner operators (absent for everyone else): the venues they run, "
                "whose vouchers they confirm, sorted by name.",
            )

        def get_attribute(self, user):
            if not user.has_perm(roles.REDEMPTION_PAGE):
                raise SkipField
            return venues_operated_by(user).only("id", "name", "kind")

    register_me_field("venues", OperatedVenuesField)
