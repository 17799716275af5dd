"""Reads of the points app: rules, claims, caps, balances and passbooks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.db.models import CharField, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Cast, Coalesce, TruncDate, TruncMonth
from django.http import Http404
from django.utils.functional import lazy

from friendlystreet.accounts.models import User, Verification
from friendlystreet.accounts.roles import RIDER
from friendlystreet.audit.models import AuditEntry
from friendlystreet.days import local_day_bounds, local_month_bounds, local_zone
from friendlystreet.public_cache import PublicVersion
from friendlystreet.queues import next_in_queue

from .earning import payout_subjects
from .models import Account, Category, Claim, ClaimPhoto, LedgerEntry, Rule

PERM_REVIEW = "points.review_claim"
PERM_SUBMIT = "points.submit_claim"
PERM_RULES = "points.manage_rules"
PERM_ADJUST = "points.adjust_balance"
PERM_VERIFY = "accounts.verify_rider"


# --- rules ------------------------------------------------------------------------------


def rule_is_valid_on(rule: Rule, day: date) -> bool:
    return (rule.valid_from is None or rule.valid_from <= day) and (rule.valid_to is None or day <= rule.valid_to)


def rules_active() -> QuerySet[Rule]:
    return Rule.objects.filter(active=True, category__active=True).select_related("category")


def rules_in_force(*, on: date) -> QuerySet[Rule]:
    """Active rules whose validity window holds `on` (local date)."""
    return rules_active().filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )


def rules_claimable(*, on: date) -> QuerySet[Rule]:
    """Rules a rider may claim for something that happened on `on` (local date)."""
    return rules_in_force(on=on).filter(rider_claimable=True)


def categories_with_active_rules() -> list[Category]:
    """The "How to earn" page: active categories, each with its active rules."""
    rules = Rule.objects.filter(active=True).order_by("-rider_claimable", "name", "id")
    categories = Category.objects.filter(active=True).prefetch_related(Prefetch("rules", queryset=rules, to_attr="active_rules"))
    return [c for c in categories if c.active_rules]


# What the points app shows everyone alike ("How to earn", the catalogue's cards, a venue's
# rewards panel) is cached under this one version; nothing a rider owns is. A save or
# delete of a rule, a category or a reward bumps it (apps.py), and so does a stock change.
PUBLIC = PublicVersion("points")
public_changed = PUBLIC.bump  # a signal receiver too


def rule_by_code(code: str) -> Rule:
    """For other apps: the rule they pay by (`Rule.ACTIVITY_ATTENDANCE`, ...)."""
    return Rule.objects.select_related("category").get(code=code)


# --- claims -----------------------------------------------------------------------------


def claims_of(rider: User) -> QuerySet[Claim]:
    return Claim.objects.filter(rider=rider).select_related("rule__category").order_by("-created_at", "-id")


def claim_visible_to(user: User, pk: int) -> Claim:
    """The claim if `user` owns it or reviews claims; otherwise 404 (not 403: do not
    confirm that a claim with this number exists)."""
    qs = Claim.objects.select_related("rule__category", "rider", "decided_by").prefetch_related("photos")
    if not user.has_perm(PERM_REVIEW):
        qs = qs.filter(rider=user)
    try:
        claim = qs.get(pk=pk)
    except Claim.DoesNotExist:
        raise Http404 from None
    describe_claims([claim])  # its page and the API say what it paid for in the reader's language
    return claim


def describe_claims(claims: Iterable[Claim]) -> None:
    """Sets each claim's `about`, what it was for as the reader reads it (paid_for()). Claims
    already described are left as they are."""
    todo = [claim for claim in claims if not hasattr(claim, "about")]
    for claim, about in zip(todo, paid_for(todo), strict=True):
        claim.about = about


def paid_for(claims: list[Claim]) -> list[str]:
    """What each claim was for as the reader reads it: for a claim another app paid (an accepted
    report, an attendance), built now from the object it paid for by that app
    (earning.register_payout_subjects), in the active language; for a rider's own claim, and a
    paid one whose object is gone, its stored description. One query per kind of object among
    them, none for riders' claims."""
    abouts = [claim.description for claim in claims]
    by_source: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        if claim.source != Claim.Source.RIDER and claim.source_ref:
            by_source.setdefault(claim.source, []).append(i)
    for source, paid in by_source.items():
        lines = payout_subjects(source, sorted({claims[i].source_ref for i in paid}))
        for i in paid:
            abouts[i] = lines.get(claims[i].source_ref) or claims[i].description
    return abouts


