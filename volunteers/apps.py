from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from . import setup

        setup.register()
        from .figures import register as register_dashboard  # the staff dashboard's figures and queues

        register_dashboard()
        from .exports import register_exports  # the staff exports (台账) of friendlystreet.ledgers

        register_exports()
        from .privacy import register as register_privacy  # riders' data rights (friendlystreet.privacy)

        register_privacy()
        from .home import register as register_home  # the rider home's "my next activity" panel

        register_home()
        from .api_profile import register as register_me_update  # PATCH /api/v1/me/: the profile page's fields

        register_me_update()
        _register_system_payouts()
        _register_payouts_to_come()
        _register_audit_labels()
        _register_audit_pages()


def _register_system_payouts() -> None:
    """The rules the system pays for attendance and accepted reports: what they pay for, what
    switching them off stops, where a rider earns them, and what each claim they paid was for
    (points.earning)."""
    from django.utils.translation import pgettext_lazy

    from points.earning import register_system_payout
    from points.models import Rule

    register_system_payout(
        Rule.ACTIVITY_ATTENDANCE,
        pays_for=_("check-ins at activities that pay by it"),
        when_off=_("riders checking in at an activity that pays by this rule get no points for it (the activity goes on)."),
        earn_label=_("See the activities"),
        earn_url_name="volunteers:activity_list",
    )
    report = pgettext_lazy("button", "Report a problem")
    register_system_payout(
        Rule.REPORT_ACCEPTED,
        pays_for=_("accepted reports"),
        when_off=_(
            "riders whose report is accepted get no points for it (reports are still accepted; micro-grid members "
            "are paid by their own rule)."
        ),
        earn_label=report,
        earn_url_name="volunteers:report_new",
    )
    register_system_payout(
        Rule.REPORT_ACCEPTED_GRID,
        pays_for=_("micro-grid members' accepted reports"),
        when_off=_("micro-grid members whose report is accepted are paid by the ordinary rule for accepted reports instead."),
        earn_label=report,
        earn_url_name="volunteers:report_new",
        only_for=_("Micro-grid members only."),
    )
    # Which of the two an accepted report pays a reader by: the payout's own choice.
    from points.earning import register_reader_rule

    from .reports.selectors import PERM_SUBMIT, acceptance_rule

    register_reader_rule(lambda user: acceptance_rule(user) if user.has_perm(PERM_SUBMIT) else None)
    # What each claim paid for, as the rider's passbook reads it, in the reader's language.
    from .payout_subjects import register as register_subjects

    register_subjects()


def _register_payouts_to_come() -> None:
    """Activities pay their attendance by a rule: switching it off is asked about first, with
    the activities named, and their riders are told once it is done (points.payouts_to_come)."""
    from points.payouts_to_come import register_payer

    from . import selectors, services

    register_payer(find=selectors.payouts_by_rule, switched_off=services.rule_switched_off)


def _register_audit_labels() -> None:
    """The audit trail's words for what the volunteers services record (the undo actions' and the
    reports' newer ones: setup.py), their groups in the action filter, and the home community a
    profile change records, named by the trail."""
    from django.utils.translation import pgettext_lazy

    from friendlystreet.audit.registry import (
        register_action_group,
        register_action_labels,
        register_detail_labels,
        register_detail_model,
    )

    register_action_labels(
        {
            "volunteers.profile_updated": _("Volunteer profile changed"),
            "volunteers.team_requested": _("Asked to join the team"),
            "volunteers.team_accepted": _("Team membership accepted"),
            "volunteers.team_declined": _("Team membership declined"),
            "volunteers.team_left": _("Left the team"),
            "volunteers.grid_appointed": _("Micro-grid member appointed"),
            "volunteers.grid_ended": _("Micro-grid appointment ended"),
            "volunteers.party_declared": _("Party membership declared"),
            "volunteers.party_confirmed": _("Party membership confirmed"),
            "volunteers.party_withdrawn": _("Party membership withdrawn"),
            "volunteers.activity_created": _("Activity created"),
            "volunteers.activity_updated": _("Activity changed"),
            "volunteers.activity_finished": _("Activity finished"),
            "volunteers.activity_cancelled": _("Activity cancelled"),
            "volunteers.signed_up": _("Signed up for an activity"),
            "volunteers.signup_cancelled": _("Sign-up cancelled"),
            "volunteers.waitlist_promoted": _("Moved up from the waitlist"),
            "volunteers.checked_in": _("Checked in"),
            "volunteers.no_show": _("Marked absent"),
            "volunteers.report_submitted": _("Report submitted"),
            "volunteers.report_me_too": _("Report seconded (me too)"),
            "volunteers.report_assigned": _("Report assigned"),
            "volunteers.report_accepted": _("Report accepted"),
            "volunteers.report_in_progress": _("Report in progress"),
            "volunteers.report_resolved": _("Report resolved"),
            "volunteers.report_rejected": _("Report rejected"),
            "volunteers.report_duplicate": _("Report marked duplicate"),
            "volunteers.text_saved": _("Public text changed"),
            "volunteers.text_signed": _("Convention signed"),
            "volunteers.text_unsigned": _("Signature withdrawn"),
        }
    )
    # volunteers.profile_updated's detail: the rider's home community, named by the trail.
    register_detail_labels({"home_community": _("Home community")})
    register_detail_model("home_community", "venues.Community")
    register_action_group(pgettext_lazy("audit group", "Reports"), ("volunteers.report_", "volunteers.reply_template_"), order=30)
    register_action_group(
        pgettext_lazy("audit group", "Activities"),
        (
            *("volunteers.activity_", "volunteers.signed_up", "volunteers.signup_", "volunteers.walk_in_"),
            *("volunteers.waitlist_", "volunteers.checked_in", "volunteers.no_show"),
        ),
        order=40,
    )
    register_action_group(
        pgettext_lazy("audit group", "Volunteers, micro-grid members and party members"),
        ("volunteers.team_", "volunteers.grid_", "volunteers.party_", "volunteers.profile_"),
        order=50,
    )
    register_action_group(pgettext_lazy("audit group", "Public texts"), ("volunteers.text_",), order=90)


def _register_audit_pages() -> None:
    """The staff pages the audit trail opens for the volunteers objects it lists (打开页面): a
    sign-up is a row of its activity's roster. And the objects whose claims it names (关联记录
    报名 #46): Signup.claim_ref and Report.claim_ref."""
    from friendlystreet.audit.registry import register_claim_ref, register_object_page, register_shown_on

    register_object_page("volunteers.activity", "volunteers:staff_activity_roster", "volunteers.run_activities")
    register_object_page("volunteers.report", "volunteers:staff_report_detail", "volunteers.triage_reports")
    register_object_page("volunteers.publictext", "volunteers:staff_text_edit", "volunteers.manage_texts")
    register_shown_on(
        "volunteers.signup", via="activity_id", url_name="volunteers:staff_activity_roster", perm="volunteers.run_activities"
    )
    register_claim_ref("signup", "volunteers.signup")
    register_claim_ref("report", "volunteers.report")
