"""The purchase and the merchant's confirmation, story by story: each answer, and every row
each one writes (or that a refusal leaves nothing behind), on SQLite and PostgreSQL alike.

The clock stands still (timezone.now() patched, as test_vouchers.py does) on the
programme's calendar, Asia/Shanghai: the month boundary of the monthly limit is local.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from django.utils import timezone

from friendlystreet.accounts.models import User
from friendlystreet.api.errors import DomainError
from friendlystreet.audit.models import AuditEntry
from friendlystreet.notifications.models import Delivery, Notification
from points.models import Account, LedgerEntry, Reward, Voucher
from points.rewards import codes, errors, services
from points.rewards.api import VoucherOutputSerializer, verdict_response
from tests.factories import PartnerFactory, RiderFactory
from tests.points.rewards.factories import RewardFactory, give_points
from tests.venues.factories import VenueFactory
from venues.models import Venue, VenueKind

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args: int) -> datetime:
    """A moment on the programme's clock, in UTC as timezone.now() gives it."""
    return datetime(*args, tzinfo=SHANGHAI).astimezone(UTC)


NOW = local(2026, 11, 20, 15, 0)  # a Friday afternoon in Chengdu
TODAY = date(2026, 11, 20)
SET_UP = NOW - timedelta(days=3)  # when the street's rewards, vouchers and balances were written

# The rows a purchase or a confirmation may write, by primary key.
TABLES = {
    "voucher": (Voucher, "id"),
    "ledger entry": (LedgerEntry, "id"),
    "account": (Account, "rider_id"),
    "reward": (Reward, "id"),
    "audit entry": (AuditEntry, "id"),
    "notification": (Notification, "id"),
    "delivery": (Delivery, "id"),
}


# --- the street ------------------------------------------------------------------------------------


class Clock:
    def __init__(self, monkeypatch) -> None:
        self.now = SET_UP
        monkeypatch.setattr(timezone, "now", lambda: self.now)


@dataclass
class Street:
    """The barber (venue A, run by merchant_a), the hospital (venue B, run by merchant_b),
    and a rider with 300 points, all written three days before the story."""

    clock: Clock
    rider: User
    barber: Venue
    hospital: Venue
    merchant_a: User
    merchant_b: User

    def haircut(self, **changes: Any) -> Reward:
        return RewardFactory(**{"venue": self.barber, "title": "免费快剪一次", "cost": 80, **changes})

    def voucher(self, reward: Reward, *, issued_at: datetime, status: str = "issued", rider: User | None = None) -> Voucher:
        """A voucher bought earlier, as the services leave it in each status."""
        when = {
            "redeemed": {"redeemed_at": issued_at + timedelta(hours=1), "redeemed_by": self.merchant_a},
            "cancelled": {"cancelled_at": issued_at + timedelta(hours=1)},
            "expired": {"expired_at": issued_at + timedelta(days=reward.valid_days)},
        }.get(status, {})
        return Voucher.objects.create(
            code=codes.new_code(),
            reward=reward,
            venue=reward.venue,
            title=reward.title,
            cost=reward.cost,
            rider=rider or self.rider,
            status=status,
            issued_at=issued_at,
            expires_at=issued_at + timedelta(days=reward.valid_days),
            **when,
        )

    def bought_at_the_barber(self, *, issued_at: datetime = SET_UP, status: str = "issued", **changes: Any) -> Voucher:
        return self.voucher(self.haircut(**changes), issued_at=issued_at, status=status)


@pytest.fixture
def street(db, monkeypatch, rider, barber, hospital, merchant_a, merchant_b) -> Street:
    clock = Clock(monkeypatch)
    give_points(rider, 300)
    return Street(clock, rider, barber, hospital, merchant_a, merchant_b)


# --- running a story --------------------------------------------------------------------------------


def rows() -> dict[str, dict[Any, dict]]:
    return {table: {row[key]: row for row in model.objects.values()} for table, (model, key) in TABLES.items()}


