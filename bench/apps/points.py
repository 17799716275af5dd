"""Points at scale: 20,000 riders, 200,000 claims, 1,000,000 ledger entries (1/20 of that
on the small seed).

The measured pages belong to demo rider 13800000001 (the same rows on the small and the
large seed) and to the demo reviewer, so that only the tables' size differs between the two
seeds (`bench/run.py --compare`). Claim submission is a multipart POST with a photo, sent
by bench/wrk/points_claim.lua as 1,000 riders in turn.
"""

from __future__ import annotations

import csv
import io
import os
import random
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from bench.scenarios import PUBLIC, Context, Scenario

ORDER = 20
DESCRIPTION = "20,000 riders with 200,000 claims and 1,000,000 ledger entries over a year, 1,000 riders posting claims"
RIDERS = 20_000
CLAIMS_PER_RIDER = 10  # 200,000 claims
ENTRIES_PER_RIDER = 50  # 1,000,000 ledger entries
BATCH = 5_000
PHONE_PREFIX = "+86150"  # bench riders: +8615000000000 …; demo riders are +86138…


def _copy(cursor, table: str, columns: list[str], rows: list[tuple]) -> None:
    """PostgreSQL COPY: a million ledger rows in seconds, without a model instance each."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in rows:
        writer.writerow(["\\N" if v is None else v for v in row])
    buf.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buf)


def _next_ids(cursor, table: str, n: int) -> list[int]:
    sql = f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)"  # noqa: S608 - our table name
    cursor.execute(sql, [n])
    return [r[0] for r in cursor.fetchall()]


CLAIM_COLUMNS = [
    "id",
    "rider_id",
    "rule_id",
    "quantity",
    "occurred_at",
    "description",
    "location",
    "status",
    "source",
    "source_ref",
    "points_computed",
    "points",
    "capped_by",
    "decided_by_id",
    "decided_at",
    "reason",
    "created_at",
    "updated_at",
]
ENTRY_COLUMNS = ["account_id", "kind", "amount", "balance_after", "created_at", "actor_id", "claim_id", "description", "note"]


def seed(ctx: Context) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.utils import timezone

    from friendlystreet.accounts import roles
    from points.models import Rule

    User = get_user_model()
    rng = random.Random(2026)
    now = timezone.now()
    rules = list(Rule.objects.filter(rider_claimable=True, active=True))
    password = make_password(None)  # unusable: bench riders never sign in
    reviewer_id = User.objects.get(username="reviewer").pk
    riders = ctx.scaled(RIDERS)

    with transaction.atomic():
        users = User.objects.bulk_create(
            (
                User(
                    username=f"bench{n:05d}",
                    display_name=f"骑手{n:05d}",
                    phone=f"{PHONE_PREFIX}{n:08d}",
                    phone_verified=True,
                    verification="verified",
                    password=password,
                    date_joined=now - timedelta(days=400),
                )
                for n in range(riders)
            ),
            batch_size=BATCH,
        )
        group = Group.objects.get(name=roles.RIDER)
        through = User.groups.through
        through.objects.bulk_create((through(user_id=u.pk, group_id=group.pk) for u in users), batch_size=BATCH)

    statuses = ["approved"] * 85 + ["pending"] * 5 + ["rejected"] * 7 + ["withdrawn"] * 3
    # A chunk of riders at a time. Within each rider, ids grow with time, as in production:
    # that is what the passbook's (account, -id) index serves.
    for start in range(0, len(users), 2000):
        chunk = users[start : start + 2000]
        with transaction.atomic(), connection.cursor() as cursor:
            claim_ids = iter(_next_ids(cursor, "points_claim", len(chunk) * CLAIMS_PER_RIDER))
            claims, entries, accounts = [], [], []
            for user in chunk:
                earned = []
                for day in sorted(rng.sample(range(1, 365), CLAIMS_PER_RIDER), reverse=True):
                    rule = rng.choice(rules)
                    qty = Decimal(rng.choice(["1", "2", "3"]) if rule.unit == "hour" else "1")
                    status = rng.choice(statuses)
                    when = now - timedelta(days=day, hours=rng.randint(0, 12))
                    points = int(rule.points * qty) if status == "approved" else None
                    decided = when + timedelta(days=1) if status != "pending" else None
                    claim_id = next(claim_ids)
                    claims.append(
                        (
                            claim_id,
                            user.pk,
                            rule.pk,
                            qty,
                            when.isoformat(),
                            "例行服务",
                            "",
                            status,
                            "rider",
                            "",
                            points,
                            points,
                            "",
                            reviewer_id if status in ("approved", "rejected") else None,
                            decided.isoformat() if decided else None,
                            "材料不全" if status == "rejected" else "",
                            (when + timedelta(hours=1)).isoformat(),
                            (decided or when).isoformat(),
                        )
                    )
                    if points:
                        earned.append((decided, claim_id, points))
                # Earn entries at their claims' dates, adjustments in between, never below zero.
                events = [(when, cid, pts) for when, cid, pts in earned]
                events += [(now - timedelta(days=364 - k * 7, hours=3), None, 0) for k in range(ENTRIES_PER_RIDER - len(earned))]
                events.sort(key=lambda e: e[0])
                balance = 0
                for when, cid, pts in events:
                    if cid is not None:
                        amount, kind, desc, note = pts, "earn", "例行服务", ""
                    else:
                        amount = rng.choice([5, 10, -3]) if balance >= 3 else 5
                        kind, desc, note = "adjust", "街道办调整", "补录"
                    balance += amount
                    entries.append((user.pk, kind, amount, balance, when.isoformat(), reviewer_id, cid, desc, note))
                accounts.append((user.pk, balance, now.isoformat()))
            _copy(cursor, "points_claim", CLAIM_COLUMNS, claims)
            _copy(cursor, "points_account", ["rider_id", "balance", "updated_at"], accounts)
            _copy(cursor, "points_ledgerentry", ENTRY_COLUMNS, entries)
    create_posters()


# Riders who post claims during the load, on either seed: each may have 20 pending, so fewer
# would fill their queues and answer 409s.
POSTERS = 1000
CSRF = "b" * 32  # bench/wrk/points_claim.lua sends the same unmasked secret
BOUNDARY = "----friendlystreetbench"


def create_posters() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from friendlystreet.accounts import roles

    User = get_user_model()
    posters = User.objects.bulk_create(
        User(username=f"poster{n:04d}", phone=f"+86151{n:08d}", phone_verified=True, verification="verified")
        for n in range(POSTERS)
    )
    group = Group.objects.get(name=roles.RIDER)
    User.groups.through.objects.bulk_create(User.groups.through(user_id=u.pk, group_id=group.pk) for u in posters)


def reuse(ctx: Context) -> None:
    """With --reuse-db: the posters' claims of earlier runs are still pending, and a rider
    may have at most 20 (the 409s of a full queue would be measured as errors)."""
    from points.models import Claim

    Claim.objects.filter(rider__username__startswith="poster", status=Claim.Status.PENDING).delete()


def write_claim_data(ctx: Context, directory: Path) -> str:
    """The body and the riders' cookies that bench/wrk/points_claim.lua posts; returns a
    poster's cookie for the runner's check."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from PIL import Image

    from points.models import Rule

    rule = Rule.objects.filter(rider_claimable=True, evidence="photo", active=True, unit="occurrence").order_by("id").first()
    when = (timezone.localtime() - timedelta(hours=1)).isoformat(timespec="minutes")
    photo = io.BytesIO()
    Image.new("RGB", (800, 600), (180, 120, 60)).save(photo, format="JPEG", quality=85)
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in (("rule", rule.pk), ("quantity", "1"), ("occurred_at", when), ("description", "压测提交"))
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename="p.jpg"\r\n'.encode()
        + b"Content-Type: image/jpeg\r\n\r\n"
        + photo.getvalue()
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "body.bin").write_bytes(b"".join(parts))
    usernames = get_user_model().objects.filter(username__startswith="poster").values_list("username", flat=True)
    cookies = [ctx.login_cookie(u) for u in usernames]
    (directory / "cookies.txt").write_text("\n".join(cookies) + "\n")
    os.environ["FS_POINTS_CLAIM_DATA"] = str(directory)  # wrk inherits it
    return cookies[0]


