"""The demo of neighbourhood reports, the initiatives and the convention, and the partners' wall:
every state across the communities, overdue ones, me-toos and a duplicate, the five texts,
signatures from all three parties, the bike donor; and a second run adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from points.models import Claim
from venues.models import Partner
from volunteers.demo_reports import BIKE_DONOR, REPORTS
from volunteers.models import MeToo, PublicText, ReplyTemplate, Report, ReportCategory, ReportUpdate, Signature, TextKind
from volunteers.reports.selectors import overdue_count
from volunteers.texts.selectors import signature_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def snapshot() -> dict[str, int]:
    return {
        "reports": Report.objects.count(),
        "updates": ReportUpdate.objects.count(),
        "me_toos": MeToo.objects.count(),
        "claims": Claim.objects.filter(source_ref__startswith="report-").count(),
        "templates": ReplyTemplate.objects.count(),
        "texts": PublicText.objects.count(),
        "signatures": Signature.objects.count(),
        "partners": Partner.objects.count(),
    }


def test_reports_in_every_state_across_the_communities(demo):
    assert Report.objects.count() == len(REPORTS) == 15
    by_status = dict(Report.objects.values_list("status").annotate(n=Count("id")).order_by())
    assert by_status == {"submitted": 4, "accepted": 2, "in_progress": 2, "resolved": 5, "rejected": 1, "duplicate": 1}
    assert Report.objects.values("community").distinct().count() == 6
    assert set(Report.objects.values_list("category", flat=True)) == set(ReportCategory.values)
    assert not Report.objects.filter(photos__isnull=False).exists()
    assert Report.objects.get(category="venue_info").venue.name == "暖新便利店（成龙店）"  # sent from its page


def test_two_reports_are_overdue_one_has_three_me_toos_and_one_duplicates_it(demo):
    assert overdue_count() == 2
    popular = Report.objects.annotate(n=Count("me_toos")).get(n=3)
    assert popular.status == Report.Status.SUBMITTED
    duplicate = Report.objects.get(status=Report.Status.DUPLICATE)
    assert duplicate.duplicate_of == popular
    assert str(popular.pk) in duplicate.updates.last().note


def test_every_move_is_a_dated_update_and_acceptance_paid_once(demo):
    for report in Report.objects.prefetch_related("updates"):
        updates = list(report.updates.all())
        assert updates[0].status == "submitted" and updates[-1].status == report.status
        assert [u.created_at for u in updates] == sorted(u.created_at for u in updates)
        assert updates[0].created_at == report.created_at
    accepted = Report.objects.filter(status__in=["accepted", "in_progress", "resolved"])
    claims = Claim.objects.filter(source_ref__startswith="report-")
    assert sorted(claims.values_list("source_ref", flat=True)) == sorted(r.claim_ref for r in accepted)
    assert all(c.status == Claim.Status.APPROVED for c in claims)


def test_reply_templates_for_every_category(demo):
    assert set(ReplyTemplate.objects.exclude(category="").values_list("category", flat=True)) == set(ReportCategory.values)
    assert ReplyTemplate.objects.filter(category="").count() == 3


def test_five_published_texts_and_the_convention_signed_by_all_three_parties(demo, client):
    kinds = sorted(PublicText.objects.filter(published=True).values_list("kind", flat=True))
    assert kinds == sorted(
        [TextKind.CONVENTION, TextKind.INITIATIVE, TextKind.INITIATIVE, TextKind.INITIATIVE, TextKind.PARTY_LETTER]
    )
    convention = PublicText.objects.get(kind=TextKind.CONVENTION)
    assert signature_counts(convention) == {"community": 3, "property": 3, "courier": 12}
    # Each signs through their station, for its community or by its name (signing_rights).
    assert sorted(Signature.objects.exclude(party="courier").values_list("organisation", flat=True)) == sorted(
        ["驿都社区", "大观社区", "成龙社区", "锦绣天府物业暖新小站", "成龙锦苑物业暖新小站", "东方花园物业暖新小站"]
    )
    page = client.get(reverse("volunteers:text_detail", args=[convention.pk])).content.decode()
    assert "<h2>社区承诺</h2>" in page and "骑手也是治理者" in page
    for text in PublicText.objects.all():
        assert len(text.body) > 300 and "成龙路" in text.body + text.issuer


def test_the_bike_donor_is_on_the_partners_wall(demo, client):
    donor = Partner.objects.get(name=BIKE_DONOR)
    assert "10辆" in donor.contribution and donor.active
    page = client.get(reverse("venues:partners")).content.decode()
    assert BIKE_DONOR in page and "CLL-NX-2024-001" in page


def test_a_second_run_adds_nothing(demo):
    before = snapshot()
    call_command("seed_demo")
    assert snapshot() == before
