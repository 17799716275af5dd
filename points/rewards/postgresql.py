"""The purchase and the merchant's confirmation on PostgreSQL, one round trip each, for
the throughput of the two endpoints (bench/NOTES.md):

* `redeem`: one call of `points_redeem()` (migration points/0005) instead of the ORM's
  eight statements;
* `confirm`: one prepared statement that locks the voucher, uses it if the operator's
  venue may, and writes the audit entry and the rider's notification, instead of a
  transaction of four round trips.

Each is its own transaction (autocommit: no BEGIN and COMMIT round trips), or part of the
caller's if there is one. services.py decides who may act, words the answers, and holds
the ORM's versions of both, which SQLite runs
(`_redeem_with_orm`, `_confirm_with_orm`). tests/points/rewards/test_postgresql_paths.py
holds each pair to the same answers and rows: change the rules in both, or in neither.
"""

from __future__ import annotations

import functools
from datetime import datetime

from django.db import DatabaseError, connection
from django.urls import reverse

from friendlystreet import prepared
from friendlystreet.accounts.models import User
from friendlystreet.cache_versions import renewals_together
from friendlystreet.notifications.selectors import UNREAD_COUNT
from friendlystreet.notifications.statements import in_app_insert
from venues.models import Venue

from ..models import Reward, Voucher
from ..selectors import RIDER_LEDGER, local_month_bounds
from . import codes, errors
from .selectors import RIDER_VOUCHERS, catalogue_changed, local_today

# Every column of the voucher: the objects handed back are whole rows.
_VOUCHER_FIELDS = [f.attname for f in Voucher._meta.concrete_fields]

CALL = "SELECT * FROM points_redeem(%s, %s, %s, %s, %s, %s, %s, %s)"
# What the function raises when the stock ran out after its check (another rider's
# purchase took the last unit); the caller's transaction rolls back.
OUT_OF_STOCK_STATE = "FS409"


def available() -> bool:
    return connection.vendor == "postgresql"


def redeem(*, rider: User, reward_id: int, key: str, now: datetime) -> tuple[Voucher, bool]:
    """(the voucher, True) once bought; (the voucher bought before with `key`, False); or one
    of the refusals of errors.py, Reward.DoesNotExist, or IntegrityError for a duplicate code
    or key (services.reward_redeem retries). A new voucher's venue is read with its id and
    name only (other fields load if asked for). One statement: its own transaction, or part of the caller's if there is one."""
    start, end = local_month_bounds(now)
    code = codes.new_code()
    try:
        with connection.cursor() as cursor:
            cursor.execute(CALL, [rider.pk, reward_id, key, code, now, local_today(now), start, end])
            row = cursor.fetchone()
    except DatabaseError as exc:
        if getattr(exc.__cause__, "pgcode", None) == OUT_OF_STOCK_STATE:
            raise errors.OutOfStock() from None
        raise
    outcome, voucher_id, venue_id, venue_name, title, cost, expires_at, balance, limit, stock_limited = row
    if outcome == "existing":
        return Voucher.objects.select_related("venue").get(pk=voucher_id), False
    if outcome == "not_found":
        raise Reward.DoesNotExist
    if outcome == "not_available":
        raise errors.NotAvailable()
    if outcome == "out_of_stock":
        raise errors.OutOfStock()
    if outcome == "limit_reached":
        raise errors.LimitReached(extra={"limit": limit})
    if outcome == "insufficient_points":
        raise errors.InsufficientPoints(extra={"balance": balance, "cost": cost})
    if outcome != "issued":
        raise RuntimeError(f"points_redeem() answered {outcome!r}")
    # What the ORM's writes would have told the caches (ledger_post, the voucher's post_save).
    with renewals_together():
        RIDER_LEDGER.forget(rider.pk)
        RIDER_VOUCHERS.forget(rider.pk)
        if stock_limited:
            catalogue_changed()
    row = {
        "id": voucher_id,
        "code": code,
        "reward_id": reward_id,
        "venue_id": venue_id,
        "title": title,
        "cost": cost,
        "rider_id": rider.pk,
        "status": Voucher.Status.ISSUED,
        "issued_at": now,
        "expires_at": expires_at,
        "idempotency_key": key,
        **dict.fromkeys(("redeemed_at", "redeemed_by_id", "cancelled_at", "expired_at", "reminded_at")),
    }
    voucher = _instance(Voucher, row)
    voucher.venue = _instance(Venue, {"id": venue_id, "name": venue_name})
    return voucher, True