def scenarios(ctx: Context) -> list[Scenario]:
    rider = ctx.login_cookie("13800000001")
    reviewer = ctx.login_cookie("reviewer")
    admin = ctx.login_cookie("admin")
    poster = write_claim_data(ctx, ctx.workdir / "points-claim")
    return [
        Scenario("points: passbook (rider)", "/points/", cookie=rider),
        Scenario("points: my claims API (rider)", "/api/v1/claims/", cookie=rider),
        Scenario("points: my ledger API (rider)", "/api/v1/me/ledger/", cookie=rider),
        Scenario("points: claim form (rider)", "/points/claims/new/", cookie=rider),
        Scenario("points: how to earn", "/points/how-to-earn/", target=PUBLIC),
        # A multipart POST with a photo, 1,000 riders in turn. A write, not a page: held to no
        # ratio (each photo is decoded and re-encoded from its pixels to strip EXIF/GPS, tens
        # of milliseconds); measured so that it stays error-free.
        Scenario("points: claim submission (POST, photo)", "/api/v1/claims/", cookie=poster, script="points_claim.lua", target=0),
        # Staff pages: not held to the rider target, but the queue must beat the admin's
        # changelist of the same claims.
        Scenario("points: review queue (staff)", "/staff/claims/", cookie=reviewer, target=0),
        Scenario(
            "points: admin changelist, pending claims",
            "/admin/points/claim/?status__exact=pending",
            cookie=admin,
            target=0,
        ),
    ]