def claim_to_send_again(rider: User, pk: int | None) -> Claim | None:
    """The rider's own rejected claim, whose rule, time and words a new claim starts from
    (重新申请); None for any other."""
    if pk is None or not rider.is_authenticated:
        return None
    return Claim.objects.filter(pk=pk, rider_id=rider.pk, status=Claim.Status.REJECTED).first()


def photo_visible_to(user: User, pk: int, claim_id: int | None = None) -> ClaimPhoto:
    qs = ClaimPhoto.objects.select_related("claim")
    if not user.is_authenticated:
        raise Http404
    if not user.has_perm(PERM_REVIEW):
        qs = qs.filter(claim__rider=user)
    if claim_id is not None:
        qs = qs.filter(claim_id=claim_id)
    try:
        return qs.get(pk=pk)
    except ClaimPhoto.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class QueueFilters:
    status: str = Claim.Status.PENDING
    category: int | None = None
    rule: int | None = None
    rider: str = ""  # phone (any part) or name
    occurred_from: date | None = None
    occurred_to: date | None = None


def claims_matching(qs: QuerySet[Claim], filters: QueueFilters) -> QuerySet[Claim]:
    """The review queue's filters: the queue and "approve and next" select by this one rule."""
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(rule__category_id=filters.category)
    if filters.rule:
        qs = qs.filter(rule_id=filters.rule)
    if filters.rider:
        term = filters.rider.strip()
        qs = qs.filter(Q(rider__phone__contains=term) | Q(rider__display_name__contains=term) | Q(rider__username=term))
    zone = local_zone()
    if filters.occurred_from:
        qs = qs.filter(occurred_at__gte=datetime.combine(filters.occurred_from, time.min, tzinfo=zone))
    if filters.occurred_to:
        qs = qs.filter(occurred_at__lt=datetime.combine(filters.occurred_to + timedelta(days=1), time.min, tzinfo=zone))
    return qs


def claim_queue(filters: QueueFilters) -> QuerySet[Claim]:
    """The review queue: pending claims oldest first (decided ones newest first)."""
    qs = (
        Claim.objects.select_related("rider", "rule__category")
        .prefetch_related(Prefetch("photos", queryset=ClaimPhoto.objects.only("id", "claim_id")))
        # The columns the queue shows: a User row is wide, the queue needs three of its fields.
        .only(
            *("id", "rider_id", "rule_id", "quantity", "occurred_at", "status", "points", "created_at", "reason"),
            *("rider__id", "rider__display_name", "rider__phone"),
            *("rule__id", "rule__name", "rule__name_en", "rule__unit", "rule__max_per_month", "rule__category_id"),
            *("rule__category__id", "rule__category__name", "rule__category__name_en"),
        )
    )
    qs = claims_matching(qs, filters)
    if filters.status == Claim.Status.PENDING:
        return qs.order_by("created_at", "id")
    return qs.order_by("-created_at", "-id")


@dataclass(frozen=True)
class MonthSummary:
    """The review queue's "This month" column for one claim."""

    approved: int = 0  # the rider's claims this (local) month, all rules
    pending: int = 0
    rejected: int = 0
    points: int = 0  # what those approved claims earned
    rule_earned: int = 0  # what the rider earned by this claim's rule in its local month (approved)
    rule_cap: int | None = None  # the rule's monthly cap; None: no cap

    @property
    def rule_left(self) -> int | None:
        return None if self.rule_cap is None else max(0, self.rule_cap - self.rule_earned)


