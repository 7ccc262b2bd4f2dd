"""Placing an order in one statement: the write path's hot spot (issue 15).

The `Order` entity has already applied every rule that needs no lock (lines, one currency,
orderable products, today's prices) and recorded its `order.placed`. One statement then claims
the Idempotency-Key with the reply, takes the stock of every line (the rule that needs the lock:
the row's own condition, so concurrent orders never oversell), and writes the order, its lines
and its event. Nothing is read back: the reply is the entity's.

The statement is its own transaction, all or nothing: a line that cannot be served (stock,
archived, a price or currency changed since the entity read it) makes the order's total -1,
which its CHECK refuses, and PostgreSQL undoes the whole statement, stock taken by the other
lines included. So there is no BEGIN or COMMIT round trip, and a product row is locked for the
statement alone: the hot product's orders queue for one statement each, not for three round
trips. A key used before (committed; a concurrent first use is waited for) claims nothing and
writes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import asyncpg
import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from shop.core.tracing import trace_carrier
from shop.entities import Customer, Order, Product

# The key's record comes first: every other part depends on it (no claim, nothing written).
# Then the stock, each line only at the price and in the currency the entity used; the order,
# whose total is -1 (refused by its CHECK: the statement fails and undoes itself) unless every
# line was taken; its lines and its event with the order.
_PLACE = """
WITH claim AS (
  INSERT INTO idempotency_records
    (id, customer_id, key, request_hash, created_at, response_status, response_body)
  VALUES ($1::uuid, $2::uuid, $3::text, $4::text, now(), $5::int, $6::jsonb)
  ON CONFLICT (customer_id, key) DO NOTHING
  RETURNING id
), wanted AS (
  SELECT * FROM unnest($7::uuid[], $8::int[], $9::bigint[])
    AS w(product_id, quantity, unit_price_minor)
), taken AS (
  UPDATE products p
  SET stock = p.stock - w.quantity, version = p.version + 1, updated_at = now()
  FROM wanted w
  WHERE p.id = w.product_id AND p.active AND p.stock >= w.quantity
    AND p.price_minor = w.unit_price_minor AND p.currency = $13::text
    AND EXISTS (SELECT FROM claim)
  RETURNING p.id
), placed AS (
  INSERT INTO orders (id, customer_id, status, total_minor, currency, version, created_at,
                      updated_at)
  SELECT $11::uuid, $2::uuid, 'placed',
         CASE WHEN (SELECT count(*) FROM taken) = cardinality($7::uuid[])
              THEN $12::bigint ELSE -1 END,
         $13::text, 1, $14::timestamptz, $14::timestamptz
  WHERE EXISTS (SELECT FROM claim)
  RETURNING id
), lines AS (
  INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price_minor)
  SELECT l.id, placed.id, l.product_id, l.quantity, l.unit_price_minor
  FROM placed, unnest($10::uuid[], $7::uuid[], $8::int[], $9::bigint[])
       AS l(id, product_id, quantity, unit_price_minor)
), event AS (
  INSERT INTO outbox_events (id, type, payload, created_at, attempts, next_attempt_at,
                             trace_context)
  SELECT $15::uuid, $16::text, $17::jsonb, $14::timestamptz, 0, now(), $18::jsonb
  FROM placed
)
SELECT EXISTS (SELECT FROM placed) AS placed
"""
_BUYER_AND_PRODUCTS = """
SELECT c.email, c.name, c.status, p.id, p.sku, p.name AS product_name, p.price_minor,
       p.currency, p.stock, p.active
FROM customers c LEFT JOIN products p ON p.id = ANY($2::uuid[])
WHERE c.id = $1
"""
# Several lines: their rows locked in product-id order first, in the statement's transaction,
# so two orders for [A, B] and [B, A] queue on A instead of deadlocking (the UPDATE's join
# locks in whatever order it meets the rows).
_LOCK_IN_ORDER = "SELECT id FROM products WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE"
# The CHECK a refused placement's order fails (libs/entities' naming convention).
_REFUSED = "ck_orders_total_not_negative"


class Placement(StrEnum):
    PLACED = "placed"
    KEY_USED = "key_used"  # the key's first request committed: its reply is the answer
    REFUSED = "refused"  # a line could not be served: nothing was written


@dataclass(frozen=True)
class KeyedReply:
    """The reply an Idempotency-Key keeps for the retries of its request."""

    customer_id: uuid.UUID
    key: str
    request_hash: str
    status: int
    body: dict[str, Any]


class OrderPlacements:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._driver_connection: Any = None

    async def buyer_and_products(
        self, customer_id: uuid.UUID, product_ids: list[uuid.UUID]
    ) -> tuple[Customer | None, dict[uuid.UUID, Product]]:
        """The customer placing the order (None: no such account) and those of the products
        that exist, in one query, as entities that price the order (they are not tracked:
        placing changes neither; the statement takes the stock).

        The hottest read of the write path goes to the driver directly: the ORM's select of
        both entities cost more CPU than the rest of the placement (`make bench`)."""
        driver = await self._driver()
        rows = await driver.fetch(_BUYER_AND_PRODUCTS, customer_id, product_ids)
        if not rows:
            return None, {}
        first = rows[0]
        buyer = Customer(
            id=customer_id, email=first["email"], name=first["name"], status=first["status"]
        )
        products = {
            row["id"]: Product(
                id=row["id"],
                sku=row["sku"],
                name=row["product_name"],
                price_minor=row["price_minor"],
                currency=row["currency"],
                stock=row["stock"],
                active=row["active"],
            )
            for row in rows
            if row["id"] is not None
        }
        return buyer, products

    async def _driver(self) -> Any:
        """The asyncpg connection under the session's (same transaction, if one began); looked
        up again only once the session let its connection go (a commit or a rollback)."""
        if self._driver_connection is None or not self._session.in_transaction():
            connection = await self._session.connection()
            self._driver_connection = (await connection.get_raw_connection()).driver_connection
        return self._driver_connection

    async def place(self, order: Order, reply: KeyedReply) -> Placement:
        """Write a placed order (from `Order.place`) with its event and its key's reply: all of
        it (PLACED) or nothing. Committed at once unless the unit of work already began a
        transaction (then it is a savepoint of it): call it last."""
        [event] = order.collect_events()
        lines = sorted(order.lines, key=lambda line: line.product_id)
        product_ids = [line.product_id for line in lines]
        arguments = (
            uuid.uuid4(), reply.customer_id, reply.key, reply.request_hash, reply.status,
            orjson.dumps(reply.body).decode(),
            product_ids, [line.quantity for line in lines],
            [line.unit_price_minor for line in lines], [line.id for line in lines],
            order.id, order.total_minor, order.currency, order.created_at,
            event.id, str(event.type), orjson.dumps(event.payload).decode(),
            _json_or_none(trace_carrier()),
        )  # fmt: skip
        driver = await self._driver()
        try:
            if len(lines) == 1 and not driver.is_in_transaction():
                placed = await driver.fetchval(_PLACE, *arguments)
            else:  # a transaction (a savepoint, if the unit of work began one)
                async with driver.transaction():
                    if len(lines) > 1:
                        await driver.execute(_LOCK_IN_ORDER, product_ids)
                    placed = await driver.fetchval(_PLACE, *arguments)
        except asyncpg.CheckViolationError as error:
            if error.constraint_name != _REFUSED:
                raise
            return Placement.REFUSED
        return Placement.PLACED if placed else Placement.KEY_USED


def _json_or_none(value: dict[str, str] | None) -> str | None:
    return None if value is None else orjson.dumps(value).decode()