def changes(before: dict, after: dict) -> dict[str, dict]:
    """Per table: the rows added, the columns changed (old, new) and the rows removed."""
    out = {}
    for table in TABLES:
        old, new = before[table], after[table]
        out[table] = {
            "added": [new[k] for k in sorted(new.keys() - old.keys())],
            "changed": {
                k: {column: (old[k][column], value) for column, value in new[k].items() if old[k][column] != value}
                for k in sorted(new.keys() & old.keys())
                if new[k] != old[k]
            },
            "removed": [old[k] for k in sorted(old.keys() - new.keys())],
        }
    return out


NOTHING = {table: {"added": [], "changed": {}, "removed": []} for table in TABLES}


def without_new_ids(written: dict) -> dict:
    """New rows' ids depend on what ran before: drop them, and name a new voucher where
    other rows point at it."""
    names = {v["id"]: f"<new voucher {i}>" for i, v in enumerate(written["voucher"]["added"], 1)}
    for table in TABLES:
        for row in written[table]["added"]:
            del row["id"]
    for row in written["voucher"]["added"]:
        del row["code"]  # random
    for row in written["ledger entry"]["added"]:
        row["voucher_id"] = names.get(row["voucher_id"], row["voucher_id"])
    for row in written["audit entry"]["added"]:
        if row["target_type"] == "points.voucher":
            row["target_id"] = names.get(int(row["target_id"]), row["target_id"])
    return written


def fields(voucher: Voucher) -> dict[str, Any]:
    return {f.attname: getattr(voucher, f.attname) for f in Voucher._meta.concrete_fields}


ISSUED, EXISTING = ("issued",), ("existing",)


def refused(error: type[Exception], **extra: Any) -> tuple:
    return (error.__name__, extra)


@dataclass
class Purchase:
    answer: tuple  # ISSUED, EXISTING, or refused(...)
    returned: dict | None  # the voucher the service returned, field by field
    shown: dict | None  # what the API shows the rider of it
    written: dict
    stored: dict | None = field(default=None, compare=False)  # the new voucher's row, as read back


def buy(*, rider: User, reward_id: int, key: str = "") -> Purchase:
    before = rows()
    try:
        redemption = services.reward_redeem(rider=rider, reward=Reward(pk=reward_id), idempotency_key=key)
    except DomainError as exc:
        answer, voucher = (type(exc).__name__, exc.extra), None
        assert exc.message
    except Reward.DoesNotExist:
        answer, voucher = (Reward.DoesNotExist.__name__, {}), None
    else:
        answer, voucher = (ISSUED if redemption.created else EXISTING), redemption.voucher
    written = changes(before, rows())
    shown, stored = None, None
    if voucher is not None:
        shown = VoucherOutputSerializer(voucher, context={"request": RequestFactory().get("/")}).data
        stored = fields(Voucher.objects.get(pk=voucher.pk))
    returned = fields(voucher) if voucher is not None else None
    new = {v["id"] for v in written["voucher"]["added"]}
    if voucher is not None and voucher.pk in new:
        # A new voucher: its id and its random code are this run's own.
        returned |= {"id": "<new voucher 1>", "code": "<its code>"}
        stored |= {"id": "<new voucher 1>", "code": "<its code>"}
        shown = json.loads(
            json.dumps(shown, ensure_ascii=False)
            .replace(voucher.display_code, "<its display code>")
            .replace(voucher.code, "<its code>")
        )
    return Purchase(answer, returned, shown, without_new_ids(written), stored)


# --- purchases --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurchaseStory:
    arrange: Callable[[Street], dict]  # → buy()'s rider, reward_id and key
    expect: tuple
    now: datetime = NOW


PURCHASES: dict[str, PurchaseStory] = {}


def purchase(expect: tuple, *, now: datetime = NOW):
    def register(arrange):
        PURCHASES[arrange.__name__] = PurchaseStory(arrange, expect, now)
        return arrange

    return register


def of(street: Street, reward: Reward | int, *, key: str = "", rider: User | None = None) -> dict:
    return {"rider": rider or street.rider, "reward_id": getattr(reward, "pk", reward), "key": key}


@purchase(ISSUED)
def a_haircut_of_unlimited_stock(street):
    return of(street, street.haircut(stock=None))


@purchase(ISSUED)
def a_care_pack_from_a_stock_of_five(street):
    return of(street, RewardFactory(venue=street.hospital, title="夏季关爱包", cost=60, stock=5))


