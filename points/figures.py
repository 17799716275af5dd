"""The points app's figures for the staff dashboard (friendlystreet.dashboard.registry):
points earned and redeemed, vouchers, the charts of points per day, claims by category and
redemptions by venue, the partners panel, and the queue lines of today's work.

Definitions (all in the period, Asia/Shanghai days):
- points_earned: points granted by claims approved in the period (`decided_at`);
- points_redeemed: points spent on vouchers in the period, net of refunds: the points paid
  for vouchers issued in the period, less the points given back for vouchers cancelled or
  expired in the period (each by its own date, as the ledger's redeem and refund entries
  are: the figure is their sum in the period, so the ledger export adds up to it). The
  points of vouchers *used* (已核销) are another figure: the partners panel's;
- vouchers_issued / _redeemed / _expired / _cancelled: by the date of each event;
- active riders: whoever submitted a claim (attendance and accepted reports make claims too)
  or got a voucher in the period.
Points earned are split by the rider's home community; vouchers by the venue's community.
"""

from __future__ import annotations

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from friendlystreet.dashboard.aggregates import grouped
from friendlystreet.dashboard.periods import Period
from friendlystreet.dashboard.registry import Chart, FigureSource, Panel, register_figure_source, rider_community
from friendlystreet.days import local_zone
from friendlystreet.names import in_reader_language

from .models import Claim, Reward, Voucher

LOW_STOCK = 5  # a reward with this many vouchers left or fewer is "running out"
TOP_VENUES = 10

KEYS = (
    "points_earned",
    "points_redeemed",
    "vouchers_issued",
    "vouchers_redeemed",
    "vouchers_expired",
    "vouchers_cancelled",
)


def _earned(period: Period):
    return Claim.objects.filter(status=Claim.Status.APPROVED, **period.range("decided_at"))


def _voucher_aggregates(period: Period) -> dict:
    def within(field: str) -> Q:
        return Q(**period.range(field))

    spent = Coalesce(Sum("cost", filter=within("issued_at")), 0)
    refunded = Coalesce(Sum("cost", filter=within("cancelled_at") | within("expired_at")), 0)
    return {
        "vouchers_issued": Count("pk", filter=within("issued_at")),
        "vouchers_redeemed": Count("pk", filter=within("redeemed_at")),
        "vouchers_expired": Count("pk", filter=within("expired_at")),
        "vouchers_cancelled": Count("pk", filter=within("cancelled_at")),
        "points_redeemed": spent - refunded,
    }


def vouchers_with_events_in(period: Period):
    """Vouchers with any event in the period (each event's own date decides what it counts for)."""
    return Voucher.objects.filter(
        Q(**period.range("issued_at"))
        | Q(**period.range("redeemed_at"))
        | Q(**period.range("expired_at"))
        | Q(**period.range("cancelled_at"))
    )


def compute(period: Period, community_id: int | None = None) -> dict:
    earned = _earned(period)
    vouchers = vouchers_with_events_in(period)
    if community_id is not None:
        earned = earned.annotate(cid=rider_community("rider_id")).filter(cid=community_id)
        vouchers = vouchers.filter(venue__community_id=community_id)
    values = earned.aggregate(points_earned=Coalesce(Sum("points"), 0))
    values.update(vouchers.aggregate(**_voucher_aggregates(period)))
    return values


def by_community(period: Period) -> dict:
    out = grouped(
        _earned(period)
        .annotate(cid=rider_community("rider_id"))
        .values("cid")
        .annotate(points_earned=Coalesce(Sum("points"), 0))
        .order_by()
    )
    rows = vouchers_with_events_in(period).values(cid=F("venue__community_id")).annotate(**_voucher_aggregates(period)).order_by()
    for community, values in grouped(rows).items():
        out.setdefault(community, {}).update(values)
    return out


def active_riders(period: Period) -> list:
    return [
        Claim.objects.filter(**period.range("created_at")).values("rider_id"),
        Voucher.objects.filter(**period.range("issued_at")).values("rider_id"),
    ]


