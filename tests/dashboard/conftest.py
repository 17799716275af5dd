"""A small street with hand-placed rows around the edges of March 2025 (Asia/Shanghai), whose
figures the tests compute by hand. The previous period of 2025-03-01..31, a whole month, is
February, 2025-02-01..28."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from friendlystreet.audit.models import AuditEntry
from friendlystreet.dashboard.periods import Period
from points.models import Claim, Reward, Voucher
from points.rewards.codes import new_code
from tests.factories import RiderFactory
from tests.points.factories import ClaimFactory
from tests.venues.factories import CommunityFactory, CompoundFactory, TipFactory, VenueFactory
from tests.volunteers.factories import ActivityFactory, SignupFactory
from venues.models import Tip
from volunteers.models import Activity, RiderProfile, Signup
from volunteers.models_reports import Report, ReportUpdate

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))


def at(text: str) -> datetime:
    """'2025-03-01 00:00' → that moment in Asia/Shanghai."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@dataclass
class Street:
    a: object
    b: object
    r1: object
    r2: object
    r3: object
    venue_a: object
    venue_b: object


def voucher(rider, reward, issued: str, cost: int, **events) -> Voucher:
    issued_at = at(issued)
    return Voucher.objects.create(
        code=new_code(),
        reward=reward,
        venue=reward.venue,
        title=reward.title,
        cost=cost,
        rider=rider,
        issued_at=issued_at,
        expires_at=issued_at + timedelta(days=30),
        **events,
    )


def report(reporter, community, created: str, accepted: str | None = None, resolved: str | None = None) -> Report:
    r = Report.objects.create(
        reporter=reporter, category="other", description="路灯坏了", address="成龙大道", community=community
    )
    status = Report.Status.RESOLVED if resolved else (Report.Status.ACCEPTED if accepted else Report.Status.SUBMITTED)
    Report.objects.filter(pk=r.pk).update(
        created_at=at(created),
        status=status,
        responded_at=at(accepted) if accepted else None,
        resolved_at=at(resolved) if resolved else None,
    )
    if accepted:
        u = ReportUpdate.objects.create(report=r, status=Report.Status.ACCEPTED)
        ReportUpdate.objects.filter(pk=u.pk).update(created_at=at(accepted))
    return r


