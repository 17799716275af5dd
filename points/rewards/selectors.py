"""Reads of the rewards: the catalogue, what a rider may still take, vouchers, a venue's
redemptions. Every list is a constant number of queries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from friendlystreet.accounts import roles
from friendlystreet.accounts.models import User
from friendlystreet.audit.models import AuditEntry
from friendlystreet.days import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    local_day_bounds,
    local_month_bounds,
    local_today,
    local_zone,
)
from friendlystreet.inputs import parse_id
from friendlystreet.names import in_reader_language
from venues.models import Venue, VenueKind
from venues.selectors import venues_operated_by

from ..models import Reward, Voucher
from ..models_rewards import PROPOSAL_TERMS
from ..selectors import PUBLIC, public_changed, rules_in_force
from . import codes

PERM_MANAGE = "points.manage_rewards"
PERM_REDEEM = "points.redeem_reward"
# A live voucher counts towards the rider's monthly limit; a cancelled or expired one was
# given back, so it does not.
COUNTED_STATUSES = (Voucher.Status.ISSUED, Voucher.Status.REDEEMED)


# --- the catalogue ---------------------------------------------------------------------------


def on_sale(*, today: date) -> QuerySet[Reward]:
    """Published rewards of active venues whose availability window includes `today`."""
    return Reward.objects.filter(
        Q(available_from__isnull=True) | Q(available_from__lte=today),
        Q(available_to__isnull=True) | Q(available_to__gte=today),
        active=True,
        venue__active=True,
    )


def is_on_sale(reward: Reward, *, today: date) -> bool:
    return (
        reward.active
        and (reward.available_from is None or reward.available_from <= today)
        and (reward.available_to is None or today <= reward.available_to)
    )


CATALOGUE_FIELDS = (
    "id",
    "title",
    "title_en",
    "description",
    "image",
    "thumbnail",
    "thumb_width",
    "thumb_height",
    "cost",
    "stock",
    "per_rider_monthly_limit",
    "valid_days",
    "available_to",
    "venue__id",
    "venue__name",
    "venue__name_en",
    "venue__kind",
)


@dataclass(frozen=True)
class CatalogueFilters:
    kind: str = ""  # a VenueKind value
    venue: int | None = None
    affordable_for: int | None = None  # a balance: only rewards costing at most this


def catalogue(filters: CatalogueFilters, *, today: date | None = None) -> QuerySet[Reward]:
    qs = on_sale(today=today or local_today()).select_related("venue").only(*CATALOGUE_FIELDS)
    if filters.kind in VenueKind.values:
        qs = qs.filter(venue__kind=filters.kind)
    if filters.venue:
        qs = qs.filter(venue_id=filters.venue)
    if filters.affordable_for is not None:
        qs = qs.filter(cost__lte=filters.affordable_for)
    return qs.order_by("cost", "id")


def taken_this_month(rider: User, limited: list[int], *, now: datetime | None = None) -> dict[int, int]:
    """How many vouchers the rider holds this (local) month of each of these rewards (the
    ids of those with a monthly limit), counted in the database: one query, none without
    ids. For display only: redeem() counts again under the rider's account lock."""
    if not limited or not rider.is_authenticated:
        return {}
    start, end = local_month_bounds(now or timezone.now())
    rows = (
        Voucher.objects.filter(
            rider_id=rider.pk, reward_id__in=limited, issued_at__gte=start, issued_at__lt=end, status__in=COUNTED_STATUSES
        )
        .values("reward_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["reward_id"]: r["n"] for r in rows}


def limited_ids(rewards: list[Reward]) -> list[int]:
    return [r.pk for r in rewards if r.per_rider_monthly_limit is not None]


def remaining_for(reward: Reward, taken: dict[int, int]) -> int | None:
    """The rider's monthly limit left for this reward (None: no limit)."""
    if reward.per_rider_monthly_limit is None:
        return None
    return max(0, reward.per_rider_monthly_limit - taken.get(reward.pk, 0))


def open_to_rider(reward: Reward, taken: dict[int, int]) -> bool:
    """Of a reward on sale (on_sale(), is_on_sale()): whether the rider may still take one,
    points apart: in stock and under their monthly limit (`taken`: taken_this_month())."""
    return (reward.stock is None or reward.stock > 0) and remaining_for(reward, taken) != 0


def redeemable_now(reward: Reward, *, balance: int, taken: dict[int, int]) -> bool:
    """Of a reward on sale: whether redeeming it now would succeed for a verified rider with
    this balance. What the pages offer; reward_redeem() checks it again under the locks."""
    return open_to_rider(reward, taken) and reward.cost <= balance


def reward_visible_to(user: User, pk: int) -> Reward:
    """A published reward for anyone; a proposal only for staff and its proposer."""
    try:
        reward = Reward.objects.select_related("venue").get(pk=pk)
    except Reward.DoesNotExist:
        raise Http404 from None
    if reward.active and reward.venue.active:
        return reward
    if user.is_authenticated and (user.has_perm(PERM_MANAGE) or reward.proposed_by_id == user.pk):
        return reward
    raise Http404


# --- a rider's vouchers ----------------------------------------------------------------------


def effective_status(voucher: Voucher, *, now: datetime | None = None) -> str:
    """An unused voucher past its validity is expired, even before the task has refunded it."""
    if voucher.status == Voucher.Status.ISSUED and voucher.expires_at <= (now or timezone.now()):
        return Voucher.Status.EXPIRED
    return voucher.status


VOUCHER_FIELDS = (
    "id",
    "code",
    "title",
    "title_en",
    "cost",
    "status",
    "issued_at",
    "expires_at",
    "redeemed_at",
    "cancelled_at",
    "expired_at",
    "reward_id",
    "venue__id",
    "venue__name",
    "venue__name_en",
    "venue__kind",
)
HISTORY_SIZE = 30


def usable(now: datetime) -> Q:
    """Vouchers that can still be used at the counter (issued, not past their validity)."""
    return Q(status=Voucher.Status.ISSUED, expires_at__gt=now)


def shown_as(qs: QuerySet[Voucher], status: str, *, now: datetime) -> QuerySet[Voucher]:
    """The vouchers whose status as shown (effective_status) is `status`: an unused voucher
    past its validity is expired, not issued, before the task has refunded it too."""
    if status == Voucher.Status.ISSUED:
        return qs.filter(usable(now))
    if status == Voucher.Status.EXPIRED:
        return qs.filter(Q(status=Voucher.Status.EXPIRED) | Q(status=Voucher.Status.ISSUED, expires_at__lte=now))
    return qs.filter(status=status)


def vouchers_of(rider: User) -> QuerySet[Voucher]:
    return Voucher.objects.filter(rider_id=rider.pk).select_related("venue").only(*VOUCHER_FIELDS).order_by("-issued_at", "-id")


ROW_FIELDS = (
    *("code", "title", "title_en", "cost", "status", "expires_at", "redeemed_at", "cancelled_at"),
    *("venue__name", "venue__name_en"),
)


def vouchers_page(rider: User, *, now: datetime | None = None) -> tuple[list[dict], list[dict]]:
    """The rider's usable vouchers (soonest to expire first) and the latest others, as
    plain rows (the page prints them; model instances were most of its cost)."""
    now = now or timezone.now()
    mine = Voucher.objects.filter(rider_id=rider.pk)
    in_hand = list(mine.filter(usable(now)).order_by("expires_at", "id").values(*ROW_FIELDS))
    others = list(mine.exclude(usable(now)).order_by("-issued_at", "-id").values(*ROW_FIELDS)[:HISTORY_SIZE])
    for row in others:
        # Past its validity and the task has not refunded it yet: expired, points on their way.
        row["refund_pending"] = row["status"] == Voucher.Status.ISSUED
        if row["refund_pending"]:
            row["status"] = Voucher.Status.EXPIRED
    return in_hand, others


def unused_vouchers_for(rider: User, reward_id: int, *, now: datetime | None = None) -> list[str]:
    """The codes of the rider's vouchers of this reward that can still be used, soonest to
    expire first (one query)."""
    if not rider.is_authenticated:
        return []
    return list(
        Voucher.objects.filter(usable(now or timezone.now()), rider_id=rider.pk, reward_id=reward_id)
        .order_by("expires_at", "id")
        .values_list("code", flat=True)
    )


def reward_description(voucher: Voucher) -> str:
    """The reward's own text (what is included, when best to come), as the venue writes it now."""
    return Reward.objects.filter(pk=voucher.reward_id).values_list("description", flat=True).first() or ""


def voucher_of_rider(rider: User, code: str) -> Voucher:
    """The rider's own voucher by code (any spelling); 404 for anyone else's."""
    code = codes.normalise(code)
    if not rider.is_authenticated or not codes.is_well_formed(code):
        raise Http404
    try:
        return Voucher.objects.select_related("venue").get(code=code, rider_id=rider.pk)
    except Voucher.DoesNotExist:
        raise Http404 from None


# --- partner operators ------------------------------------------------------------------------


def operated_venue_ids(user: User) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(venues_operated_by(user).values_list("id", flat=True))


def operated_venues(user: User) -> list[Venue]:
    return list(venues_operated_by(user).only("id", "name", "kind"))


def any_redemption_at(venue_ids: list[int]) -> bool:
    """Whether a voucher was ever confirmed at one of these venues (the counter's how-to is
    open until the first one)."""
    return Voucher.objects.filter(venue_id__in=venue_ids, status=Voucher.Status.REDEEMED).exists()


def history_venue_ids(operated: list[int], value: str | None) -> list[int] | None:
    """The venues a history request covers (the page, its CSV, the API), of `operated` (the
    operator's, operated_venue_ids): all of them, or with `?venue=<id>` that one alone. None
    when the value is no venue they run (another operator's, an unknown id, not an id): the
    page drops the filter, the API refuses it (400), never another venue's redemptions."""
    if not value:
        return operated
    venue = parse_id(value)
    return [venue] if venue in operated else None


PERIODS = ("today", "month", "last_month")
# An earlier month on the history page: 2026-09. A merchant reconciles any month since their
# venue's first redemption, not only the last two.
MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def _month_start(month: date) -> datetime:
    return datetime.combine(month, time.min, tzinfo=local_zone())


def period_parse(value: str, *, now: datetime | None = None) -> str | None:
    """The period a history request asks for: one of PERIODS, or a past local month as
    "YYYY-MM". This month and last month come back as their quick choices, so the page marks
    one choice only. Anything else (malformed, a future month, a year outside the programme's)
    is None: the page drops the filter (history_period), the API refuses it (400)."""
    if value in PERIODS:
        return value
    match = MONTH.fullmatch(value)
    if not match:
        return None
    year, number = int(match[1]), int(match[2])
    if not (EARLIEST_YEAR <= year <= LATEST_YEAR and 1 <= number <= 12):
        return None
    month = date(year, number, 1)
    this_month = local_today(now).replace(day=1)
    if month > this_month:
        return None
    if month == this_month:
        return "month"
    if month == (this_month - timedelta(days=1)).replace(day=1):
        return "last_month"
    return value


def history_period(value: str | None, *, now: datetime | None = None) -> str:
    """The period the history page shows: period_parse's, else the default, today (the filter
    dropped, never an error)."""
    return period_parse(value or "", now=now) or "today"


def period_month(period: str, now: datetime) -> date | None:
    """The first day of the local month a period covers (None for today): the month select
    marks it."""
    if period == "today":
        return None
    start, _end = period_bounds(period, now)
    return start.astimezone(local_zone()).date()


def period_bounds(period: str, now: datetime) -> tuple[datetime, datetime]:
    """[start, end) of today, this month, last month or a "YYYY-MM" month (as history_period
    gives it), in local time (Asia/Shanghai)."""
    if period == "month":
        return local_month_bounds(now)
    if period == "last_month":
        this_month, _end = local_month_bounds(now)
        return local_month_bounds(this_month - timedelta(days=1))
    match = MONTH.fullmatch(period)
    if match:
        return local_month_bounds(_month_start(date(int(match[1]), int(match[2]), 1)))
    return local_day_bounds(now)


def redemption_months(venue_ids: list[int]) -> list[date]:
    """The local months (their first days) in which these venues confirmed a voucher, newest
    first: the history's month select (one aggregate query)."""
    months = (
        Voucher.objects.filter(venue_id__in=venue_ids, status=Voucher.Status.REDEEMED, redeemed_at__isnull=False)
        .annotate(month=TruncMonth("redeemed_at", tzinfo=local_zone()))
        .values_list("month", flat=True)
        .distinct()
        .order_by("-month")
    )
    return [m.astimezone(local_zone()).date() for m in months]


def redemptions(venue_ids: list[int], *, period: str = "today", now: datetime | None = None) -> QuerySet[Voucher]:
    """Vouchers confirmed at these venues in the period (period_bounds), newest first."""
    start, end = period_bounds(period, now or timezone.now())
    return (
        Voucher.objects.filter(
            venue_id__in=venue_ids, status=Voucher.Status.REDEEMED, redeemed_at__gte=start, redeemed_at__lt=end
        )
        .select_related("rider", "venue", "redeemed_by")
        .only(
            *("id", "code", "title", "title_en", "cost", "redeemed_at", "issued_at"),
            *("rider__id", "rider__display_name", "rider__phone"),
            *("venue__id", "venue__name", "venue__name_en", "venue__kind"),
            *("redeemed_by__id", "redeemed_by__display_name", "redeemed_by__username"),
        )
        .order_by("-redeemed_at", "-id")
    )


# --- staff -----------------------------------------------------------------------------------


# A partner's proposal waits for the street office; a staff draft is a reward staff saved
# without publishing it (nobody proposed it, nobody waits for an answer).
PROPOSALS = Q(published_at__isnull=True, proposed_by__isnull=False)
DRAFTS = Q(published_at__isnull=True, proposed_by__isnull=True)
PUBLISHED = Q(published_at__isnull=False)
STAFF_SHOWS = ("", "proposals", "drafts", "published")


def rewards_for_staff(*, show: str = "") -> QuerySet[Reward]:
    qs = Reward.objects.select_related("venue", "proposed_by").annotate(
        switched_by=last_switch(OuterRef("pk")),
        n_issued=Count("vouchers", filter=Q(vouchers__status=Voucher.Status.ISSUED)),
        n_redeemed=Count("vouchers", filter=Q(vouchers__status=Voucher.Status.REDEEMED)),
        n_vouchers=Count("vouchers"),  # none ever: the reward may be deleted (services.reward_delete)
        # Switched off by its shop's pause (商户已暂停): staff may still switch it off themselves,
        # so the shop cannot resume it (services.reward_switch_off).
        paused_by_shop=ExpressionWrapper(Q(active=False, switched_by=REWARD_PAUSED), BooleanField()),
    )
    if show == "proposals":
        qs = qs.filter(PROPOSALS)
    elif show == "drafts":
        qs = qs.filter(DRAFTS)
    elif show == "published":
        qs = qs.filter(PUBLISHED)
    return qs.order_by("published_at", "venue__name", "title", "id")


def proposals_count() -> int:
    """Partners' proposals waiting for the street office (the dashboard's to-do, the menu's
    badge, the digest): staff drafts are nobody's request."""
    return Reward.objects.filter(PROPOSALS).count()


def staff_tab_counts() -> tuple[int, int, int]:
    """(partners' proposals, staff drafts, published rewards), in one query: the counts of the
    staff list's tabs, each by the filter its tab shows (rewards_for_staff)."""
    counts = Reward.objects.aggregate(
        proposals=Count("id", filter=PROPOSALS),
        drafts=Count("id", filter=DRAFTS),
        published=Count("id", filter=PUBLISHED),
    )
    return counts["proposals"], counts["drafts"], counts["published"]


@dataclass(frozen=True)
class TermChange:
    field: str  # one of PROPOSAL_TERMS
    proposed: int | None  # None: unlimited
    now: int | None


def proposal_changes(reward: Reward) -> list[TermChange]:
    """Of a partner's proposal, the terms staff changed from what the partner proposed
    (none known for proposals made before the terms were kept)."""
    terms = reward.proposed_terms or {}
    return [
        TermChange(name, terms[name], getattr(reward, name))
        for name in PROPOSAL_TERMS
        if name in terms and terms[name] != getattr(reward, name)
    ]


def _term_value(value: int | None) -> str:
    return str(_("unlimited")) if value is None else str(value)


def describe_terms(reward: Reward) -> str:
    """The terms as the partner proposed them, in words: 所需积分：10；剩余库存：50；…"""
    terms = reward.proposed_terms or {}
    parts = [
        _("%(field)s: %(value)s") % {"field": Reward._meta.get_field(name).verbose_name, "value": _term_value(terms[name])}
        for name in PROPOSAL_TERMS
        if name in terms
    ]
    return pgettext("between the items of a list", "; ").join(parts)


def describe_changes(changes: list[TermChange]) -> str:
    """What staff changed, in words of the current language: 所需积分：10 → 20；剩余库存：50 → 30"""
    parts = [
        _("%(field)s: %(old)s → %(new)s")
        % {
            "field": Reward._meta.get_field(change.field).verbose_name,
            "old": _term_value(change.proposed),
            "new": _term_value(change.now),
        }
        for change in changes
    ]
    return pgettext("between the items of a list", "; ").join(parts)


def rewards_proposed_by(user: User) -> QuerySet[Reward]:
    return Reward.objects.filter(proposed_by=user).select_related("venue").order_by("-created_at", "-id")


# The audit actions that switch a reward on or off: the last of them says who switched it off
# (services.reward_pause: its operator, who may switch it on again; else the street office).
REWARD_PAUSED = "points.reward_paused"
REWARD_RESUMED = "points.reward_resumed"
SWITCHES = Q(action__in=(REWARD_PAUSED, REWARD_RESUMED, "points.reward_switched_off", "points.reward_published")) | Q(
    action__in=("points.reward_saved", "points.reward_created"), data__changes__has_key="active"
)


def last_switch(reward_pk) -> Subquery:
    """The audit action that last switched the reward (an id or an OuterRef) on or off."""
    return Subquery(
        AuditEntry.objects.filter(SWITCHES, target_type="points.reward", target_id=Cast(reward_pk, CharField()))
        .order_by("-id")
        .values("action")[:1]
    )


def rewards_of_operator(user: User, *, now: datetime | None = None, limit: int = 100) -> list[Reward]:
    """本店的奖品: every reward of the venues `user` runs, whoever made it (the street office's,
    theirs, a colleague's), and their own proposals (of a venue they no longer run too), with
    `n_waiting` (vouchers issued and still usable at the counter) and `paused_by_me`
    (switched off by an operator of the venue: they may offer it again). Proposals waiting
    first, then by venue and newest. One query."""
    now = now or timezone.now()
    mine = venues_operated_by(user).filter(pk=OuterRef("venue_id"))
    rewards = (
        Reward.objects.filter(Exists(mine) | Q(proposed_by_id=user.pk))
        .select_related("venue")
        .annotate(
            n_waiting=Count("vouchers", filter=Q(vouchers__status=Voucher.Status.ISSUED, vouchers__expires_at__gt=now)),
            switched_by=last_switch(OuterRef("pk")),
            operates=Exists(mine),
        )
        .order_by(F("published_at").asc(nulls_first=True), "venue__name", "-created_at", "-id")[:limit]
    )
    rows = list(rewards)
    for r in rows:
        r.paused_by_operator = not r.active and r.switched_by == REWARD_PAUSED
    return rows


def operator_panel(request) -> dict | None:
    """The profile's "my venue" panel of a partner operator: the venues they run, and how many
    of their proposals wait for the street office. None for anyone who runs no venue. Two
    queries."""
    user = request.user
    if not user.is_authenticated or not user.has_perm(roles.REDEMPTION_PAGE):
        return None
    venues = list(venues_operated_by(user).only("id", "name", "kind", "active"))
    if not venues:
        return None
    waiting = Reward.objects.filter(proposed_by=user, published_at__isnull=True).count()
    return {"venues": venues, "waiting": waiting}


COST_REFERENCES = 5


@dataclass(frozen=True)
class CostReferences:
    """What rewards on sale cost, beside a partner's proposal: their venues' own, and a few
    of other venues across the range of costs (cheapest to dearest)."""

    own: list[Reward]
    others: list[Reward]


def cost_references(venue_ids: list[int], *, today: date | None = None, others: int = COST_REFERENCES) -> CostReferences:
    """Two queries; the other venues' few are spread evenly over their costs."""
    on = (
        on_sale(today=today or local_today())
        .select_related("venue")
        .only("id", "title", "title_en", "cost", "venue__name", "venue__name_en")
    )
    own = list(on.filter(venue_id__in=venue_ids).order_by("cost", "id")[:20])
    rest = list(on.exclude(venue_id__in=venue_ids).order_by("cost", "id")[:200])
    if len(rest) > others > 1:
        step = (len(rest) - 1) / (others - 1)
        rest = [rest[round(i * step)] for i in range(others)]
    return CostReferences(own=own, others=rest)


# A proposal dearer than this many times the dearest reward on sale is beyond anything in the
# catalogue: riders would save for months. Not refused (the street office reviews every
# proposal, and MAX_COST is the hard limit), but the proposal form asks the partner to confirm
# it (forms.ProposalForm) before it is sent.
UNUSUAL_COST_FACTOR = 2


@dataclass(frozen=True)
class CostRange:
    """What a reward usually costs, from the live catalogue and the earning rules: the
    cheapest and dearest rewards on sale now, and the fewest and most points one contribution
    earns a rider under the rules in force today. None where there are none."""

    cheapest: int | None
    dearest: int | None
    earn_least: int | None
    earn_most: int | None

    @property
    def unusual_above(self) -> int | None:
        """The cost beyond which a proposal is out of the catalogue's range (None: no catalogue
        to compare with, nothing is out of range)."""
        return None if self.dearest is None else UNUSUAL_COST_FACTOR * self.dearest

    def unusual(self, cost: int | None) -> bool:
        return cost is not None and self.unusual_above is not None and cost > self.unusual_above


def cost_range(*, today: date | None = None) -> CostRange:
    """Two aggregate queries."""
    today = today or local_today()
    costs = on_sale(today=today).aggregate(cheapest=Min("cost"), dearest=Max("cost"))
    earned = rules_in_force(on=today).aggregate(least=Min("points"), most=Max("points"))
    return CostRange(costs["cheapest"], costs["dearest"], earned["least"], earned["most"])


# --- the venue page's panel (venues.hooks), cached --------------------------------------------

# How long a public rendering of the catalogue lives at most: a reward's window opening or
# closing at midnight bumps no version (the day is in the key as well).
PANEL_SECONDS = 60
# A reward or its stock changed: every cached catalogue rendering and venue panel is stale.
catalogue_changed = public_changed


def venue_rewards(venue_id: int) -> list[Reward]:
    """The rewards a venue offers now (cached: the venue page is public and read far more
    often than rewards change; every change bumps the version)."""
    today = local_today()

    def build() -> list[Reward]:
        fields = ("id", "title", "title_en", "cost", "stock", "per_rider_monthly_limit", "valid_days")
        return list(on_sale(today=today).filter(venue_id=venue_id).only(*fields).order_by("cost", "id"))

    # -2: the rows carry title_en (a row cached without it would be read again, one query each).
    return PUBLIC.remember(("venue-rewards-2", today, venue_id), build, PANEL_SECONDS)


def rewards_of_venue_for_staff(venue_id: int) -> list[Reward]:
    """Every reward of a venue, whatever its state, for the staff venue form: one query."""
    fields = ("id", "title", "title_en", "active", "published_at", "proposed_by_id")
    return list(Reward.objects.filter(venue_id=venue_id).only(*fields).order_by("-active", "title", "id"))


def expiring_between(start: datetime, end: datetime) -> QuerySet[Voucher]:
    """Unused vouchers whose validity ends in [start, end) (the reminder's window)."""
    return Voucher.objects.filter(status=Voucher.Status.ISSUED, expires_at__gte=start, expires_at__lt=end)


REMIND_BEFORE = timedelta(days=1)


# --- proposals the street office declined ----------------------------------------------------

# The audit action services.reward_decline writes; the declined proposal itself is deleted.
PROPOSAL_DECLINED = "points.reward_declined"


@dataclass(frozen=True)
class DeclinedProposal:
    title: str
    venue_name: str
    cost: int
    reason: str
    declined_at: datetime
    id: int = 0  # the decline's audit entry: "propose again" names it
    venue_id: int | None = None
    # What was proposed besides (description and terms), for proposing it again; empty
    # for a proposal declined before the decline kept it.
    proposal: dict | None = None

    def label(self) -> str:
        """The title in the reader's language: the English one the partner proposed, if any."""
        return in_reader_language(self.title, (self.proposal or {}).get("title_en"))

    def again(self) -> dict:
        """The proposal form's initial values to send this proposal again, changed."""
        return {"venue": self.venue_id, "title": self.title, "cost": self.cost, **(self.proposal or {})}


def declined_proposals_of(user: User, *, limit: int = 50) -> list[DeclinedProposal]:
    """The proposals of `user` the street office declined, newest first, with the reason:
    read from the decline's audit entry (the proposal itself is gone), as the rider
    verification page reads earlier decisions (points.verification.decision_history)."""
    entries = (
        AuditEntry.objects.filter(action=PROPOSAL_DECLINED, data__proposed_by=user.pk)
        .only("created_at", "data")
        .order_by("-id")[:limit]
    )
    return [_declined(e) for e in entries]


def declined_proposal_of(user: User, entry_id: int | None) -> DeclinedProposal | None:
    """One of `user`'s declined proposals (by its decline's audit entry), or None."""
    if entry_id is None:
        return None
    entry = (
        AuditEntry.objects.filter(pk=entry_id, action=PROPOSAL_DECLINED, data__proposed_by=user.pk)
        .only("created_at", "data")
        .first()
    )
    return _declined(entry) if entry else None


def _declined(e: AuditEntry) -> DeclinedProposal:
    proposal = e.data.get("proposal")
    return DeclinedProposal(
        title=e.data.get("title", ""),
        venue_name=e.data.get("venue_name", ""),
        cost=e.data.get("cost", 0),
        reason=e.data.get("reason", ""),
        declined_at=e.created_at,
        id=e.pk,
        venue_id=e.data.get("venue"),
        proposal=proposal if isinstance(proposal, dict) else None,
    )