# Lock the voucher, and use it only if this operator's venue may now: the same condition
# as services._verdict() answering None (at the operator's venue, issued, not expired).
# Data-modifying CTEs run together, on the locked row's latest version: of two operators
# confirming at once, the second waits for the lock and then finds it used. The rider's
# notification is written by the same statement (notifications/statements.py).
@functools.cache
def confirm_statement() -> tuple[str, list]:
    """(the SQL, the values of its parameters after $1–$3: the code, the operator, now).
    Built once per process: the notification's texts are the kind's translations."""
    notification, values = in_app_insert(
        "points_voucher_redeemed",
        recipient="f.rider_id",
        language="r.language",
        context={"title": "f.title", "venue": "w.name"},
        created_at="$3",
        link=reverse("points:voucher_list"),
        first_param=4,
    )
    columns = [f.column for f in Voucher._meta.concrete_fields]
    sql = f"""
WITH found AS (
    SELECT {", ".join(f"v.{c}" for c in columns)},
           EXISTS (SELECT 1 FROM venues_venue_operators o WHERE o.venue_id = v.venue_id AND o.user_id = $2)
               AS at_my_venue
    FROM points_voucher v WHERE v.code = $1
    FOR NO KEY UPDATE OF v
), used AS (
    UPDATE points_voucher v SET status = 'redeemed', redeemed_at = $3, redeemed_by_id = $2
    FROM found f
    WHERE v.id = f.id AND f.at_my_venue AND f.status = 'issued' AND f.expires_at > $3
    RETURNING v.id
), audited AS (
    INSERT INTO audit_auditentry (created_at, actor_id, action, target_type, target_id, data)
    SELECT $3, $2, 'points.voucher_redeemed', 'points.voucher', f.id::text, jsonb_build_object('venue', f.venue_id)
    FROM found f JOIN used ON used.id = f.id
), notified AS (
    {notification}
    FROM found f JOIN used ON used.id = f.id
    JOIN venues_venue w ON w.id = f.venue_id
    JOIN accounts_user r ON r.id = f.rider_id
)
SELECT {", ".join(f"f.{c}" for c in columns)}, f.at_my_venue, used.id IS NOT NULL,
       w.name, w.kind, r.username, r.display_name, r.phone
FROM found f
JOIN venues_venue w ON w.id = f.venue_id
JOIN accounts_user r ON r.id = f.rider_id
LEFT JOIN used ON used.id = f.id
"""  # noqa: S608 - the column names come from the model, not from input
    return sql, values


def confirm(*, operator: User, code: str, now: datetime) -> tuple[Voucher | None, bool]:
    """(the voucher as the counter sees it, True if this call used it and told its rider);
    (None, False) for an unknown code. The voucher is the whole row, with `at_my_venue`; its
    venue is read with the id, name and kind, its rider with what the counter shows (other
    fields load if asked for). One statement: its own transaction, or part of the caller's."""
    sql, values = confirm_statement()
    rows = prepared.fetch_all(sql, [code, operator.pk, now, *values])
    if not rows:
        return None, False
    row = rows[0]
    n = len(_VOUCHER_FIELDS)
    at_my_venue, used, venue_name, venue_kind, username, display_name, phone = row[n:]
    voucher = _instance(Voucher, dict(zip(_VOUCHER_FIELDS, row[:n], strict=True)))
    # Only what was read; any other field is loaded if asked for, as with .only().
    voucher.venue = _instance(Venue, {"id": voucher.venue_id, "name": venue_name, "kind": venue_kind})
    voucher.rider = _instance(User, {"id": voucher.rider_id, "username": username, "display_name": display_name, "phone": phone})
    voucher.at_my_venue = at_my_venue
    if used:
        voucher.status, voucher.redeemed_at, voucher.redeemed_by_id = Voucher.Status.REDEEMED, now, operator.pk
        # What the ORM's save() and notify() would have told the caches.
        with renewals_together():
            RIDER_VOUCHERS.forget(voucher.rider_id)
            UNREAD_COUNT.forget(voucher.rider_id)
    return voucher, used


def _instance(model, columns: dict):
    """A model instance from columns read here, as the ORM's .only() makes one: any other
    field is loaded if asked for. (from_db() takes the values in the model's field order.)"""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in columns]
    return model.from_db(connection.alias, names, [columns[name] for name in names])