@pytest.fixture
def street(db, reviewer) -> Street:
    a = CommunityFactory(name="甲社区", position=1)
    b = CommunityFactory(name="乙社区", position=2)
    venue_a = VenueFactory(community=a, lat=30.60, lng=104.10, plaque_number="CL-001")
    venue_b = VenueFactory(community=b, lat=30.62, lng=104.12)
    VenueFactory(community=b, lat=30.64, lng=104.14)
    VenueFactory(community=b, lat=10.0, lng=10.0, active=False)  # inactive: not on the map

    r1, r2, r3 = RiderFactory(), RiderFactory(), RiderFactory()
    RiderProfile.objects.create(rider=r1, home_community=a)
    RiderProfile.objects.create(rider=r2, home_community=b)
    # Registered: r1 at the first moment of March, r3 at its last second; r2 one second before.
    for rider, joined in ((r1, "2025-03-01 00:00:00"), (r2, "2025-02-28 23:59:59"), (r3, "2025-03-31 23:59:59")):
        type(rider).objects.filter(pk=rider.pk).update(date_joined=at(joined))
    # Verified: r1 in March, r2 in February (the audit trail keeps when).
    for rider, when in ((r1, "2025-03-10 12:00"), (r2, "2025-02-15 12:00")):
        e = AuditEntry.objects.create(
            actor=reviewer, action="accounts.rider_verified", target_type="accounts.user", target_id=str(rider.pk)
        )
        AuditEntry.objects.filter(pk=e.pk).update(created_at=at(when))

    # Claims: 30 (r1, 5 March) and 20 (r2, 23:30 on the 31st) earned in March; 7 (r1) decided at
    # midnight starting April: not March's; r3's pending claim was submitted in February.
    def claim(rider, created, decided=None, points=None):
        c = ClaimFactory(rider=rider)
        if decided:
            Claim.objects.filter(pk=c.pk).update(
                status="approved", points=points, points_computed=points, decided_at=at(decided), decided_by=reviewer
            )
        Claim.objects.filter(pk=c.pk).update(created_at=at(created))
        return c

    claim(r1, "2025-03-04 09:00", "2025-03-05 10:00", 30)
    claim(r2, "2025-03-31 08:00", "2025-03-31 23:30", 20)
    claim(r1, "2025-03-31 12:00", "2025-04-01 00:00", 7)
    claim(r3, "2025-02-20 09:00")

    reward_a = Reward.objects.create(
        venue=venue_a, title="免费理发", cost=15, stock=3, active=True, published_at=at("2025-01-01 00:00")
    )
    reward_b = Reward.objects.create(
        venue=venue_b, title="矿泉水", cost=5, stock=None, active=True, published_at=at("2025-01-01 00:00")
    )
    voucher(r1, reward_a, "2025-03-02 10:00", 15, status="redeemed", redeemed_at=at("2025-03-03 10:00"), redeemed_by=reviewer)
    voucher(r2, reward_b, "2025-02-27 10:00", 5, status="expired", expired_at=at("2025-03-29 00:05"))
    voucher(r3, reward_b, "2025-03-30 10:00", 8, status="cancelled", cancelled_at=at("2025-03-30 11:00"))

    # Activities: one held in March at venue A (2.5 hours; r1 came, r2 did not, r3 cancelled),
    # one starting at midnight after March, one cancelled in March.
    held = ActivityFactory(
        venue=venue_a, starts_at=at("2025-03-15 09:00"), ends_at=at("2025-03-15 11:30"), signup_deadline=at("2025-03-14 09:00")
    )
    SignupFactory(activity=held, rider=r1, attendance=Signup.Attendance.ATTENDED, checked_in_at=at("2025-03-15 09:05"))
    SignupFactory(activity=held, rider=r2, attendance=Signup.Attendance.NO_SHOW)
    SignupFactory(activity=held, rider=r3, status=Signup.Status.CANCELLED)
    ActivityFactory(
        venue=venue_b, starts_at=at("2025-04-01 00:00"), ends_at=at("2025-04-01 02:00"), signup_deadline=at("2025-03-31 00:00")
    )
    ActivityFactory(
        venue=venue_b,
        state=Activity.State.CANCELLED,
        starts_at=at("2025-03-20 09:00"),
        ends_at=at("2025-03-20 10:00"),
        signup_deadline=at("2025-03-19 09:00"),
    )

    # Reports: received in March rep1 (A) and rep3 (B); accepted in March rep1 after 10 h and
    # rep2 after 6 h; resolved in March rep1 after 24 h and rep2 after 72 h. rep4 is February's.
    report(r1, a, "2025-03-01 00:00", accepted="2025-03-01 10:00", resolved="2025-03-02 00:00")
    report(r2, b, "2025-02-28 20:00", accepted="2025-03-01 02:00", resolved="2025-03-03 20:00")
    report(r2, b, "2025-03-20 09:00")
    report(r3, None, "2025-02-10 00:00", accepted="2025-02-10 04:00")

    # Tips: one approved in March (a compound of A), one in February.
    for when in ("2025-03-10 12:00", "2025-02-10 12:00"):
        t = TipFactory(compound=CompoundFactory(community=a), author=r1)
        Tip.objects.filter(pk=t.pk).update(status="approved", reviewed_at=at(when), reviewed_by=reviewer)
    return Street(a=a, b=b, r1=r1, r2=r2, r3=r3, venue_a=venue_a, venue_b=venue_b)


MARCH_FIGURES = {
    "riders_registered": 2,
    "riders_verified": 1,
    "riders_active": 3,
    "points_earned": 50,
    "points_redeemed": 10,  # 15 + 8 paid, 5 + 8 given back (an expiry, a cancel)
    "vouchers_issued": 2,
    "vouchers_redeemed": 1,
    "vouchers_expired": 1,
    "vouchers_cancelled": 1,
    "activities_held": 1,
    "signups": 2,
    "attendance": 1,
    "volunteer_hours": 2.5,
    "reports_received": 2,
    "reports_accepted": 2,
    "reports_resolved": 2,
    "median_hours_to_accept": 8.0,
    "median_hours_to_resolve": 48.0,
    "tips_approved": 1,
}
# 2025-02-01..28: r2 registered and verified; r3 claimed, r2 got a voucher; rep2 and rep4
# received, rep4 accepted after 4 h; one tip.
PREVIOUS_FIGURES = {
    "riders_registered": 1,
    "riders_verified": 1,
    "riders_active": 2,
    "points_earned": 0,
    "points_redeemed": 5,
    "vouchers_issued": 1,
    "vouchers_redeemed": 0,
    "vouchers_expired": 0,
    "vouchers_cancelled": 0,
    "activities_held": 0,
    "signups": 0,
    "attendance": 0,
    "volunteer_hours": 0.0,
    "reports_received": 2,
    "reports_accepted": 1,
    "reports_resolved": 0,
    "median_hours_to_accept": 4.0,
    "median_hours_to_resolve": None,
    "tips_approved": 1,
}
