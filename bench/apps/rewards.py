"""Rewards at scale: a catalogue of 60 rewards, 1,000 riders redeeming, 60,000 vouchers to confirm.

Scenarios: the catalogue (page and API) and a rider's vouchers page, held to the rider
target; the redeem endpoint (many riders buying a reward with a large stock) and the
merchant's confirm endpoint, held to the write target (they write: a stock update, a ledger
entry and a voucher, or a locked voucher update).

The catalogue, the spenders and the demo rider's vouchers are the same on both seeds (the
pages show them, and the load takes turns over the spenders); the vouchers to confirm scale,
but never below what one run of the confirm scenario uses up.

* Redeem: bench/wrk/rewards_redeem.lua posts `/api/v1/rewards/{id}/redeem/` as 1,000
  riders in turn (app session tokens, X-Session-Token, so no CSRF dance), each with points for 100,000 purchases.
* Confirm: bench/wrk/rewards_confirm.lua posts `/api/v1/merchant/vouchers/{code}/redeem/`
  as the demo barber, a different issued voucher each time (a voucher is confirmed once;
  a second confirmation would be a 409 and count as an error). The script records how far
  it got, so the measured run after the warm-up uses fresh codes too.
  The per-operator look-up limit (60 a minute by default) is raised for the bench server:
  the limiter still runs on every request, it just never refuses.

When the run ends (atexit), the ledger is checked: every balance equals the sum of its
entries, no stock is negative, every voucher is paid once and refunded at most once.
"""

from __future__ import annotations

import atexit
import os
from datetime import timedelta

from bench.scenarios import WRITE, Context, Scenario

ORDER = 30
DESCRIPTION = "60 rewards, 1,000 riders redeeming, 60,000 issued vouchers to confirm at the demo barber's"
SPENDERS = 1_000
SPENDER_PREFIX = "+86152"  # +86150… are the points bench's riders, +86151… its claim posters
START_POINTS = 100_000
VOUCHERS_TO_CONFIRM = 60_000
MIN_FRESH_VOUCHERS = 40_000  # --reuse-db tops up to this many issued vouchers
# A run of the confirm scenario (warm-up and slices, about 12 s at some 700 a second) uses up
# fewer codes than this; out of codes, the script repeats the last one and counts 409s.
CODES_PER_RUN = 12_000
CATALOGUE = 60
BATCH = 5_000


def _spenders():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(phone__startswith=SPENDER_PREFIX).order_by("id")


def seed(ctx: Context) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from friendlystreet.accounts import roles
    from points.models import Account, LedgerEntry, Reward
    from venues.models import Venue, VenueKind

    User = get_user_model()
    now = timezone.now()
    with transaction.atomic():
        # The catalogue: the demo's rewards plus rewards at bench venues of every kind.
        kinds = [k for k in VenueKind.values if k != VenueKind.COMMUNITY_STATION]
        have = Reward.objects.count()
        venues = list(Venue.objects.filter(kind__in=kinds).order_by("id")[: CATALOGUE - have])
        Reward.objects.bulk_create(
            Reward(
                venue=v,
                title=f"骑手专享{i:02d}",
                description="压测奖品",
                cost=10 + (i % 10) * 20,
                stock=None if i % 3 == 0 else 50 + i,
                per_rider_monthly_limit=None if i % 2 else 2,
                valid_days=30,
                active=True,
                published_at=now,
            )
            for i, v in enumerate(venues)
        )
        barber = Venue.objects.get(name="王师傅理发店")
        Reward.objects.create(
            venue=barber, title="压测：矿泉水一瓶", cost=1, stock=10_000_000, valid_days=30, active=True, published_at=now
        )

        # The riders who buy during the load, each with plenty of points (and an app session
        # per run, _write_data).
        users = User.objects.bulk_create(
            User(
                username=f"spender{n:04d}",
                phone=f"{SPENDER_PREFIX}{n:08d}",
                phone_verified=True,
                verification="verified",
                display_name=f"骑手{n:04d}",
            )
            for n in range(SPENDERS)
        )
        group = Group.objects.get(name=roles.RIDER)
        User.groups.through.objects.bulk_create(User.groups.through(user_id=u.pk, group_id=group.pk) for u in users)
        Account.objects.bulk_create(Account(rider_id=u.pk, balance=START_POINTS) for u in users)
        LedgerEntry.objects.bulk_create(
            (
                LedgerEntry(
                    account_id=u.pk,
                    kind="adjust",
                    amount=START_POINTS,
                    balance_after=START_POINTS,
                    description="压测期初",
                    note="压测",
                )
                for u in users
            ),
            batch_size=BATCH,
        )
    _vouchers_for_the_barber(ctx.scaled(VOUCHERS_TO_CONFIRM, floor=CODES_PER_RUN))
    _history_for_demo_rider()


