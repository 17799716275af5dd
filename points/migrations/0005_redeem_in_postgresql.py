"""PostgreSQL only: a purchase as one call, `points_redeem()`. History: 0007 drops it, and
the ORM's purchase is the only one; the files named below are gone.

The same steps, in the same order and under the same locks, as the ORM's purchase that
SQLite runs (rewards/services.py: _redeem_with_orm): the rider's account row locked first,
the idempotency key, the reward on sale, its stock, the monthly limit and the balance
checked, then the voucher, the `redeem` entry, the balance, the audit entry and the stock
(taken last, so that its row lock, which every buyer of the reward queues for, is held
the shortest time). The tables' constraints are the
backstop of both. What one call saves is not the SQL but its eight round trips and their
planning: this function's statements are planned once per connection.

Returns one row: `outcome` is `issued`, `existing` (the same Idempotency-Key bought this
before: that voucher), `not_found`, `not_available`, `out_of_stock`, `limit_reached` or
`insufficient_points`, the last four before anything is written. Stock that runs out
between the check and the taking (another rider's purchase) raises SQLSTATE FS409, which
rolls the caller's transaction back; a duplicate code or key raises unique_violation, as
the ORM's insert does. tests/points/rewards/test_postgresql_paths.py holds the two
implementations to the same answers and rows.
"""

from django.db import migrations

from friendlystreet.migration_sql import postgresql_only

FORWARD = """
CREATE FUNCTION points_redeem(
    p_rider bigint, p_reward bigint, p_key text, p_code text, p_now timestamptz,
    p_today date, p_month_start timestamptz, p_month_end timestamptz
) RETURNS TABLE (
    outcome text, voucher_id bigint, venue_id bigint, venue_name text, title text, cost integer,
    expires_at timestamptz, balance integer, monthly_limit integer, stock_limited boolean
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_balance integer;
    r record;
    v_taken integer;
    v_voucher bigint;
    v_expires timestamptz;
BEGIN
    SELECT a.balance INTO v_balance FROM points_account a WHERE a.rider_id = p_rider FOR UPDATE;
    IF NOT FOUND THEN
        -- Never had points: nothing can be bought, so there is no row to create and lock
        -- (the ORM's account_lock() creates one, and its refusal rolls it back).
        v_balance := 0;
    END IF;

    IF p_key <> '' THEN
        SELECT v.id, v.venue_id, v.title, v.cost, v.expires_at INTO r
            FROM points_voucher v WHERE v.rider_id = p_rider AND v.idempotency_key = p_key;
        IF FOUND THEN
            RETURN QUERY SELECT 'existing'::text, r.id, r.venue_id, NULL::text, r.title::text, r.cost::integer,
                r.expires_at, v_balance, NULL::integer, NULL::boolean;
            RETURN;
        END IF;
    END IF;

    SELECT w.id, w.venue_id, w.title, w.cost, w.stock, w.per_rider_monthly_limit, w.valid_days,
           w.active AND (w.available_from IS NULL OR w.available_from <= p_today)
               AND (w.available_to IS NULL OR p_today <= w.available_to) AND u.active AS on_sale,
           u.name AS venue_name
        INTO r
        FROM points_reward w JOIN venues_venue u ON u.id = w.venue_id WHERE w.id = p_reward;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'not_found'::text, NULL::bigint, NULL::bigint, NULL::text, NULL::text,
            NULL::integer, NULL::timestamptz, v_balance, NULL::integer, NULL::boolean;
        RETURN;
    END IF;
    outcome := NULL;
    IF NOT r.on_sale THEN
        outcome := 'not_available';
    ELSIF r.stock IS NOT NULL AND r.stock <= 0 THEN
        outcome := 'out_of_stock';
    ELSIF r.per_rider_monthly_limit IS NOT NULL THEN
        SELECT count(*) INTO v_taken FROM points_voucher v
            WHERE v.rider_id = p_rider AND v.reward_id = r.id
              AND v.issued_at >= p_month_start AND v.issued_at < p_month_end
              AND v.status IN ('issued', 'redeemed');
        IF v_taken >= r.per_rider_monthly_limit THEN
            outcome := 'limit_reached';
        END IF;
    END IF;
    IF outcome IS NULL AND v_balance < r.cost THEN
        outcome := 'insufficient_points';
    END IF;
    IF outcome IS NOT NULL THEN
        RETURN QUERY SELECT outcome, NULL::bigint, r.venue_id, r.venue_name::text, r.title::text,
            r.cost::integer, NULL::timestamptz, v_balance, r.per_rider_monthly_limit::integer, r.stock IS NOT NULL;
        RETURN;
    END IF;

    v_expires := p_now + r.valid_days * interval '24 hours';
    INSERT INTO points_voucher (code, reward_id, venue_id, title, cost, rider_id, status, issued_at,
                                expires_at, idempotency_key)
        VALUES (p_code, r.id, r.venue_id, r.title, r.cost, p_rider, 'issued', p_now, v_expires, p_key)
        RETURNING id INTO v_voucher;
    v_balance := v_balance - r.cost;
    INSERT INTO points_ledgerentry (account_id, kind, amount, balance_after, created_at, actor_id,
                                    voucher_id, description, note)
        VALUES (p_rider, 'redeem', -r.cost, v_balance, p_now, p_rider, v_voucher,
                left(r.title || ' · ' || r.venue_name, 200), '');
    UPDATE points_account SET balance = v_balance, updated_at = p_now WHERE rider_id = p_rider;
    INSERT INTO audit_auditentry (created_at, actor_id, action, target_type, target_id, data)
        VALUES (p_now, p_rider, 'points.voucher_issued', 'points.voucher', v_voucher::text,
                jsonb_build_object('reward', r.id, 'cost', r.cost));
    -- The stock last: every buyer of this reward waits for its row lock until our commit.
    IF r.stock IS NOT NULL THEN
        UPDATE points_reward SET stock = stock - 1 WHERE id = r.id AND active AND stock > 0;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'out of stock' USING ERRCODE = 'FS409';
        END IF;
    END IF;
    RETURN QUERY SELECT 'issued'::text, v_voucher, r.venue_id, r.venue_name::text, r.title::text,
        r.cost::integer, v_expires, v_balance, r.per_rider_monthly_limit::integer, r.stock IS NOT NULL;
END
$$;
"""

BACKWARD = """
DROP FUNCTION IF EXISTS points_redeem(bigint, bigint, text, text, timestamptz, date, timestamptz, timestamptz);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("points", "0004_rewards_and_vouchers"),
        ("audit", "0001_initial"),
    ]

    operations = [postgresql_only(FORWARD, BACKWARD)]
