"""The bare relay: what the worker's relay does, at the fewest SQL statements PostgreSQL allows.

One statement per batch, on one connection, in a loop: claim the due outbox events (FOR UPDATE
SKIP LOCKED, as the worker does), fan each out to the interested active subscriptions' webhook
deliveries (none twice), and mark them delivered. No event stream, no ORM: the floor the
worker's relay is compared with in `bench/worker.py`.

`RELAY_BATCH` is the floor the issue asked for; `RELAY_BATCH_WITH_LISTENERS` also does what the
worker's two listeners do (each event's key claimed per listener, product sales and customer
summaries upserted from the claimed ones), which is most of what the worker's relay writes.
"""

from __future__ import annotations

import asyncpg

RELAY_BATCH = """
WITH claimed AS (
    SELECT id, type FROM outbox_events
    WHERE delivered_at IS NULL AND next_attempt_at <= now()
    ORDER BY next_attempt_at, id
    LIMIT $1
    FOR UPDATE SKIP LOCKED
), fanned_out AS (
    INSERT INTO webhook_deliveries
        (id, subscription_id, event_id, event_type, status, attempts, next_attempt_at)
    SELECT gen_random_uuid(), s.id, c.id, c.type, 'pending', 0, now()
    FROM claimed c JOIN webhook_subscriptions s ON s.active AND c.type = ANY (s.event_types)
    ON CONFLICT (subscription_id, event_id) DO NOTHING
)
UPDATE outbox_events o SET delivered_at = now(), attempts = o.attempts + 1, last_error = NULL
FROM claimed c WHERE o.id = c.id
"""


RELAY_BATCH_WITH_LISTENERS = """
WITH claimed AS (
    SELECT id, type, payload FROM outbox_events
    WHERE delivered_at IS NULL AND next_attempt_at <= now()
    ORDER BY next_attempt_at, id
    LIMIT $1
    FOR UPDATE SKIP LOCKED
), fanned_out AS (
    INSERT INTO webhook_deliveries
        (id, subscription_id, event_id, event_type, status, attempts, next_attempt_at)
    SELECT gen_random_uuid(), s.id, c.id, c.type, 'pending', 0, now()
    FROM claimed c JOIN webhook_subscriptions s ON s.active AND c.type = ANY (s.event_types)
    ON CONFLICT (subscription_id, event_id) DO NOTHING
), sales_keys AS (
    INSERT INTO processed_events (listener, event_id, processed_at)
    SELECT 'product_sales', id, now() FROM claimed
    ON CONFLICT DO NOTHING
    RETURNING event_id
), summary_keys AS (
    INSERT INTO processed_events (listener, event_id, processed_at)
    SELECT 'customer_summary', id, now() FROM claimed
    ON CONFLICT DO NOTHING
    RETURNING event_id
), sales AS (
    INSERT INTO product_sales AS s (product_id, units_sold, orders)
    SELECT (line->>'product_id')::uuid, sum((line->>'quantity')::int), count(*)
    FROM claimed c JOIN sales_keys k ON k.event_id = c.id,
         jsonb_array_elements(c.payload->'lines') AS line
    GROUP BY 1 ORDER BY 1
    ON CONFLICT (product_id) DO UPDATE
    SET units_sold = s.units_sold + excluded.units_sold, orders = s.orders + excluded.orders
), summaries AS (
    INSERT INTO customer_order_summaries AS s
        (customer_id, orders_placed, orders_cancelled, net_spent_minor)
    SELECT (c.payload->>'customer_id')::uuid, count(*), 0, sum((c.payload->>'total_minor')::bigint)
    FROM claimed c JOIN summary_keys k ON k.event_id = c.id
    GROUP BY 1 ORDER BY 1
    ON CONFLICT (customer_id) DO UPDATE
    SET orders_placed = s.orders_placed + excluded.orders_placed,
        net_spent_minor = s.net_spent_minor + excluded.net_spent_minor
)
UPDATE outbox_events o SET delivered_at = now(), attempts = o.attempts + 1, last_error = NULL
FROM claimed c WHERE o.id = c.id
"""


async def relay_all(dsn: str, batch_size: int, statement: str = RELAY_BATCH) -> int:
    """Relay batches with `statement` until none is due; how many events were relayed."""
    connection = await asyncpg.connect(dsn)
    try:
        relayed = 0
        while True:
            status = await connection.execute(statement, batch_size)  # "UPDATE <n>"
            count = int(status.split()[-1])
            if not count:
                return relayed
            relayed += count
    finally:
        await connection.close()
