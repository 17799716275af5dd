"""What the points this app pays were for, as a rider's passbook and claims read them, in the
reader's language: built when shown from the report or the sign-up the claim paid for
(points.earning.register_payout_subjects), not from the words stored when it was paid, which are
in the language of that moment (a rider reading English saw 第13号线索（消防通道堵塞）…)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Report, Signup

EXCERPT = 40  # characters of the report's text in what its claim was for


def report_subject(report: Report) -> str:
    """An accepted report's claim in one line, in the active language: which report (its number,
    its kind, the start of what they wrote), so that the rider reads which one it paid for."""
    text = " ".join(report.description.split())
    if len(text) > EXCERPT:
        text = text[:EXCERPT] + "…"
    return _("Report #%(number)s (%(category)s): %(text)s") % {
        "number": report.pk,
        "category": report.get_category_display(),
        "text": text,
    }


def _ids(refs: list[str], prefix: str) -> dict[int, str]:
    """ "report-13" → 13, for the refs of this app's kind (anything else is left to the stored words)."""
    found = {}
    for ref in refs:
        kind, _sep, number = ref.rpartition("-")
        if kind == prefix and number.isdigit():
            found[int(number)] = ref
    return found


def reports_described(refs: list[str]) -> dict[str, str]:
    """Claims of source "report" (Report.claim_ref): one query for them all."""
    ids = _ids(refs, "report")
    reports = Report.objects.filter(pk__in=ids).only("id", "category", "description")
    return {ids[report.pk]: report_subject(report) for report in reports}


def attendances_described(refs: list[str]) -> dict[str, str]:
    """Claims of source "activity" (Signup.claim_ref): the activity's title, the street office's
    own words, as it is now, in the reader's language (Activity.label()). One query for them all."""
    ids = _ids(refs, "signup")
    signups = Signup.objects.filter(pk__in=ids).select_related("activity").only("id", "activity__title", "activity__title_en")
    return {ids[signup.pk]: signup.activity.label() for signup in signups}


def register() -> None:
    from points.earning import register_payout_subjects
    from points.models import Claim

    register_payout_subjects(Claim.Source.REPORT, reports_described)
    register_payout_subjects(Claim.Source.ACTIVITY, attendances_described)