def _vouchers_for_the_barber(count: int) -> None:
    """Issued, paid vouchers at the barber's: the spenders' purchases of the bench reward,
    written in bulk (a voucher row and its `redeem` entry each, balances kept exact)."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from points.models import Account, LedgerEntry, Reward, Voucher
    from points.rewards import codes

    reward = Reward.objects.select_related("venue").get(title="压测：矿泉水一瓶")
    riders = list(_spenders().values_list("id", flat=True))
    per_rider = -(-count // len(riders))
    now = timezone.now()
    with transaction.atomic():
        balances = dict(Account.objects.filter(pk__in=riders).values_list("pk", "balance"))
        vouchers = []
        for rider_id in riders:
            for _ in range(per_rider):
                vouchers.append(
                    Voucher(
                        code=codes.new_code(),
                        reward=reward,
                        venue=reward.venue,
                        title=reward.title,
                        cost=reward.cost,
                        rider_id=rider_id,
                        issued_at=now,
                        expires_at=now + timedelta(days=reward.valid_days),
                    )
                )
        vouchers = Voucher.objects.bulk_create(vouchers, batch_size=BATCH)
        entries = []
        for v in vouchers:
            balances[v.rider_id] -= v.cost
            entries.append(
                LedgerEntry(
                    account_id=v.rider_id,
                    kind="redeem",
                    amount=-v.cost,
                    balance_after=balances[v.rider_id],
                    description=reward.title,
                    voucher_id=v.pk,
                )
            )
        LedgerEntry.objects.bulk_create(entries, batch_size=BATCH)
        for rider_id in riders:
            Account.objects.filter(pk=rider_id).update(balance=balances[rider_id])
        Reward.objects.filter(pk=reward.pk).update(stock=F("stock") - len(vouchers))


def _history_for_demo_rider() -> None:
    """Demo rider 13800000001's vouchers page: a few usable vouchers and a history."""
    from django.contrib.auth import get_user_model

    from points.models import Reward
    from points.rewards import services

    rider = get_user_model().objects.get(phone="+8613800000001")
    reward = Reward.objects.get(title="压测：矿泉水一瓶")
    barber = reward.venue.operators.first()
    for n in range(24):
        voucher = services.reward_redeem(rider=rider, reward=reward, idempotency_key=f"bench-history-{n}").voucher
        if n < 12:
            services.voucher_confirm(operator=barber, code=voucher.code)
        elif n < 20:
            services.voucher_cancel(rider=rider, code=voucher.code)


def reuse(ctx: Context) -> None:
    from points.models import Voucher

    if not _spenders().exists():  # a bench database seeded before this module existed
        seed(ctx)
        return
    fresh = Voucher.objects.filter(title="压测：矿泉水一瓶", status="issued", rider__phone__startswith=SPENDER_PREFIX).count()
    wanted = ctx.scaled(MIN_FRESH_VOUCHERS, floor=CODES_PER_RUN)
    if fresh < wanted:
        _vouchers_for_the_barber(wanted - fresh)