@purchase(ISSUED)
def the_last_unit_in_stock(street):
    return of(street, street.haircut(stock=1))


@purchase(refused(errors.OutOfStock))
def nothing_left_in_stock(street):
    return of(street, street.haircut(stock=0))


@purchase(refused(errors.NotAvailable))
def an_unpublished_reward(street):
    return of(street, street.haircut(active=False))


@purchase(refused(errors.NotAvailable))
def a_reward_on_sale_only_from_tomorrow(street):
    return of(street, street.haircut(available_from=TODAY + timedelta(days=1)))


@purchase(refused(errors.NotAvailable))
def a_reward_whose_sale_ended_yesterday(street):
    return of(street, street.haircut(available_to=TODAY - timedelta(days=1)))


@purchase(ISSUED)
def a_reward_on_sale_today_only(street):
    return of(street, street.haircut(available_from=TODAY, available_to=TODAY))


@purchase(ISSUED, now=local(2026, 11, 20, 0, 30))
def a_reward_on_sale_from_today_just_after_local_midnight(street):
    # 00:30 in Chengdu is still the 19th in UTC: the day is the programme's.
    return of(street, street.haircut(available_from=TODAY))


@purchase(refused(errors.NotAvailable), now=local(2026, 11, 20, 0, 30))
def a_reward_whose_sale_ended_yesterday_just_after_local_midnight(street):
    return of(street, street.haircut(available_to=TODAY - timedelta(days=1)))


@purchase(refused(errors.NotAvailable))
def a_reward_of_a_venue_that_closed_down(street):
    Venue.objects.filter(pk=street.barber.pk).update(active=False)
    return of(street, street.haircut())


@purchase(refused(errors.NotAvailable))
def an_unpublished_reward_that_is_also_sold_out(street):
    return of(street, street.haircut(active=False, stock=0))


@purchase(refused(errors.OutOfStock))
def a_sold_out_reward_over_the_limit_and_too_dear(street):
    reward = street.haircut(stock=0, per_rider_monthly_limit=1, cost=500)
    street.voucher(reward, issued_at=NOW - timedelta(days=1))
    return of(street, reward)


@purchase(refused(errors.LimitReached, limit=1))
def the_monthly_limit_taken_by_a_voucher_not_yet_used(street):
    reward = street.haircut(per_rider_monthly_limit=1)
    street.voucher(reward, issued_at=NOW - timedelta(days=1))
    return of(street, reward)


@purchase(refused(errors.LimitReached, limit=1))
def the_monthly_limit_taken_by_a_voucher_used_this_month(street):
    reward = street.haircut(per_rider_monthly_limit=1)
    street.voucher(reward, issued_at=NOW - timedelta(days=10), status="redeemed")
    return of(street, reward)


@purchase(refused(errors.LimitReached, limit=1))
def the_monthly_limit_taken_at_1am_on_the_first_which_is_still_october_in_utc(street):
    reward = street.haircut(per_rider_monthly_limit=1)
    street.voucher(reward, issued_at=datetime(2026, 10, 31, 17, 0, tzinfo=UTC))  # 1 November, 01:00 local
    return of(street, reward)


@purchase(refused(errors.LimitReached, limit=1))
def the_monthly_limit_taken_at_local_midnight_on_the_first(street):
    reward = street.haircut(per_rider_monthly_limit=1)
    street.voucher(reward, issued_at=local(2026, 11, 1, 0, 0))
    return of(street, reward)


@purchase(ISSUED)
def the_monthly_limit_not_taken_by_a_voucher_of_the_last_minute_of_october(street):
    reward = street.haircut(per_rider_monthly_limit=1)
    street.voucher(reward, issued_at=local(2026, 10, 31, 23, 59))  # 15:59 UTC
    return of(street, reward)


@purchase(ISSUED, now=local(2026, 12, 1, 0, 30))
def just_after_local_midnight_on_the_first_last_nights_voucher_is_last_months(street):
    # 30 November 23:30 and 1 December 00:30 in Chengdu are both 30 November in UTC.
    reward = street.haircut(per_rider_monthly_limit=1)
    street.voucher(reward, issued_at=local(2026, 11, 30, 23, 30))
    return of(street, reward)