def month_summaries(claims: list[Claim], *, now: datetime) -> dict[int, MonthSummary]:
    """Per claim id: its rider's claims this month, and what they earned by its rule in the
    month it happened against the rule's monthly cap (the month the cap counts), in one
    query grouped by rider, rule and local month. The claims need `rule` loaded."""
    if not claims:
        return {}
    zone = local_zone()
    this_month = local_month_bounds(now)[0].date()
    starts = [local_month_bounds(c.occurred_at)[0] for c in claims] + [local_month_bounds(now)[0]]
    ends = [local_month_bounds(c.occurred_at)[1] for c in claims] + [local_month_bounds(now)[1]]
    rows = (
        Claim.objects.filter(rider_id__in={c.rider_id for c in claims}, occurred_at__gte=min(starts), occurred_at__lt=max(ends))
        .annotate(month=TruncMonth("occurred_at", tzinfo=zone))
        .values("rider_id", "rule_id", "month")
        .annotate(
            approved=Count("id", filter=Q(status=Claim.Status.APPROVED)),
            pending=Count("id", filter=Q(status=Claim.Status.PENDING)),
            rejected=Count("id", filter=Q(status=Claim.Status.REJECTED)),
            points=Sum("points", filter=Q(status=Claim.Status.APPROVED)),
        )
        .order_by()
    )
    by_rider: dict[int, list[int]] = {}
    by_rule: dict[tuple[int, int, date], int] = {}
    for r in rows:
        month = r["month"].astimezone(zone).date() if isinstance(r["month"], datetime) else r["month"]
        by_rule[(r["rider_id"], r["rule_id"], month)] = r["points"] or 0
        if month == this_month:
            counts = by_rider.setdefault(r["rider_id"], [0, 0, 0, 0])
            for i, key in enumerate(("approved", "pending", "rejected", "points")):
                counts[i] += r[key] or 0
    out = {}
    for c in claims:
        month = local_month_bounds(c.occurred_at)[0].date()
        approved, pending, rejected, points = by_rider.get(c.rider_id, (0, 0, 0, 0))
        out[c.pk] = MonthSummary(
            approved=approved,
            pending=pending,
            rejected=rejected,
            points=points,
            rule_earned=by_rule.get((c.rider_id, c.rule_id, month), 0),
            rule_cap=c.rule.max_per_month,
        )
    return out


def next_pending_claim_id(*, reviewer: User, after: Claim, filters: QueueFilters | None = None) -> int | None:
    """The claim a reviewer opens after `after` ("approve and next", the n key): the next
    pending one in queue order (oldest first), else the oldest one still pending; never
    their own (they cannot decide it). Within the queue's `filters` (one category, one rider,
    some days), whatever status the reviewer was looking at: the next one to decide."""
    pending = claims_matching(Claim.objects.all(), replace(filters or QueueFilters(), status=Claim.Status.PENDING))
    return next_in_queue(pending.exclude(rider_id=reviewer.pk), after=after, order=("created_at",))


def rider_claims_in_month(claim: Claim) -> QuerySet[Claim]:
    """The rider's other claims in the local month of this claim (the reviewer's context)."""
    start, end = local_month_bounds(claim.occurred_at)
    return (
        Claim.objects.filter(rider_id=claim.rider_id, occurred_at__gte=start, occurred_at__lt=end)
        .exclude(pk=claim.pk)
        .select_related("rule")
        .order_by("-occurred_at", "-id")
    )


def same_day_claims(claims: list[Claim]) -> dict[int, list[Claim]]:
    """Per claim id: the rider's other claims by the same rule on the same local day, waiting
    or approved (a rejected or withdrawn one is no double payment): what the reviewer must
    see before paying twice for one shift. One query for a page of claims."""
    if not claims:
        return {}
    days = {claim.pk: local_day_bounds(claim.occurred_at) for claim in claims}
    same_day = Q()
    for claim in claims:
        start, end = days[claim.pk]
        same_day |= Q(rider_id=claim.rider_id, rule_id=claim.rule_id, occurred_at__gte=start, occurred_at__lt=end)
    others = list(
        Claim.objects.filter(same_day, status__in=[Claim.Status.PENDING, Claim.Status.APPROVED])
        .only("id", "rider_id", "rule_id", "occurred_at", "status", "points")
        .order_by("occurred_at", "id")
    )
    found: dict[int, list[Claim]] = {}
    for claim in claims:
        start, end = days[claim.pk]
        found[claim.pk] = [
            other
            for other in others
            if other.pk != claim.pk
            and (other.rider_id, other.rule_id) == (claim.rider_id, claim.rule_id)
            and start <= other.occurred_at < end
        ]
    return found


# --- caps -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Award:
    """What approving a claim grants now, and whether a cap cut it (shown to the reviewer,
    and to the rider as what a pending claim would earn)."""

    computed: int
    granted: int
    capped_by: str  # Claim.Cap: "", "day" or "month"
    earned_day: int
    earned_month: int
    max_per_day: int | None
    max_per_month: int | None

    @property
    def reduced(self) -> bool:
        return self.granted < self.computed

    @property
    def cap(self) -> int | None:
        """The cap that cut it (points a day or a month); None if none did."""
        return {Claim.Cap.DAY: self.max_per_day, Claim.Cap.MONTH: self.max_per_month}.get(self.capped_by)

    def get_cap_display(self) -> str:
        return Claim.Cap(self.capped_by).label


