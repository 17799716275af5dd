"""Two riders with the same kinds of data (claims with photos and decisions, ledger, vouchers,
sign-ups, reports with photos and updates, tips with photos, a signature, a party
declaration, notifications, the verification evidence), so a test can check that one rider's
export or deletion touches nothing of the other's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from friendlystreet.notifications.services import notify
from points.models import Claim, Reward
from points.rewards.services import reward_redeem
from points.services import claim_approve
from tests.points.factories import ClaimFactory, RuleFactory, add_photo, image_bytes
from tests.venues.factories import CompoundFactory, TipFactory, VenueFactory
from tests.volunteers.factories import SignupFactory
from venues.models import Tip, TipStatus
from volunteers.models import PartyDeclaration, RiderProfile
from volunteers.models_reports import Report, ReportPhoto, ReportUpdate
from volunteers.models_texts import PublicText, Signature


@dataclass
class Life:
    rider: object
    claim: Claim
    claim_photo: str
    used_voucher: object
    open_voucher: object
    report: Report
    report_photo: str
    tip: Tip  # approved: shown on the compound's guide
    pending_tip: Tip
    evidence: str


def live(rider, *, reviewer, venue, text, compound, words: str) -> Life:
    rule = RuleFactory(name=f"文明劝导{words}", points=50)
    claim = ClaimFactory(rider=rider, rule=rule, description=f"{words}的描述", location=f"{words}路口")
    photo = add_photo(claim)
    claim_approve(actor=reviewer, claim=claim)
    reward = Reward.objects.create(
        venue=venue, title=f"免费理发{words}", cost=10, stock=5, active=True, published_at=timezone.now()
    )
    used = reward_redeem(rider=rider, reward=reward).voucher
    type(used).objects.filter(pk=used.pk).update(status="redeemed", redeemed_at=timezone.now(), redeemed_by=reviewer)
    open_voucher = reward_redeem(rider=rider, reward=reward).voucher
    RiderProfile.objects.create(rider=rider)
    SignupFactory(rider=rider)
    report = Report.objects.create(reporter=rider, category="other", description=f"{words}的路灯坏了", address=f"{words}大道")
    rp = ReportPhoto(report=report, content_type="image/jpeg")
    rp.image.save("r.jpg", ContentFile(image_bytes()), save=True)
    ReportUpdate.objects.create(report=report, status=Report.Status.ACCEPTED, note="已受理", author=reviewer)
    tip = TipFactory(
        compound=compound,
        author=rider,
        text=f"{words}：3号门可进",
        status=TipStatus.APPROVED,
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
    )
    tip.photo.save("t.jpg", ContentFile(image_bytes()), save=True)
    pending_tip = TipFactory(compound=compound, author=rider, text=f"{words}：北门晚上锁")
    Signature.objects.create(text=text, signer=rider, party="courier", organisation=f"{words}站点")
    PartyDeclaration.objects.create(
        rider=rider, organisation=f"{words}党支部", consent_version="2026-12", consented_at=timezone.now()
    )
    rider.verification_evidence.save("e.jpg", ContentFile(image_bytes()), save=False)
    rider.privacy_consent_version = "2026-01"
    rider.privacy_consent_at = timezone.now() - timedelta(days=30)
    rider.work_id = f"MT-{words}"
    rider.email = f"{rider.username}@example.com"
    rider.save()
    notify(rider, "points_rider_verified", {})
    return Life(
        rider=rider,
        claim=claim,
        claim_photo=photo.image.name,
        used_voucher=used,
        open_voucher=open_voucher,
        report=report,
        report_photo=rp.image.name,
        tip=tip,
        pending_tip=pending_tip,
        evidence=rider.verification_evidence.name,
    )


@pytest.fixture
def lives(rider, other_rider, reviewer, settings, tmp_path):
    """(the rider's life, the other rider's life), each with its own words in every text."""
    settings.MEDIA_ROOT = tmp_path
    settings.SMS_BACKEND = "outbox"
    venue = VenueFactory()
    compound = CompoundFactory()
    text = PublicText.objects.create(
        kind="convention", title="三方公约", body="公约", issued_on=timezone.localdate(), issuer="街道", published=True
    )
    mine = live(rider, reviewer=reviewer, venue=venue, text=text, compound=compound, words="甲甲")
    theirs = live(other_rider, reviewer=reviewer, venue=venue, text=text, compound=compound, words="乙乙")
    return mine, theirs