@purchase(ISSUED)
def cancelled_and_expired_vouchers_do_not_count_towards_the_limit(street):
    reward = street.haircut(per_rider_monthly_limit=1)
    street.voucher(reward, issued_at=NOW - timedelta(days=5), status="cancelled")
    street.voucher(reward, issued_at=local(2026, 11, 1, 9, 0), status="expired")
    return of(street, reward)


@purchase(ISSUED)
def another_rewards_and_another_riders_vouchers_do_not_count_towards_the_limit(street):
    reward = street.haircut(per_rider_monthly_limit=1)
    street.voucher(street.haircut(title="洗剪吹"), issued_at=NOW - timedelta(days=1))
    street.voucher(reward, issued_at=NOW - timedelta(days=1), rider=RiderFactory())
    return of(street, reward)


@purchase(refused(errors.LimitReached, limit=1))
def an_unused_voucher_past_its_validity_still_counts_until_the_expiry_task_runs(street):
    reward = street.haircut(per_rider_monthly_limit=1, valid_days=1)
    street.voucher(reward, issued_at=local(2026, 11, 5, 12, 0))
    return of(street, reward)


@purchase(ISSUED)
def the_second_of_two_a_month(street):
    reward = street.haircut(per_rider_monthly_limit=2)
    street.voucher(reward, issued_at=NOW - timedelta(days=2))
    return of(street, reward)


@purchase(refused(errors.LimitReached, limit=2))
def a_third_of_two_a_month(street):
    reward = street.haircut(per_rider_monthly_limit=2)
    street.voucher(reward, issued_at=NOW - timedelta(days=2))
    street.voucher(reward, issued_at=NOW - timedelta(days=1), status="redeemed")
    return of(street, reward)


@purchase(refused(errors.LimitReached, limit=1))
def over_the_limit_and_too_dear(street):
    reward = street.haircut(per_rider_monthly_limit=1, cost=500)
    street.voucher(reward, issued_at=NOW - timedelta(days=1))
    return of(street, reward)


@purchase(refused(errors.InsufficientPoints, balance=300, cost=301))
def one_point_short(street):
    return of(street, street.haircut(cost=301))


@purchase(ISSUED)
def exactly_enough_points(street):
    return of(street, street.haircut(cost=300))


@purchase(refused(errors.InsufficientPoints, balance=0, cost=80))
def a_rider_who_never_had_points(street):
    newcomer = RiderFactory()
    assert not Account.objects.filter(pk=newcomer.pk).exists()
    return of(street, street.haircut(), rider=newcomer)


@purchase(refused(Reward.DoesNotExist))
def a_reward_that_does_not_exist(street):
    return of(street, 10**9)


def bought_with_key(street: Street, reward: Reward, key: str) -> Voucher:
    """The first tap, a few seconds before the story."""
    street.clock.now = NOW - timedelta(seconds=5)
    voucher = services.reward_redeem(rider=street.rider, reward=reward, idempotency_key=key).voucher
    street.clock.now = SET_UP
    return voucher


@purchase(EXISTING)
def a_retry_with_the_same_idempotency_key(street):
    reward = street.haircut(stock=5)
    bought_with_key(street, reward, "tap-1")
    return of(street, reward, key="tap-1")


@purchase(EXISTING)
def a_retry_after_the_last_unit_went_and_the_points_ran_out(street):
    reward = street.haircut(stock=1, cost=250, per_rider_monthly_limit=1)
    bought_with_key(street, reward, "tap-1")
    Reward.objects.filter(pk=reward.pk).update(active=False)
    return of(street, reward, key="tap-1")


@purchase(refused(errors.IdempotencyKeyReused))
def the_same_idempotency_key_for_a_reward_that_does_not_exist(street):
    bought_with_key(street, street.haircut(), "tap-1")
    return of(street, 10**9, key="tap-1")


@purchase(refused(errors.IdempotencyKeyReused))
def the_same_idempotency_key_for_another_reward(street):
    bought_with_key(street, street.haircut(), "tap-1")
    return of(street, street.haircut(title="另一次快剪"), key="tap-1")


