"""The floor of POST /v1/orders: what placing an order guarantees, with no framework and no ORM,
in one round trip (one statement that is its own transaction).

Guarantees kept: a valid access token (HS256, audience and issuer checked; verified tokens
remembered, as the app does) of an active account (read in the statement, as the app reads it
in its own), an Idempotency-Key claimed per customer (a retry gets the stored reply), stock
never below zero (the UPDATE's own condition), the order, its lines and its `order.placed`
outbox event (naming the customer, as the app's does), all or nothing, the reply stored for
retries. Several lines: their rows locked in product-id order first, in a transaction (the
bench's loads order one line).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from typing import Any

import asyncpg
import jwt
import orjson

SECRET = os.environ.get("BENCH_SECRET", "")
_verified: dict[str, uuid.UUID] = {}

# One statement: take the stock of every line, then the order, its lines, its event, and the
# Idempotency-Key's record with the reply, last. A key used before makes that INSERT fail (a
# concurrent first use makes it wait for that one's commit, then fail) and the stored reply is
# read instead. A line that cannot be served makes the order's total -1, which its CHECK
# refuses: the statement fails and undoes itself, the stock other lines took included (409). An
# account that is not active places nothing and returns nothing (401).
PLACE = """
WITH buyer AS (
  SELECT email, name FROM customers WHERE id = $2 AND status = 'active'
), wanted AS (
  SELECT * FROM unnest($5::uuid[], $6::int[]) AS w(product_id, quantity)
), taken AS (
  UPDATE products p
  SET stock = p.stock - w.quantity, version = p.version + 1, updated_at = now()
  FROM wanted w
  WHERE p.id = w.product_id AND p.active AND p.stock >= w.quantity AND EXISTS (SELECT FROM buyer)
  RETURNING p.id AS product_id, w.quantity, p.price_minor, p.currency
), placed AS (
  INSERT INTO orders (id, customer_id, status, total_minor, currency, version, created_at,
                      updated_at)
  SELECT $1, $2, 'placed',
         CASE WHEN count(*) = cardinality($5::uuid[]) AND count(DISTINCT currency) = 1
              THEN sum(price_minor * quantity) ELSE -1 END,
         coalesce(min(currency), 'XXX'), 1, now(), now()
  FROM taken
  HAVING EXISTS (SELECT FROM buyer)
  RETURNING id, customer_id, status, total_minor, currency, created_at
), lines AS (
  INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price_minor)
  SELECT gen_random_uuid(), placed.id, taken.product_id, taken.quantity, taken.price_minor
  FROM placed, taken
  RETURNING product_id, quantity, unit_price_minor
), document AS (
  SELECT json_build_object(
    'order_id', placed.id, 'id', placed.id, 'customer_id', placed.customer_id,
    'status', placed.status, 'total_minor', placed.total_minor, 'currency', placed.currency,
    'placed_at', placed.created_at,
    'lines', (SELECT json_agg(json_build_object('product_id', product_id, 'quantity', quantity,
                                                'unit_price_minor', unit_price_minor))
              FROM lines)
  ) AS body
  FROM placed
), event AS (
  INSERT INTO outbox_events (id, type, payload, created_at, attempts, next_attempt_at)
  SELECT gen_random_uuid(), 'order.placed',
         body::jsonb || jsonb_build_object('customer', (
           SELECT jsonb_build_object('email', email, 'name', name) FROM buyer)),
         now(), 0, now()
  FROM document
), claim AS (
  INSERT INTO idempotency_records (id, customer_id, key, request_hash, created_at,
                                   response_status, response_body)
  SELECT gen_random_uuid(), $2, $3, $4, now(), 201, body::jsonb FROM document
)
SELECT body::text FROM document
"""
LOCK_IN_ORDER = "SELECT id FROM products WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE"
REFUSED = "ck_orders_total_not_negative"
STORED = (
    "SELECT response_status, response_body::text FROM idempotency_records "
    "WHERE customer_id = $1 AND key = $2"
)


def customer_of(authorization: bytes | None) -> uuid.UUID | None:
    if not authorization or not authorization.startswith(b"Bearer "):
        return None
    token = authorization[7:].decode()
    known = _verified.get(token)
    if known is not None:
        return known
    try:
        claims = jwt.decode(
            token, SECRET, algorithms=["HS256"], audience="shop-public", issuer="shop",
            options={"require": ["exp", "sub", "aud", "iss"]},
        )  # fmt: skip
        customer = uuid.UUID(claims["sub"])
    except (jwt.InvalidTokenError, ValueError):
        return None
    _verified[token] = customer
    return customer


async def place(
    pool: asyncpg.Pool, customer: uuid.UUID, key: str, body: bytes
) -> tuple[int, bytes]:
    try:
        lines: list[dict[str, Any]] = orjson.loads(body)["lines"]
        wanted = sorted((uuid.UUID(line["product_id"]), int(line["quantity"])) for line in lines)
    except (ValueError, KeyError, TypeError):
        return 422, b'{"title":"Unprocessable Content"}'
    fingerprint = hashlib.sha256(body).hexdigest()
    arguments = (
        uuid.uuid4(), customer, key, fingerprint, [w[0] for w in wanted], [w[1] for w in wanted]
    )  # fmt: skip
    async with pool.acquire() as connection:
        try:
            if len(wanted) == 1:
                placed = await connection.fetchval(PLACE, *arguments)
            else:
                async with connection.transaction():
                    await connection.execute(LOCK_IN_ORDER, arguments[4])
                    placed = await connection.fetchval(PLACE, *arguments)
        except asyncpg.CheckViolationError as error:
            if error.constraint_name != REFUSED:
                raise
            return 409, b'{"title":"Conflict","detail":"Not enough stock."}'
        except asyncpg.UniqueViolationError:  # the key was used: its reply, not a new order
            stored = await connection.fetchrow(STORED, customer, key)
        else:
            if placed is None:
                return 401, b'{"title":"Unauthorized","detail":"The account is not active."}'
            return 201, placed.encode()
    if stored is None or stored["response_status"] is None:
        return 409, b'{"title":"Conflict","detail":"A request with this key is in progress."}'
    return stored["response_status"], stored["response_body"].encode()