def points_for(rule: Rule, quantity: Decimal) -> int:
    # Whole points only; half an hour of a 5-point-per-hour rule rounds down.
    return int((Decimal(rule.points) * Decimal(quantity)).to_integral_value(rounding=ROUND_FLOOR))


def has_caps(rule: Rule) -> bool:
    return rule.max_per_day is not None or rule.max_per_month is not None


def award_under_caps(rule: Rule, quantity: Decimal, *, earned_day: int, earned_month: int) -> Award:
    """The one rule of what a claim pays: the rule's points × the quantity, cut to what is left
    of its daily and monthly caps after `earned_day` and `earned_month` (what the rider's
    other approved claims of the rule earned in the claim's local day and month)."""
    computed = points_for(rule, quantity)
    granted, capped_by = computed, Claim.Cap.NONE
    if rule.max_per_day is not None and granted > max(0, rule.max_per_day - earned_day):
        granted, capped_by = max(0, rule.max_per_day - earned_day), Claim.Cap.DAY
    if rule.max_per_month is not None and granted > max(0, rule.max_per_month - earned_month):
        granted, capped_by = max(0, rule.max_per_month - earned_month), Claim.Cap.MONTH
    return Award(
        computed=computed,
        granted=granted,
        capped_by=capped_by,
        earned_day=earned_day,
        earned_month=earned_month,
        max_per_day=rule.max_per_day,
        max_per_month=rule.max_per_month,
    )


def claim_award(claim: Claim) -> Award:
    """Apply the rule as it is now and its caps, counted in the local day and month of
    `occurred_at` over the rider's other approved claims of the same rule. The approval
    service calls this under the rider's account lock, so two approvals cannot both use
    the same remaining cap."""
    rule = claim.rule
    earned_day = earned_month = 0
    if has_caps(rule):
        day_start, day_end = local_day_bounds(claim.occurred_at)
        month_start, month_end = local_month_bounds(claim.occurred_at)
        sums = (
            Claim.objects.filter(
                rider_id=claim.rider_id,
                rule_id=rule.pk,
                status=Claim.Status.APPROVED,
                occurred_at__gte=month_start,
                occurred_at__lt=month_end,
            )
            .exclude(pk=claim.pk)
            .aggregate(
                month=Sum("points"),
                day=Sum("points", filter=Q(occurred_at__gte=day_start, occurred_at__lt=day_end)),
            )
        )
        earned_day, earned_month = sums["day"] or 0, sums["month"] or 0
    return award_under_caps(rule, claim.quantity, earned_day=earned_day, earned_month=earned_month)


def expected_awards(claims: Iterable[Claim]) -> dict[int, Award]:
    """Per pending claim id: what approving it now would grant, by claim_award()'s counts
    and award_under_caps(), for a page of claims in one query (none when no rule of theirs
    has a cap): the rider's approved points per rule and local day over the months
    concerned. An estimate: another pending claim approved first may use the cap. The
    claims need `rule` loaded (points, unit and caps)."""
    pending = [c for c in claims if c.status == Claim.Status.PENDING]
    capped = [c for c in pending if has_caps(c.rule)]
    zone = local_zone()
    # {(rider, rule): {local day: approved points}}
    by_day: dict[tuple[int, int], dict[date, int]] = {}
    if capped:
        rows = (
            Claim.objects.filter(
                status=Claim.Status.APPROVED,
                rider_id__in={c.rider_id for c in capped},
                rule_id__in={c.rule_id for c in capped},
                occurred_at__gte=min(local_month_bounds(c.occurred_at)[0] for c in capped),
                occurred_at__lt=max(local_month_bounds(c.occurred_at)[1] for c in capped),
            )
            .annotate(day=TruncDate("occurred_at", tzinfo=zone))
            .values("rider_id", "rule_id", "day")
            .annotate(points=Sum("points"))
            .order_by()
        )
        for r in rows:
            by_day.setdefault((r["rider_id"], r["rule_id"]), {})[r["day"]] = r["points"] or 0
    return _awards_after(pending, by_day)