@purchase(ISSUED)
def a_new_idempotency_key_is_a_new_purchase(street):
    reward = street.haircut()
    bought_with_key(street, reward, "tap-1")
    return of(street, reward, key="tap-2")


@purchase(ISSUED)
def another_riders_idempotency_key_is_not_ours(street):
    other = RiderFactory()
    give_points(other, 100)
    reward = street.haircut()
    services.reward_redeem(rider=other, reward=reward, idempotency_key="tap-1")
    return of(street, reward, key="tap-1")


@purchase(ISSUED)
def a_long_title_at_a_long_named_venue(street):
    # 100 + " · " + 100 characters: the ledger's description keeps the first 200, which
    # fall between the two emoji (one character each, two UTF-16 units, four bytes).
    venue = VenueFactory(name="王" * 96 + "🎁🎁" + "店店", kind=VenueKind.MERCHANT)
    return of(street, RewardFactory(venue=venue, title="理" * 99 + "✂", cost=80))


@purchase(ISSUED)
def a_voucher_valid_for_a_day(street):
    return of(street, street.haircut(valid_days=1))


@purchase(ISSUED)
def a_voucher_valid_for_a_year(street):
    return of(street, street.haircut(valid_days=365))


def expected_rows_of_a_purchase(rider: User, reward: Reward, account: Account, *, key: str, now: datetime) -> dict:
    balance = account.balance
    stock = {reward.pk: {"stock": (reward.stock, reward.stock - 1)}} if reward.stock is not None else {}
    return {
        **NOTHING,
        "voucher": {
            "added": [
                {
                    "reward_id": reward.pk,
                    "venue_id": reward.venue_id,
                    "title": reward.title,
                    "title_en": reward.title_en,  # the English title too, as it was when bought
                    "cost": reward.cost,
                    "rider_id": rider.pk,
                    "status": "issued",
                    "issued_at": now,
                    "expires_at": now + timedelta(days=reward.valid_days),
                    "redeemed_at": None,
                    "redeemed_by_id": None,
                    "cancelled_at": None,
                    "expired_at": None,
                    "reminded_at": None,
                    "idempotency_key": key,
                }
            ],
            "changed": {},
            "removed": [],
        },
        "ledger entry": {
            "added": [
                {
                    "account_id": rider.pk,
                    "kind": "redeem",
                    "amount": -reward.cost,
                    "balance_after": balance - reward.cost,
                    "created_at": now,  # the voucher's issued_at
                    "actor_id": rider.pk,
                    "claim_id": None,
                    "voucher_id": "<new voucher 1>",
                    "description": f"{reward.title} · {reward.venue.name}"[:200],
                    "note": "",
                }
            ],
            "changed": {},
            "removed": [],
        },
        "account": {
            "added": [],
            "changed": {rider.pk: {"balance": (balance, balance - reward.cost), "updated_at": (account.updated_at, now)}},
            "removed": [],
        },
        "reward": {"added": [], "changed": stock, "removed": []},
        "audit entry": {
            "added": [
                {
                    "created_at": now,
                    "actor_id": rider.pk,
                    "action": "points.voucher_issued",
                    "target_type": "points.voucher",
                    "target_id": "<new voucher 1>",
                    "data": {"reward": reward.pk, "cost": reward.cost},
                }
            ],
            "changed": {},
            "removed": [],
        },
    }


@pytest.mark.parametrize("story", PURCHASES.values(), ids=PURCHASES.keys())
def test_a_purchase_answers_and_writes_as_the_story_says(street, story):
    bought = story.arrange(street)
    street.clock.now = story.now
    reward = Reward.objects.select_related("venue").filter(pk=bought["reward_id"]).first()
    account = Account.objects.filter(pk=bought["rider"].pk).first()

    purchase = buy(**bought)

    assert purchase.answer == story.expect
    if story.expect == ISSUED:
        assert purchase.written == expected_rows_of_a_purchase(bought["rider"], reward, account, key=bought["key"], now=story.now)
        # The voucher the service hands back is the row it wrote, and the rider is shown it.
        assert purchase.returned == purchase.stored
        assert purchase.shown == {
            "code": "<its code>",
            "display_code": "<its display code>",
            "status": "issued",
            "title": reward.title,
            "cost": reward.cost,
            "reward": reward.pk,
            "venue": {"id": reward.venue_id, "name": reward.venue.name},
            "issued_at": story.now.astimezone(SHANGHAI).isoformat(),
            "expires_at": (story.now + timedelta(days=reward.valid_days)).astimezone(SHANGHAI).isoformat(),
            "redeemed_at": None,
            "cancelled_at": None,
            "expired_at": None,
            "qr_svg_url": "http://testserver/api/v1/vouchers/<its code>/qr.svg",
        }
    else:
        assert purchase.written == NOTHING  # a refusal or a retry leaves nothing behind
    if story.expect == EXISTING:
        first = Voucher.objects.get(rider=bought["rider"], idempotency_key=bought["key"])
        assert purchase.returned == fields(first)