def charts(period: Period, community_id: int | None = None) -> list[Chart]:
    earned = _earned(period)
    claims = Claim.objects.filter(**period.range("created_at"))
    issued = Voucher.objects.filter(**period.range("issued_at"))
    refunded = Voucher.objects.annotate(refunded_at=Coalesce("cancelled_at", "expired_at")).filter(**period.range("refunded_at"))
    redeemed = Voucher.objects.filter(status=Voucher.Status.REDEEMED, **period.range("redeemed_at"))
    if community_id is not None:
        earned = earned.annotate(cid=rider_community("rider_id")).filter(cid=community_id)
        claims = claims.annotate(cid=rider_community("rider_id")).filter(cid=community_id)
        issued = issued.filter(venue__community_id=community_id)
        refunded = refunded.filter(venue__community_id=community_id)
        redeemed = redeemed.filter(venue__community_id=community_id)

    # Points earned vs. redeemed per day (two grouped queries; the empty days are zeros).
    days = [d.isoformat() for d in period.day_list()]
    earned_by_day = {
        row["day"].isoformat(): row["n"]
        for row in earned.annotate(day=TruncDate("decided_at", tzinfo=local_zone()))
        .values("day")
        .annotate(n=Sum("points"))
        .order_by()
    }
    # Redeemed net of refunds, as the figure: each day's points paid for vouchers less those
    # given back that day, in one query (the day's issues and the day's refunds, UNION ALL).
    spent_by_day: dict[str, int] = {}
    for row in (
        issued.annotate(day=TruncDate("issued_at", tzinfo=local_zone()))
        .values("day")
        .annotate(n=Sum("cost"))
        .order_by()
        .union(
            refunded.annotate(day=TruncDate("refunded_at", tzinfo=local_zone()))
            .values("day")
            .annotate(n=-Sum("cost"))
            .order_by(),
            all=True,
        )
    ):
        day = row["day"].isoformat()
        spent_by_day[day] = spent_by_day.get(day, 0) + (row["n"] or 0)
    per_day = Chart(
        code="points_per_day",
        title=_("Points earned and redeemed (net of refunds) per day"),
        kind="line",
        labels=days,
        series=[
            (_("Earned"), [earned_by_day.get(d, 0) or 0 for d in days]),
            (_("Redeemed, net of refunds"), [spent_by_day.get(d, 0) for d in days]),
        ],
        order=10,
    )

    # Claims submitted and points earned, by category (one query each), named in the reader's
    # language (the bundle is cached per language).
    name = ("rule__category__name", "rule__category__name_en")
    submitted = {
        in_reader_language(row[name[0]], row[name[1]]): row["n"]
        for row in claims.values(*name).annotate(n=Count("pk")).order_by()
    }
    points = {
        in_reader_language(row[name[0]], row[name[1]]): row["n"]
        for row in earned.values(*name).annotate(n=Coalesce(Sum("points"), 0)).order_by()
    }
    categories = sorted(set(submitted) | set(points))
    by_category = Chart(
        code="claims_by_category",
        title=_("Claims and points earned by category"),
        labels=categories,
        series=[
            (_("Claims submitted"), [submitted.get(c, 0) for c in categories]),
            (_("Points earned"), [points.get(c, 0) for c in categories]),
        ],
        order=20,
        right=(1,),  # points run to hundreds, claims to tens: each on its own axis
    )

    # Redemptions by venue: the venues with the most vouchers used.
    top = list(
        redeemed.values("venue__name").annotate(n=Count("pk"), spent=Sum("cost")).order_by("-n", "venue__name")[:TOP_VENUES]
    )
    by_venue = Chart(
        code="redemptions_by_venue",
        title=_("Redemptions by venue"),
        labels=[row["venue__name"] for row in top],
        series=[
            (_("Vouchers used"), [row["n"] for row in top]),
            (_("Points of vouchers used"), [row["spent"] or 0 for row in top]),
        ],
        order=30,
        right=(1,),  # points run to hundreds, vouchers to a few: each on its own axis
    )
    return [per_day, by_category, by_venue]


def partners(period: Period, community_id: int | None = None) -> list[Panel]:
    """Venues by vouchers used in the period and the points of those vouchers (已核销积分, not
    the figure points_redeemed), with their plaque numbers; and the published rewards whose
    stock is running out."""
    redeemed = Voucher.objects.filter(status=Voucher.Status.REDEEMED, **period.range("redeemed_at"))
    low = Reward.objects.filter(active=True, stock__isnull=False, stock__lte=LOW_STOCK)
    if community_id is not None:
        redeemed = redeemed.filter(venue__community_id=community_id)
        low = low.filter(venue__community_id=community_id)
    venues = list(
        redeemed.values("venue_id", "venue__name", "venue__plaque_number")
        .annotate(n=Count("pk"), spent=Sum("cost"))
        .order_by("-n", "-spent", "venue__name")[:TOP_VENUES]
    )
    running_out = list(
        low.select_related("venue").only("id", "title", "title_en", "stock", "venue__name").order_by("stock", "title", "id")[:20]
    )
    return [Panel("staff/dashboard/panels/partners.html", {"venues": venues, "running_out": running_out}, order=10)]


def _oldest_pending_claim(user):
    return (
        Claim.objects.filter(status=Claim.Status.PENDING)
        .order_by("created_at", "id")
        .values_list("created_at", flat=True)
        .first()
    )


def _oldest_rider_waiting(user):
    """The longest wait in the queue, by the queue's own rule (riders_to_verify's waiting_since):
    from the latest screenshot, not from the sign-up of a rider refused since."""
    from .selectors import riders_to_verify

    return riders_to_verify().values_list("waiting_since", flat=True).first()


def _riders_without_evidence(user) -> str:
    """How many of the riders counted have sent no screenshot yet: they wait (a verifier may
    decide without one), but there is nothing of theirs to check."""
    from .selectors import riders_waiting_without_evidence_count

    n = riders_waiting_without_evidence_count()
    if not n:
        return ""
    return ngettext("%(n)s of them has uploaded no evidence yet", "%(n)s of them have uploaded no evidence yet", n) % {"n": n}


def register() -> None:
    """Called from PointsConfig.ready(), after the digest sources are registered."""
    from friendlystreet.notifications.digest import update_digest_source

    from .selectors import PERM_REVIEW

    register_figure_source(
        FigureSource(
            code="points",
            keys=KEYS,
            compute=compute,
            by_community=by_community,
            active_riders=active_riders,
            charts=charts,
            panels=partners,
            perm=PERM_REVIEW,
        )
    )
    # item_url_names: the menu counts the queue now on one item's page too ("approve and next"
    # goes from claim to claim without the queue's page).
    update_digest_source(
        "points.pending_claims",
        url_name="points:review_queue",
        item_url_names=("points:review_claim",),
        queue="pending_claims",
        oldest=_oldest_pending_claim,
    )
    update_digest_source(
        "points.riders_waiting",
        url_name="points:rider_queue",
        item_url_names=("points:rider_decide",),
        queue="riders_to_verify",
        oldest=_oldest_rider_waiting,
        detail=_riders_without_evidence,
    )
    update_digest_source(
        "points.reward_proposals",
        url_name="points:staff_reward_list",
        item_url_names=("points:staff_reward_edit",),
        queue="proposals_pending",
    )