def _awards_after(pending: list[Claim], by_day: dict[tuple[int, int], dict[date, int]]) -> dict[int, Award]:
    """Per pending claim id: award_under_caps() after the rider's approved points of its rule on
    its local day and in its local month, from `by_day` ({(rider, rule): {local day: approved
    points}}, as read by expected_awards() or claims_waiting())."""
    zone = local_zone()
    out = {}
    for claim in pending:
        day = claim.occurred_at.astimezone(zone).date()
        days = by_day.get((claim.rider_id, claim.rule_id), {})
        out[claim.pk] = award_under_caps(
            claim.rule,
            claim.quantity,
            earned_day=days.get(day, 0),
            earned_month=sum(n for d, n in days.items() if (d.year, d.month) == (day.year, day.month)),
        )
    return out


def with_expected_points(claims: Iterable[Claim]) -> None:
    """Set `expected_award` (expected_awards()) and `expected_points` (its points) on each
    pending claim: what the rider would get if it were approved now, caps applied. Other
    claims get None."""
    claims = list(claims)
    awards = expected_awards(claims)
    for claim in claims:
        claim.expected_award = awards.get(claim.pk)
        claim.expected_points = claim.expected_award.granted if claim.expected_award else None


# What award_under_caps() reads of a claim's rule.
_AWARD_RULE_FIELDS = ("rule__id", "rule__points", "rule__max_per_day", "rule__max_per_month")


@dataclass(frozen=True)
class Waiting:
    """A rider's claims waiting for review: how many, and what approving them all now would
    grant, each as the claim list says it (expected +N: expected_awards())."""

    count: int
    points: int


def claims_waiting(rider: User) -> Waiting:
    """What the rider's points page (and GET /api/v1/me/) says of their claims still waiting
    for review, in one query: their pending claims with each one's rule, and with them, for
    a rule that has a cap, the rider's approved claims of that rule in the local month of one
    of its pending claims (what expected_awards() counts the caps over). The points are
    _awards_after()'s, the claim list's estimate, so the two pages cannot disagree."""
    zone = local_zone()
    pending_that_month = (
        Claim.objects.filter(rider_id=OuterRef("rider_id"), rule_id=OuterRef("rule_id"), status=Claim.Status.PENDING)
        .annotate(month=TruncMonth("occurred_at", tzinfo=zone))
        .filter(month=OuterRef("month"))
    )
    capped = Q(rule__max_per_day__isnull=False) | Q(rule__max_per_month__isnull=False)
    rows = (
        Claim.objects.filter(rider_id=rider.pk)
        .annotate(month=TruncMonth("occurred_at", tzinfo=zone))
        .filter(Q(status=Claim.Status.PENDING) | (Q(status=Claim.Status.APPROVED) & capped & Exists(pending_that_month)))
        .select_related("rule")
        .only(*("id", "rider_id", "rule_id", "quantity", "occurred_at", "status", "points"), *_AWARD_RULE_FIELDS)
        .order_by()
    )
    pending: list[Claim] = []
    by_day: dict[tuple[int, int], dict[date, int]] = {}
    for claim in rows:
        if claim.status == Claim.Status.PENDING:
            pending.append(claim)
            continue
        days = by_day.setdefault((claim.rider_id, claim.rule_id), {})
        day = claim.occurred_at.astimezone(zone).date()
        days[day] = days.get(day, 0) + (claim.points or 0)
    awards = _awards_after(pending, by_day)
    return Waiting(count=len(pending), points=sum(award.granted for award in awards.values()))


# What a claim is paid by: a change of any of these changes what pending claims will get.
RULE_PAY_FIELDS = ("points", "unit", "max_per_day", "max_per_month")


@dataclass(frozen=True)
class PendingEffect:
    """Of a rule's pending claims: how many, and what approving them all now would grant,
    by the rule as it is (`now`) and as edited (`after`), each by expected_awards() (caps
    applied after the approved claims so far, each claim counted alone)."""

    count: int
    now: int
    after: int

    @property
    def changes(self) -> bool:
        return self.count > 0 and self.now != self.after