@pytest.mark.django_db(transaction=True)
def test_a_rider_without_an_account_row_has_none_after_a_refused_purchase(monkeypatch, barber):
    # account_lock() creates the row at 0 points and the refusal rolls it back with the
    # rest. Here the service's own transaction is the outermost one, as in a request.
    Clock(monkeypatch).now = NOW
    newcomer = RiderFactory()
    reward = RewardFactory(venue=barber, cost=80)
    with pytest.raises(errors.InsufficientPoints) as refusal:
        services.reward_redeem(rider=newcomer, reward=reward)
    assert refusal.value.extra == {"balance": 0, "cost": 80}
    assert not Account.objects.filter(pk=newcomer.pk).exists()


# --- at the counter --------------------------------------------------------------------------------


@dataclass
class Confirmation:
    result: str
    message: str
    confirmed: bool
    voucher_given: bool
    status_code: int
    shown: dict  # verdict_response(verdict).data: what the merchant's app shows
    written: dict


def confirm(*, operator: User, code: str, taps: int = 1) -> list[Confirmation]:
    answers = []
    for _tap in range(taps):
        before = rows()
        verdict = services.voucher_confirm(operator=operator, code=code)
        response = verdict_response(verdict)
        answers.append(
            Confirmation(
                verdict.result,
                verdict.message,
                verdict.confirmed,
                verdict.voucher is not None,
                response.status_code,
                response.data,
                without_new_ids(changes(before, rows())),
            )
        )
    return answers


@dataclass(frozen=True)
class CounterStory:
    arrange: Callable[[Street], dict]  # → confirm()'s operator, code (and taps)
    expect: tuple[str, ...]  # the result of each tap


COUNTER: dict[str, CounterStory] = {}


def at_the_counter(*expect: str):
    def register(arrange):
        COUNTER[arrange.__name__] = CounterStory(arrange, expect)
        return arrange

    return register


OK, ALREADY_REDEEMED, EXPIRED, CANCELLED, WRONG_VENUE, NOT_FOUND = (
    services.Result.OK,
    services.Result.ALREADY_REDEEMED,
    services.Result.EXPIRED,
    services.Result.CANCELLED,
    services.Result.WRONG_VENUE,
    services.Result.NOT_FOUND,
)


@at_the_counter(OK)
def the_barber_confirms_a_voucher_bought_three_days_ago(street):
    return {"operator": street.merchant_a, "code": street.bought_at_the_barber().code}


# The second tap (or an app's retry after a timeout) is the same confirmation: ok again, with
# nothing written, so that the counter gives the reward it may not have given yet.
@at_the_counter(OK, OK)
def the_barber_taps_confirm_twice(street):
    return {"operator": street.merchant_a, "code": street.bought_at_the_barber().code, "taps": 2}


@at_the_counter(OK)
def a_voucher_with_one_second_left(street):
    voucher = street.bought_at_the_barber(issued_at=NOW + timedelta(seconds=1) - timedelta(days=30))
    return {"operator": street.merchant_a, "code": voucher.code}


@at_the_counter(EXPIRED)
def a_voucher_that_expires_this_very_moment(street):
    return {"operator": street.merchant_a, "code": street.bought_at_the_barber(issued_at=NOW - timedelta(days=30)).code}


@at_the_counter(EXPIRED)
def a_voucher_past_its_validity_that_the_expiry_task_has_not_reached(street):
    voucher = street.bought_at_the_barber(issued_at=NOW - timedelta(days=31))
    return {"operator": street.merchant_a, "code": voucher.code}