def app_session_tokens(users) -> list[str]:
    """A signed-in app session per user, as allauth's headless login makes (its token is the
    session key, sent as X-Session-Token), written in bulk: 1,000 logins through the API
    would trip the very rate limits the login has."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    store = SessionStore()
    sessions = [
        Session(
            session_key=get_random_string(32, VALID_KEY_CHARS),
            session_data=store.encode(
                {
                    SESSION_KEY: str(u.pk),
                    BACKEND_SESSION_KEY: "friendlystreet.accounts.backends.AllauthBackend",
                    HASH_SESSION_KEY: u.get_session_auth_hash(),
                }
            ),
            expire_date=expires,
        )
        for u in users
    ]
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    return [s.session_key for s in sessions]


def _write_data(ctx: Context) -> None:
    from points.models import Voucher

    data_dir = ctx.workdir / "rewards"
    data_dir.mkdir(parents=True, exist_ok=True)
    # Fresh sessions each run (the database's session engine reads them; with Redis as the
    # cache, cached_db falls back to the table on a miss).
    tokens = app_session_tokens(_spenders())
    (data_dir / "riders.txt").write_text("\n".join(tokens) + "\n")
    (data_dir / "operator.txt").write_text(app_session_tokens([_barber()])[0] + "\n")
    issued = (
        Voucher.objects.filter(title="压测：矿泉水一瓶", status="issued", rider__phone__startswith=SPENDER_PREFIX)
        .order_by("id")
        .values_list("code", flat=True)
    )
    (data_dir / "codes.txt").write_text("\n".join(issued) + "\n")
    (data_dir / "codes.next").write_text("0\n")
    os.environ["FS_REWARDS_BENCH_DATA"] = str(data_dir)  # wrk inherits it


def _barber():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="barber")


def check_ledger() -> None:
    """After the load: the books balance. Prints the verdict; run at exit of bench/run.py."""
    from django.db import connection

    checks = {
        "balances that differ from their ledger": """
            SELECT count(*) FROM points_account a
            LEFT JOIN (SELECT account_id, sum(amount) AS s FROM points_ledgerentry GROUP BY account_id) e
              ON e.account_id = a.rider_id
            WHERE a.balance <> coalesce(e.s, 0) OR a.balance < 0""",
        "rewards with a negative stock": "SELECT count(*) FROM points_reward WHERE stock < 0",
        "vouchers not paid exactly once": """
            SELECT count(*) FROM points_voucher v
            WHERE (SELECT count(*) FROM points_ledgerentry e WHERE e.voucher_id = v.id AND e.kind = 'redeem') <> 1""",
        "vouchers refunded more than once, or refunded while used": """
            SELECT count(*) FROM points_voucher v
            WHERE (SELECT count(*) FROM points_ledgerentry e WHERE e.voucher_id = v.id AND e.kind = 'refund')
                  <> CASE WHEN v.status IN ('cancelled', 'expired') THEN 1 ELSE 0 END""",
    }
    try:
        with connection.cursor() as cur:
            problems = {}
            for label, sql in checks.items():
                cur.execute(sql)
                problems[label] = cur.fetchone()[0]
            cur.execute("SELECT count(*) FROM points_voucher")
            vouchers = cur.fetchone()[0]
    finally:
        connection.close()
    bad = {k: v for k, v in problems.items() if v}
    if bad:
        print(f"\n✗ rewards: THE LEDGER DOES NOT ADD UP: {bad}", flush=True)
    else:
        print(f"\n✓ rewards: the ledger adds up after the load ({vouchers:,} vouchers, every balance = its entries)", flush=True)


def scenarios(ctx: Context) -> list[Scenario]:
    from points.models import Reward

    # The limiter runs on every confirmation but does not refuse the load (see the docstring).
    os.environ["POINTS_VOUCHER_LOOKUPS_PER_MINUTE"] = "100000000"
    _write_data(ctx)
    atexit.register(check_ledger)
    rider = ctx.login_cookie("13800000001")
    barber = ctx.login_cookie("barber")
    spender = ctx.login_cookie(_spenders().values_list("username", flat=True).first())
    water = Reward.objects.get(title="压测：矿泉水一瓶").pk
    return [
        # The floor of any signed-in page (session, user, the menu's permissions, the bell):
        # the rider's pages below cannot beat it, and it is a rider page itself.
        Scenario("rewards: (reference) signed-in home page", "/home/", cookie=rider),
        Scenario("rewards: catalogue page (rider)", "/rewards/", cookie=rider),
        Scenario("rewards: catalogue API (rider)", "/api/v1/rewards/", cookie=rider),
        Scenario("rewards: my vouchers page (rider)", "/vouchers/", cookie=rider),
        Scenario(
            "rewards: redeem API, 1,000 riders (POST)",
            f"/api/v1/rewards/{water}/redeem/",
            cookie=spender,
            target=WRITE,
            script="rewards_redeem.lua",
            check_path="/api/v1/rewards/",
        ),
        Scenario(
            "rewards: merchant confirm API (POST)",
            "/api/v1/merchant/vouchers/",
            cookie=barber,
            target=WRITE,
            script="rewards_confirm.lua",
            check_path="/api/v1/merchant/redemptions/",
        ),
    ]