def pending_effect(rule: Rule, data: dict | None = None) -> PendingEffect:
    """What a change of `rule` (the form's cleaned `data`; None: no change) does to its pending
    claims, which are paid by the rule as it is when they are approved. Two queries (three
    when the rule has caps before or after)."""
    claims = list(
        Claim.objects.filter(rule_id=rule.pk, status=Claim.Status.PENDING)
        .only("id", "rider_id", "rule_id", "quantity", "occurred_at", "status")
        .order_by("id")
    )
    for claim in claims:
        claim.rule = rule
    now = sum(a.granted for a in expected_awards(claims).values())
    after = now
    if data is not None and any(name in data and data[name] != getattr(rule, name) for name in RULE_PAY_FIELDS):
        edited = replace_fields(rule, {name: data[name] for name in RULE_PAY_FIELDS if name in data})
        for claim in claims:
            claim.rule = edited
        after = sum(a.granted for a in expected_awards(claims).values())
    return PendingEffect(count=len(claims), now=now, after=after)


def replace_fields(rule: Rule, values: dict) -> Rule:
    """An unsaved copy of `rule` with `values` (for estimates; never saved)."""
    edited = Rule(**{f.attname: getattr(rule, f.attname) for f in Rule._meta.concrete_fields})
    for name, value in values.items():
        setattr(edited, name, value)
    return edited


# --- balances and the passbook --------------------------------------------------------------


def balance_of(user: User) -> int:
    """For display (the services lock the account instead); 0 before the first entry."""
    return Account.objects.filter(pk=user.pk).values_list("balance", flat=True).first() or 0


PASSBOOK_PAGE = 20