@at_the_counter(EXPIRED)
def a_voucher_the_expiry_task_has_expired(street):
    voucher = street.bought_at_the_barber(issued_at=NOW - timedelta(days=31), status="expired")
    return {"operator": street.merchant_a, "code": voucher.code}


@at_the_counter(ALREADY_REDEEMED)
def a_voucher_used_yesterday(street):
    voucher = street.bought_at_the_barber(issued_at=NOW - timedelta(days=2), status="redeemed")
    return {"operator": street.merchant_a, "code": voucher.code}


@at_the_counter(ALREADY_REDEEMED)
def a_voucher_a_colleague_confirmed_an_hour_ago(street):
    colleague = PartnerFactory(display_name="理发店小李")
    street.barber.operators.add(colleague)
    voucher = street.bought_at_the_barber()
    Voucher.objects.filter(pk=voucher.pk).update(status="redeemed", redeemed_at=NOW - timedelta(hours=1), redeemed_by=colleague)
    return {"operator": street.merchant_a, "code": voucher.code}


@at_the_counter(CANCELLED)
def a_voucher_the_rider_cancelled(street):
    return {"operator": street.merchant_a, "code": street.bought_at_the_barber(status="cancelled").code}


@at_the_counter(WRONG_VENUE)
def the_hospital_scans_the_barbers_voucher(street):
    return {"operator": street.merchant_b, "code": street.bought_at_the_barber().code}


@at_the_counter(WRONG_VENUE)
def the_hospital_scans_the_barbers_used_voucher(street):
    return {"operator": street.merchant_b, "code": street.bought_at_the_barber(status="redeemed").code}


@at_the_counter(WRONG_VENUE)
def the_hospital_scans_the_barbers_expired_voucher(street):
    voucher = street.bought_at_the_barber(issued_at=NOW - timedelta(days=31))
    return {"operator": street.merchant_b, "code": voucher.code}


@at_the_counter(OK)
def an_operator_of_both_venues(street):
    street.barber.operators.add(street.merchant_b)
    return {"operator": street.merchant_b, "code": street.bought_at_the_barber().code}


@at_the_counter(OK)
def a_venue_that_closed_down_still_honours_its_vouchers(street):
    voucher = street.bought_at_the_barber()
    Venue.objects.filter(pk=street.barber.pk).update(active=False)
    return {"operator": street.merchant_a, "code": voucher.code}


@at_the_counter(NOT_FOUND)
def a_well_formed_code_that_no_voucher_has(street):
    street.bought_at_the_barber()
    return {"operator": street.merchant_a, "code": "ABCD-EFGH-JKMN"}


@at_the_counter(NOT_FOUND)
def a_code_that_cannot_be_one(street):
    return {"operator": street.merchant_a, "code": "not-a-code"}


@at_the_counter(OK)
def a_code_typed_in_lower_case_with_dashes(street):
    return {"operator": street.merchant_a, "code": street.bought_at_the_barber().display_code.lower()}


@at_the_counter(OK)
def a_code_read_out_in_groups_with_spaces(street):
    return {"operator": street.merchant_a, "code": street.bought_at_the_barber().display_code.replace("-", " ")}


@at_the_counter(OK)
def a_rider_without_a_display_name_is_shown_by_the_masked_phone(street):
    User.objects.filter(pk=street.rider.pk).update(display_name="")
    return {"operator": street.merchant_a, "code": street.bought_at_the_barber().code}


@at_the_counter(OK)
def an_english_speaking_rider_is_told_in_english(street):
    User.objects.filter(pk=street.rider.pk).update(language="en")
    return {"operator": street.merchant_a, "code": street.bought_at_the_barber().code}


@at_the_counter(OK)
def a_rider_with_no_language_set_is_told_in_the_sites_language(street):
    User.objects.filter(pk=street.rider.pk).update(language="")
    return {"operator": street.merchant_a, "code": street.bought_at_the_barber().code}


