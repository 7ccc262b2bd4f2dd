"""Placing an order in one statement: the write path's hot spot (issue 15).

The `Order` entity has already applied every rule that needs no lock (lines, one currency,
orderable products, today's prices) and recorded its `order.placed`. One statement then claims
the Idempotency-Key with the reply, takes the stock of every line (the rule that needs the lock:
the row's own condition, so concurrent orders never oversell), and writes the order, its lines
and its event. Nothing is read back: the reply is the entity's. The product rows are locked from
that statement to the commit only: two round trips.

A key used before (committed; a concurrent first use is waited for) claims nothing and writes
nothing. A line that cannot be served (stock, archived, a price or currency changed since the
entity read it) leaves the order unwritten; what the other lines took is rolled back here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shop.core.tracing import trace_carrier
from shop.entities import Customer, Order, Product

# The key's record comes first: every other part depends on it (no claim, nothing written).
# Then the stock, each line only at the price and in the currency the entity used; the order
# only when every line was taken; its lines and its event only with the order.
_PLACE = text("""
WITH claim AS (
  INSERT INTO idempotency_records
    (id, customer_id, key, request_hash, created_at, response_status, response_body)
  VALUES (CAST(:record_id AS uuid), CAST(:customer_id AS uuid), CAST(:key AS text),
          CAST(:request_hash AS text), now(), CAST(:status AS int), CAST(:reply AS jsonb))
  ON CONFLICT (customer_id, key) DO NOTHING
  RETURNING id
), wanted AS (
  SELECT * FROM unnest(CAST(:product_ids AS uuid[]), CAST(:quantities AS int[]),
                       CAST(:prices AS bigint[])) AS w(product_id, quantity, unit_price_minor)
), taken AS (
  UPDATE products p
  SET stock = p.stock - w.quantity, version = p.version + 1, updated_at = now()
  FROM wanted w
  WHERE p.id = w.product_id AND p.active AND p.stock >= w.quantity
    AND p.price_minor = w.unit_price_minor AND p.currency = CAST(:currency AS text)
    AND EXISTS (SELECT FROM claim)
  RETURNING p.id
), placed AS (
  INSERT INTO orders (id, customer_id, status, total_minor, currency, version, created_at,
                      updated_at)
  SELECT CAST(:order_id AS uuid), CAST(:customer_id AS uuid), CAST(:order_status AS text),
         CAST(:total_minor AS bigint), CAST(:currency AS text), 1,
         CAST(:placed_at AS timestamptz), CAST(:placed_at AS timestamptz)
  WHERE (SELECT count(*) FROM taken) = cardinality(CAST(:product_ids AS uuid[]))
  RETURNING id
), lines AS (
  INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price_minor)
  SELECT l.id, placed.id, l.product_id, l.quantity, l.unit_price_minor
  FROM placed, unnest(CAST(:line_ids AS uuid[]), CAST(:product_ids AS uuid[]),
                      CAST(:quantities AS int[]), CAST(:prices AS bigint[]))
       AS l(id, product_id, quantity, unit_price_minor)
), event AS (
  INSERT INTO outbox_events (id, type, payload, created_at, attempts, next_attempt_at,
                             trace_context)
  SELECT CAST(:event_id AS uuid), CAST(:event_type AS text), CAST(:payload AS jsonb),
         CAST(:placed_at AS timestamptz), 0, now(), CAST(:trace_context AS jsonb)
  FROM placed
)
SELECT EXISTS (SELECT FROM claim) AS claimed, EXISTS (SELECT FROM placed) AS placed
""")
_BUYER_AND_PRODUCTS = """
SELECT c.email, c.name, c.status, p.id, p.sku, p.name AS product_name, p.price_minor,
       p.currency, p.stock, p.active
FROM customers c LEFT JOIN products p ON p.id = ANY($2::uuid[])
WHERE c.id = $1
"""
# Several lines: their rows locked in product-id order first, so two orders for [A, B] and
# [B, A] queue on A instead of deadlocking (the UPDATE's join locks in whatever order it meets
# the rows).
_LOCK_IN_ORDER = text(
    "SELECT id FROM products WHERE id = ANY(CAST(:product_ids AS uuid[])) ORDER BY id FOR UPDATE"
)


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
        """The asyncpg connection under the session's (same transaction, if one began)."""
        connection = await self._session.connection()
        return (await connection.get_raw_connection()).driver_connection

    async def place(self, order: Order, reply: KeyedReply) -> Placement:
        """Write a placed order (from `Order.place`) with its event and its key's reply, in
        this transaction; commit it when PLACED."""
        [event] = order.collect_events()
        lines = sorted(order.lines, key=lambda line: line.product_id)
        product_ids = [line.product_id for line in lines]
        if len(lines) > 1:
            await self._session.execute(_LOCK_IN_ORDER, {"product_ids": product_ids})
        row = (
            await self._session.execute(
                _PLACE,
                {
                    "record_id": uuid.uuid4(),
                    "customer_id": reply.customer_id,
                    "key": reply.key,
                    "request_hash": reply.request_hash,
                    "status": reply.status,
                    "reply": orjson.dumps(reply.body).decode(),
                    "product_ids": product_ids,
                    "quantities": [line.quantity for line in lines],
                    "prices": [line.unit_price_minor for line in lines],
                    "line_ids": [line.id for line in lines],
                    "order_id": order.id,
                    "order_status": str(order.status),
                    "total_minor": order.total_minor,
                    "currency": order.currency,
                    "placed_at": order.created_at,
                    "event_id": event.id,
                    "event_type": str(event.type),
                    "payload": orjson.dumps(event.payload).decode(),
                    "trace_context": _json_or_none(trace_carrier()),
                },
            )
        ).one()
        if row.placed:
            return Placement.PLACED
        await self._session.rollback()  # what the other lines took goes back
        return Placement.REFUSED if row.claimed else Placement.KEY_USED


def _json_or_none(value: dict[str, str] | None) -> str | None:
    return None if value is None else orjson.dumps(value).decode()