def passbook_page(user: User, *, before: int | None = None, size: int = PASSBOOK_PAGE) -> tuple[list[LedgerEntry], int | None]:
    """One page of the rider's entries, newest first, and the cursor of the next page.

    Keyset pagination (`id < before`) on the (account, -id) index: the page costs the
    same for a rider with ten entries as for one with ten thousand, and needs no COUNT.
    """
    qs = passbook_entries(user)
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs.order_by("-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    with_texts(rows)
    return rows, (rows[-1].id if more else None)


def with_texts(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """Sets each entry's `text` (entry_text()), with what the claims paid by other apps were for
    read from their objects: one query per kind of object on the page (describe_claims())."""
    describe_claims([entry.claim for entry in entries if entry.claim_id])
    for entry in entries:
        entry.text = entry_text(entry)
    return entries


# What entry_text() and with_texts() read of an entry and of what it refers to: the one list for
# every reader of a ledger line. The rider's passbook, the street office's balance page and the
# API load these with the entry in its one query (LINE_FIELDS); the English ledger export streams
# them as values (TEXT_VALUES, entry_texts()). Read something more in entry_text(), add it here.
TEXT_FIELDS = (
    "kind",
    "description",
    "claim__quantity",
    "claim__source",
    "claim__source_ref",  # what the claim paid for, described when shown (describe_claims())
    "claim__description",
    "claim__rule__name",
    "claim__rule__name_en",
    "claim__rule__unit",
    "voucher__title",
    "voucher__title_en",
    "voucher__status",
    "voucher__venue__name",
    "voucher__venue__name_en",
)


def _relation_ids(fields: tuple[str, ...]) -> tuple[str, ...]:
    """The id of every relation `fields` go through, each before the ids of relations beneath it:
    ("claim__rule__name",) gives ("claim_id", "claim__rule_id")."""
    ids: dict[str, None] = {}
    for path in fields:
        hops = path.split(LOOKUP_SEP)[:-1]
        for n in range(1, len(hops) + 1):
            ids[LOOKUP_SEP.join(hops[:n]) + "_id"] = None
    return tuple(ids)


# TEXT_FIELDS as values (values_list()), after the ids that say which claim, rule, voucher and
# venue they belong to (none when the entry refers to no claim, or no voucher).
TEXT_VALUES = (*_relation_ids(TEXT_FIELDS), *TEXT_FIELDS)

# A passbook line: the entry's own columns, what it reads (TEXT_FIELDS), and the voucher's code
# (the row links to the voucher's page). Fetched with the entry, in one query.
LINE_FIELDS = ("id", "amount", "balance_after", "created_at", "note", *TEXT_FIELDS, "voucher__code")


def entries_from_values(rows: Iterable[Sequence[Any]]) -> list[LedgerEntry]:
    """Unsaved entries, each holding a row of TEXT_VALUES and the claim, rule, voucher and venue
    that row names, as a page loads them with select_related(): for a reader that streams values
    rather than objects, so that entry_text() reads both alike. Nothing is loaded again."""
    entries = []
    for row in rows:
        entry = LedgerEntry()
        for path, value in zip(TEXT_VALUES, row, strict=True):
            *hops, name = path.split(LOOKUP_SEP)
            target: Any = entry
            for hop in hops:  # each relation was set (or left empty) by its id, which comes first
                target = getattr(target, hop) if target is not None else None
            if target is None:
                continue  # beneath a relation the entry does not have: an entry of no claim
            field = target._meta.get_field(name)
            if field.is_relation and name == field.attname and value is not None:
                setattr(target, field.name, field.related_model(pk=value))
            else:
                setattr(target, name, value)
        entries.append(entry)
    return entries


def entry_texts(rows: Iterable[Sequence[Any]]) -> list[str]:
    """What each entry says (entry_text(), through with_texts() as a page), from rows of
    TEXT_VALUES: one query per kind of object their paid claims refer to."""
    return [entry.text for entry in with_texts(entries_from_values(rows))]


def passbook_entries(user: User) -> QuerySet[LedgerEntry]:
    """The rider's entries with what entry_text() reads, in the one query of the page."""
    return LedgerEntry.objects.filter(account_id=user.pk).select_related("claim__rule", "voucher__venue").only(*LINE_FIELDS)


def ledger_lines(rider: User, *, size: int = 50) -> list[LedgerEntry]:
    """The rider's latest entries as the street office reads them (their balance page): the
    passbook's lines, in the reader's language (with_texts()), and who wrote each."""
    rows = (
        LedgerEntry.objects.filter(account_id=rider.pk)
        .select_related("claim__rule", "voucher__venue", "actor")
        .only(*LINE_FIELDS, "actor__display_name", "actor__phone", "actor__username")
        .order_by("-id")[:size]
    )
    return with_texts(list(rows))


def claim_line(rule: Rule, quantity: Decimal) -> str:
    """A claim as one line: the rule, and how many (hours in the reader's language)."""
    from django.utils.translation import gettext as _

    amount = f"{quantity.normalize():f}"
    if rule.per_hour:
        return _("%(rule)s × %(hours)s h") % {"rule": rule.label(), "hours": amount}
    return rule.label() if quantity == 1 else f"{rule.label()} × {amount}"


SUBJECT_MAX = 30  # characters of what a claim was about (a tip's text may run to 200)


def claim_subject(claim: Claim, about: str | None = None) -> str:
    """What a claim paid for, in one line: its rule, and for a claim another app made (an
    activity, a report, a tip) what it was about (the activity's title, 第15号线索（…）), so
    the rider reads which one without opening it. `about`: what it was about as the reader reads
    it (paid_for()); else as describe_claims() set it where a page reads it; else the stored words."""
    line = claim_line(claim.rule, claim.quantity)
    if about is None:
        about = getattr(claim, "about", claim.description)
    if claim.source != Claim.Source.RIDER and about:
        about = about if len(about) <= SUBJECT_MAX else about[: SUBJECT_MAX - 1] + "…"
        return f"{line} · {about}"
    return line


def _claim_subject_now(claim: Claim) -> str:
    (about,) = paid_for([claim])
    return claim_subject(claim, about)


# claim_subject() built when it is turned into text, in the language active then, leaving the claim
# as it is: a notice is written in its recipient's language (notifications.notify renders lazy
# values under it) while the request that paid is the reviewer's, in theirs.
claim_subject_when_read = lazy(_claim_subject_now, str)


def entry_text(entry: LedgerEntry) -> str:
    """What a passbook line says, in the reader's language, from what the entry refers to (a
    claim's rule and quantity, a voucher's title and venue), not from the words stored when it
    was written: a line written for a Chinese reader reads English for an English one, rule and
    reward names included where staff gave them an English one (label()). Entries that refer
    to nothing (older rows, corrections) fall back to the stored description."""
    from django.utils.translation import gettext as _

    claim, voucher = entry.claim, entry.voucher
    if entry.kind == LedgerEntry.Kind.EARN and claim is not None:
        return claim_subject(claim)
    if entry.kind == LedgerEntry.Kind.REDEEM and voucher is not None:
        return f"{voucher.label()} · {voucher.venue.label()}"
    if entry.kind == LedgerEntry.Kind.REFUND and voucher is not None:
        if voucher.status == "expired":
            return _("Expired unused: %(title)s") % {"title": voucher.label()}
        return _("Cancelled: %(title)s") % {"title": voucher.label()}
    if entry.kind == LedgerEntry.Kind.ADJUST:
        return _("Adjustment by the street office")
    return entry.description


# --- riders waiting for verification ------------------------------------------------------


def riders_to_verify(*, status: str = Verification.UNVERIFIED) -> QuerySet[User]:
    """The riders of one tab of the verification queue, oldest first. The waiting tab (the one
    rule for the queue, its badge, the dashboard's count and oldest wait, and the morning
    digest) leaves out a sign-up whose phone was never confirmed by its SMS code: nobody has
    shown they hold that number, so there is nobody to verify yet. A rider sent back after a
    refusal (verification.evidence_save) waits here again. Riders who have uploaded no
    screenshot wait too (a verifier may decide without one: services.rider_verify); the
    dashboard says how many (riders_waiting_without_evidence_count).

    The waiting tab is in the order of `waiting_since` (annotated on each rider), when the rider
    began to wait for the decision they are waiting for: not their sign-up when they were
    refused since and sent a new screenshot yesterday."""
    riders = User.objects.filter(groups__name=RIDER, verification=status)
    if status != Verification.UNVERIFIED:
        return riders.order_by("date_joined", "id")
    return riders.filter(phone_verified=True).annotate(waiting_since=_waiting_since()).order_by("waiting_since", "id")


def _waiting_since() -> Coalesce:
    """When a rider waiting for verification began to wait: their first screenshot
    (verification.evidence_save) or reopening (verification.verified_details_changed: a
    verified detail changed) since the last decision, whichever came first; their sign-up if
    neither ever happened. A refused rider waits again from the screenshot they send after the
    refusal; a rider who sends another screenshot while waiting (a clearer photo) keeps their
    place: improving the evidence does not send them to the back of the queue. From the audit
    trail, where all three are written with the change they record (in the trail's order, by
    id, as decision_history and last_upload read it), as purge_evidence reads decisions."""
    from .verification import DECISIONS, EVIDENCE_UPLOADED, VERIFICATION_REOPENED

    trail = AuditEntry.objects.filter(target_type=User._meta.label_lower)
    # The rider's last decision, for each of their entries below (same target): 0 if none.
    last_decision = trail.filter(target_id=OuterRef("target_id"), action__in=DECISIONS).order_by("-id").values("id")[:1]
    first = (
        trail.filter(target_id=Cast(OuterRef("pk"), CharField()), action__in=(EVIDENCE_UPLOADED, VERIFICATION_REOPENED))
        .filter(id__gt=Coalesce(Subquery(last_decision), 0))
        .order_by("id")
        .values("created_at")[:1]
    )
    return Coalesce(Subquery(first), F("date_joined"))


def next_rider_to_verify_id(*, verifier: User, after: User) -> int | None:
    """The rider a verifier opens after deciding on `after` ("verify and next"): the next one
    waiting in the queue's order (riders_to_verify: by when they began to wait), never the
    verifier themself (they cannot verify themselves). `after`, decided now, is placed by the
    same rule (the decision does not move it)."""
    anchor = User.objects.annotate(waiting_since=_waiting_since()).only("pk").get(pk=after.pk)
    return next_in_queue(riders_to_verify().exclude(pk=verifier.pk), after=anchor, order=("waiting_since",))


def pending_claims_count() -> int:
    return Claim.objects.filter(status=Claim.Status.PENDING).count()


def riders_waiting_count() -> int:
    return riders_to_verify().count()


def riders_waiting_without_evidence_count() -> int:
    """Of the riders waiting (riders_to_verify), those who have sent no screenshot yet."""
    return riders_to_verify().filter(verification_evidence="").count()


def points_for_tips(tips: Iterable[Any]) -> dict[int | None, int]:
    """`venues.hooks.tip_points` provider: {tip id: what its author would get if it were
    approved now}, by the rule claim_for_approved_tip pays (compound_tip_approved, caps applied
    by expected_awards). A tip being written has no id yet (None). Nothing without the rule."""
    rule = Rule.objects.filter(code=Rule.COMPOUND_TIP_APPROVED, active=True).first()
    if rule is None:
        return {}
    tips = list(tips)
    claims = [
        Claim(
            pk=tip.pk,
            rider_id=tip.author_id,
            rule=rule,
            quantity=Decimal(1),
            occurred_at=tip.created_at,
            status=Claim.Status.PENDING,
        )
        for tip in tips
    ]
    awards = expected_awards(claims)
    return {tip.pk: awards[tip.pk].granted for tip in tips}