@at_the_counter(OK)
def a_title_and_a_venue_name_full_of_percent_signs_are_told_as_written(street):
    # The notification's text is filled with Python's %: what looks like a placeholder in
    # the data must stay as it is.
    Venue.objects.filter(pk=street.barber.pk).update(name="王师傅 100% %s %(title)s 'x'")
    voucher = street.bought_at_the_barber(title="快剪 %% %(venue)s %1$s 50%")
    return {"operator": street.merchant_a, "code": voucher.code}


@at_the_counter(OK)
def an_english_speaking_rider_with_a_title_full_of_percent_signs(street):
    User.objects.filter(pk=street.rider.pk).update(language="en")
    return {"operator": street.merchant_a, "code": street.bought_at_the_barber(title="Haircut 100%% %(venue)s").code}


def expected_rows_of_a_confirmation(voucher: Voucher, operator: User) -> dict:
    return {
        **NOTHING,
        "voucher": {
            "added": [],
            "changed": {
                voucher.pk: {"status": ("issued", "redeemed"), "redeemed_at": (None, NOW), "redeemed_by_id": (None, operator.pk)}
            },
            "removed": [],
        },
        "audit entry": {
            "added": [
                {
                    "created_at": NOW,
                    "actor_id": operator.pk,
                    "action": "points.voucher_redeemed",
                    "target_type": "points.voucher",
                    "target_id": str(voucher.pk),
                    "data": {"venue": voucher.venue_id},
                }
            ],
            "changed": {},
            "removed": [],
        },
    }


STATUS = {OK: 200, ALREADY_REDEEMED: 409, EXPIRED: 409, CANCELLED: 409, WRONG_VENUE: 403, NOT_FOUND: 404}


@pytest.mark.parametrize("story", COUNTER.values(), ids=COUNTER.keys())
def test_a_confirmation_answers_and_writes_as_the_story_says(street, story):
    at_counter = story.arrange(street)
    street.clock.now = NOW

    answers = confirm(**at_counter)

    assert [a.result for a in answers] == list(story.expect)
    voucher = Voucher.objects.filter(code=codes.normalise(at_counter["code"])).first()
    for answer in answers:
        assert answer.message
        assert answer.status_code == STATUS[answer.result]
        assert answer.confirmed == (answer.result == OK)
        assert answer.voucher_given == (answer.result not in (WRONG_VENUE, NOT_FOUND))
        if answer.confirmed and answer is answers[0]:
            # The rider is told through notify(), in their own language (the site's if unset).
            notification = answer.written["notification"]["added"]
            assert len(notification) == 1 and notification[0]["recipient_id"] == voucher.rider_id
            assert notification[0]["kind"] == "points_voucher_redeemed"
            venue_name = Venue.objects.get(pk=voucher.venue_id).name
            assert voucher.title in notification[0]["body"] and venue_name in notification[0]["body"]
            assert notification[0]["context"] == {"title": voucher.title, "venue": venue_name}
            english = User.objects.get(pk=voucher.rider_id).language == "en"
            assert notification[0]["title"] == ("Voucher used" if english else "兑换券已使用")
            assert answer.written == {
                **expected_rows_of_a_confirmation(voucher, at_counter["operator"]),
                "notification": answer.written["notification"],
            }
        else:
            # Nothing written: an expired voucher stays `issued` (the expiry task refunds it),
            # and wrong_venue and not_found leave no trace but the rate limit's count.
            assert answer.written == NOTHING
        if answer.result == ALREADY_REDEEMED or answer.confirmed:
            # When, where and by whom: a confirmation names them, and so does a used voucher.
            redeemed_at = answer.shown["redeemed_at"]
            assert redeemed_at and answer.shown["redeemed_venue"]["name"] == Venue.objects.get(pk=voucher.venue_id).name
            assert answer.shown["redeemed_by"]
            assert answer.shown["settled"] is True
        else:
            assert "redeemed_at" not in answer.shown and "redeemed_venue" not in answer.shown
            assert "redeemed_by" not in answer.shown and answer.shown["settled"] is False
        if answer.result == ALREADY_REDEEMED:
            assert timezone.localtime(datetime.fromisoformat(redeemed_at)).strftime("%Y-%m-%d %H:%M") in answer.message
            assert "王师傅理发店" in answer.message and "无需再次核销" in answer.message
        assert ("code" in answer.shown) == (answer.status_code >= 400)
