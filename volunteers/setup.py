"""Registrations of the volunteers app, called from VolunteersConfig.ready(): roles,
notification kinds, navigation, the reminder job, badges and the profile panel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    _roles()
    _notification_kinds()
    _navigation()
    _periodic_jobs()
    _badges()
    _profile_panel()
    _reports()
    _texts()
    _signatures_panel()


def _roles() -> None:
    from friendlystreet.accounts import roles

    roles.add_role_permissions(roles.RIDER, ["volunteers.join_activities"])
    roles.add_role_permissions(roles.REVIEWER, ["volunteers.run_activities"])
    roles.add_role_permissions(roles.STREET_ADMIN, ["volunteers.run_activities", "volunteers.manage_volunteers"])


def _notification_kinds() -> None:
    from friendlystreet.notifications import kinds
    from friendlystreet.notifications.targets import register_notification_target

    # Notices linking to an activity's or a report's page name it to app clients (the inbox API).
    register_notification_target("volunteers:activity_detail", "activity")
    register_notification_target("volunteers:report_detail", "report")

    both = (kinds.IN_APP, kinds.SMS)
    riders = "volunteers.join_activities"  # who these notices are for
    activities = kinds.Group(_("Activities and volunteering"), order=30)  # the settings page's heading
    # The activity's notices name it in their title: the home page's unread notices and the inbox
    # list titles, and two sign-ups' "Signed up" told the rider nothing. Titles are written (and
    # stored) at notify time; the SMS is the body, which the title does not lengthen.
    for kind in (
        kinds.Kind(
            code="volunteers_signup_registered",
            group=activities,
            perm=riders,
            label=_("I signed up for an activity"),
            title=_("Signed up: %(title)s"),
            # %(soon)s: that it is today or tomorrow, when it is (services._soon), else nothing.
            body=_("You are signed up for “%(title)s” on %(when)s at %(place)s. Show your check-in code there.%(soon)s"),
            optional_channels=(kinds.SMS,),
        ),
        kinds.Kind(
            code="volunteers_signup_waitlisted",
            group=activities,
            perm=riders,
            label=_("I joined an activity's waitlist"),
            title=_("On the waitlist: %(title)s"),
            body=_("“%(title)s” is full: you are number %(position)s on the waitlist. We will tell you when a place frees up."),
            optional_channels=(kinds.SMS,),
        ),
        kinds.Kind(
            code="volunteers_waitlist_promoted",
            group=activities,
            perm=riders,
            label=_("A place freed up for me"),
            title=_("A place freed up for you: %(title)s"),
            # %(soon)s: that it is today or tomorrow, when it is (services._soon), else nothing.
            body=_("A place freed up: you are now signed up for “%(title)s” on %(when)s at %(place)s.%(soon)s"),
            default_channels=both,
        ),
        kinds.Kind(
            code="volunteers_activity_reminder",
            group=activities,
            perm=riders,
            label=_("Reminders of my activities"),
            title=_("Tomorrow: %(title)s"),
            body=_("Reminder: “%(title)s” is tomorrow, %(when)s at %(place)s."),
            default_channels=both,
        ),
        kinds.Kind(
            code="volunteers_activity_cancelled",
            group=activities,
            perm=riders,
            label=_("An activity I signed up for was cancelled"),
            title=_("Activity cancelled: %(title)s"),
            body=_("“%(title)s” on %(when)s is cancelled: %(reason)s"),
            default_channels=both,
        ),
        kinds.Kind(
            code="volunteers_activity_changed",
            group=activities,
            perm=riders,
            label=_("An activity I signed up for changed its time or place"),
            title=_("Time or place changed: %(title)s"),
            # %(soon)s: to those with a place, that it is now today or tomorrow (services._soon).
            body=_("“%(title)s” has changed: it now takes place on %(when)s at %(place)s.%(soon)s"),
            default_channels=both,
        ),
        kinds.Kind(
            # The rule the activity pays by was switched off (services.rule_switched_off): riders
            # signed up on the promise of its points, and checking in now pays none.
            code="volunteers_activity_points_stopped",
            group=activities,
            perm=riders,
            label=_("An activity I signed up for no longer earns points"),
            title=_("No longer earns points: %(title)s"),
            body=_(
                "“%(title)s” on %(when)s no longer earns points: the street office has switched off its earning"
                " rule. The activity itself goes on."
            ),
            default_channels=both,
        ),
        kinds.Kind(
            code="volunteers_team_accepted",
            group=activities,
            perm=riders,
            label=_("My request to join the team was answered"),
            title=_("Welcome to the team"),
            body=_("The street office accepted you into the 帮帮龘 volunteer team."),
            default_channels=both,
        ),
        kinds.Kind(
            code="volunteers_team_declined",
            group=activities,
            perm=riders,
            label=_("My request to join the team was declined"),
            title=_("Team request declined"),
            body=_("The street office did not accept your request to join the team: %(reason)s"),
        ),
        kinds.Kind(
            code="volunteers_team_removed",
            group=activities,
            perm=riders,
            label=_("I was taken off the team"),
            title=_("No longer in the team"),
            body=_(
                "The street office took you off the 帮帮龘 volunteer team; your volunteer record, hours and"
                " points stay as they are.%(given_up)s Reason: %(reason)s"
            ),
            default_channels=both,
        ),
        kinds.Kind(
            code="volunteers_party_rejected",
            group=kinds.MY_ACCOUNT,
            perm=riders,
            label=_("My party membership declaration was not confirmed"),
            title=_("Party declaration not confirmed"),
            body=_(
                "The street office did not confirm your party membership declaration; it has been deleted"
                " and you may declare again. Reason: %(reason)s"
            ),
        ),
        kinds.Kind(
            code="volunteers_grid_appointed",
            group=activities,
            perm=riders,
            label=_("I was appointed micro-grid member"),
            title=_("Appointed micro-grid member"),
            body=_(
                "You were appointed micro-grid member for %(area)s (certificate %(number)s)."
                " Your honour certificate is on your volunteer record."
            ),
            default_channels=both,
        ),
    ):
        kinds.register(kind)
    _action_labels()


def _action_labels() -> None:
    """The audit trail's names of the staff's undo actions (the older ones are registered in
    apps.py, _register_audit_labels)."""
    from friendlystreet.audit.registry import register_action_labels, register_detail_choices, register_detail_labels

    from .models_texts import SignatoryParty

    register_action_labels(
        {
            "volunteers.team_removed": _("Taken off the team"),
            "volunteers.party_rejected": _("Party membership declaration rejected"),
            "volunteers.walk_in_signed_up": _("Signed up by staff at the event"),
        }
    )
    # volunteers.walk_in_signed_up's detail (its sign-up's status is a field: named by the model).
    register_detail_labels({"over_capacity": _("Over the capacity")})
    # volunteers.signup_cancelled's detail when the place was given up for the rider (services.signups_give_up).
    register_detail_labels({"because": _("Because")})
    register_detail_choices(
        "because",
        [("team_left", _("Left the team")), ("team_removed", _("Taken off the team")), ("account_deleted", _("Account deleted"))],
    )
    # volunteers.text_signed's detail: who the convention was signed for (签署方 快递员或骑手,
    # not party courier), with the signature form's words.
    register_detail_labels({"party": _("party")})
    register_detail_choices("party", SignatoryParty.choices)


def _navigation() -> None:
    from friendlystreet.pages.nav import MANAGE, PUBLIC_NAV, RIDER_LINKS, STAFF_NAV, NavLink, add_links

    add_links(
        RIDER_LINKS,
        NavLink(_("Activities"), "volunteers:activity_list", "volunteers.join_activities", order=15),
        NavLink(_("My volunteer record"), "volunteers:record", "volunteers.join_activities", order=16),
    )
    add_links(
        STAFF_NAV,
        NavLink(_("Activities"), "volunteers:staff_activity_list", "volunteers.run_activities", order=20, group=MANAGE),
        NavLink(_("Volunteers"), "volunteers:staff_volunteers", "volunteers.manage_volunteers", order=21, group=MANAGE),
    )
    # Riders take part: not in the menu of a partner operator who is not one (NavLink.rider_perm).
    add_links(
        PUBLIC_NAV,
        NavLink(_("Activities"), "volunteers:activity_list", order=15, rider_perm="volunteers.join_activities"),
    )


def _periodic_jobs() -> None:
    from friendlystreet.notifications.schedule import PeriodicJob, register_periodic

    register_periodic(
        PeriodicJob(
            name="volunteers.remind_activities",
            task="volunteers.tasks.remind_activities",
            crontab={"minute": "0", "hour": "18"},  # Asia/Shanghai: the evening before
            description="Remind riders of tomorrow's activities (once per sign-up)",
            expire_seconds=3000,
        )
    )


def _badges() -> None:
    from friendlystreet.accounts.badges import register_badge_source

    from .selectors import badges_by_user

    register_badge_source(badges_by_user)


def _profile_panel() -> None:
    from friendlystreet.pages.panels import register_profile_panel

    from .selectors import profile_panel

    register_profile_panel("volunteers/_profile_panel.html", profile_panel)


def _reports() -> None:
    """Neighbourhood reports: who may report, triage and write reply templates, the reporter's
    notice, navigation, the audit trail's names and the reviewers' morning digest (new and
    overdue reports)."""
    from friendlystreet.accounts import roles
    from friendlystreet.audit.registry import register_action_labels
    from friendlystreet.notifications import kinds
    from friendlystreet.notifications.digest import DigestSource, register_digest_source
    from friendlystreet.pages.nav import RIDER_LINKS, STAFF_NAV, WORK, NavLink, add_links
    from venues.notification_groups import REPORTS_AND_TIPS

    from .reports.selectors import PERM_ADD_TEMPLATE, PERM_CHANGE_TEMPLATE, PERM_SUBMIT, PERM_TRIAGE, new_count, overdue_count

    roles.add_role_permissions(roles.RIDER, [PERM_SUBMIT])
    roles.add_role_permissions(roles.REVIEWER, [PERM_TRIAGE])
    # Street admins also write the reply templates everyone who triages starts from.
    roles.add_role_permissions(roles.STREET_ADMIN, [PERM_TRIAGE, PERM_ADD_TEMPLATE, PERM_CHANGE_TEMPLATE])
    register_action_labels(
        {
            "volunteers.reply_template_added": _("Reply template added"),
            "volunteers.reply_template_changed": _("Reply template changed"),
            "volunteers.report_update_posted": _("Report update posted (state unchanged)"),
            "volunteers.report_community_set": _("Report's community set"),
        }
    )
    kinds.register(
        kinds.Kind(
            code="volunteers_report_updated",
            group=REPORTS_AND_TIPS,
            perm=PERM_SUBMIT,
            label=_("News of a problem I reported"),
            title=_("Your report #%(number)s: %(status)s"),
            # In the inbox the title says which report and its new state; the body is only
            # what the street office wrote (nothing when it wrote nothing), not the title again.
            body="%(note)s",
            # An SMS has no title: it says both.
            # The same words for a new state and for progress in the same state (进展).
            sms=_("Your report #%(number)s: %(status)s. %(note)s"),
            default_channels=(kinds.IN_APP,),
            optional_channels=(kinds.SMS,),
        )
    )
    kinds.register(
        kinds.Kind(
            code="volunteers_report_me_too_resolved",
            group=REPORTS_AND_TIPS,
            perm=PERM_SUBMIT,
            label=_("A problem I also saw is resolved"),
            # Nothing of the reporter: the number, the kind of problem, what the street office did.
            title=_("Resolved: report #%(number)s (%(category)s), a problem you also saw"),
            body="%(note)s",
            sms=_("Resolved: report #%(number)s (%(category)s), a problem you also saw. %(note)s"),
            default_channels=(kinds.IN_APP,),
            optional_channels=(kinds.SMS,),
        )
    )
    add_links(
        RIDER_LINKS,
        NavLink(_("Report a problem"), "volunteers:report_new", PERM_SUBMIT, order=17),
        NavLink(_("My reports"), "volunteers:report_list", PERM_SUBMIT, order=18),
    )
    # One name for the staff's link and the pages it opens (治理线索; 线索上报 is the rider's act).
    add_links(STAFF_NAV, NavLink(_("Neighbourhood reports"), "volunteers:staff_report_list", PERM_TRIAGE, order=12, group=WORK))
    register_digest_source(
        DigestSource(
            code="volunteers.new_reports",
            label=_("New neighbourhood reports"),
            count=lambda user: new_count(),
            perm=PERM_TRIAGE,
            order=20,
        )
    )
    register_digest_source(
        DigestSource(
            code="volunteers.overdue_reports",
            label=_("Overdue neighbourhood reports"),
            count=lambda user: overdue_count(),
            perm=PERM_TRIAGE,
            order=21,
        )
    )


def _texts() -> None:
    """Initiatives, the party letter and the convention: staff who publish them, navigation."""
    from friendlystreet.accounts import roles
    from friendlystreet.pages.nav import MANAGE, STAFF_NAV, NavLink, add_links

    from .texts.selectors import PERM_MANAGE

    roles.add_role_permissions(roles.STREET_ADMIN, [PERM_MANAGE])
    add_links(STAFF_NAV, NavLink(_("Initiatives"), "volunteers:staff_text_list", PERM_MANAGE, order=43, group=MANAGE))


def _signatures_panel() -> None:
    """A rider's profile shows what they have signed (the convention)."""
    from friendlystreet.pages.panels import register_profile_panel

    from .views.texts import signatures_panel

    register_profile_panel("volunteers/texts/_signatures_panel.html", signatures_panel)
