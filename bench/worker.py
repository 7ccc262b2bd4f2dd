"""Benchmark of the worker: events/s relayed and delivered, and placed-to-delivered lag.

Usage: make bench   (builds the PEXes, then runs this with the dev venv)

1. Throughput: 10,000 `order.placed` events wait in the outbox with one webhook subscription to
   a local receiver; the packaged worker (1, then 2 processes) relays and delivers all of them.
   Printed: events/s from start to the last accepted delivery.
2. Lag: the packaged public API takes a steady stream of orders (`BENCH_LAG_RATE`, 200 a second,
   about half its spread maximum, each for one of 1,000 products) while one worker runs; each
   order's lag is from its `placed_at` to the receiver's arrival time. Printed: p50/p99.
3. Retention: a million delivered events older than the retention in the outbox; the packaged
   worker prunes them. Printed: rows/s, and the outbox's size before, after, after VACUUM.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import asyncpg
import httpx
from harness import ROOT, app_env, packaged

from shop.testing.data import PASSWORD
from shop.testing.database import TestDatabase
from shop.testing.processes import ServedApp, running_app

EVENTS = 10_000
# About half of what the public API sustains on the spread load here (`make bench`: ~450/s).
ORDER_RATE_PER_SECOND = int(os.environ.get("BENCH_LAG_RATE", "200"))
LAG_SECONDS = 10
SECRET = "bench-webhook-secret-0123"


async def queue_events(dsn: str, count: int, receiver_url: str) -> None:
    """`count` undelivered order.placed events (and one subscription), written in bulk; each
    from another customer for another product, as in a shop (one hot summary or sales row
    would serialize the workers on its lock)."""
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute("UPDATE webhook_subscriptions SET active = false")
        await connection.execute(
            "INSERT INTO webhook_subscriptions (id, url, event_types, secret) "
            "VALUES ($1, $2, ARRAY['order.placed'], $3)",
            uuid.uuid4(),
            receiver_url,
            SECRET,
        )
        await connection.execute(
            "INSERT INTO outbox_events (id, type, payload) "
            "SELECT gen_random_uuid(), 'order.placed', jsonb_build_object("
            "  'order_id', gen_random_uuid(), 'customer_id', gen_random_uuid(), 'status', 'placed',"
            "  'total_minor', 500, 'currency', 'EUR', 'lines', jsonb_build_array("
            "    jsonb_build_object("
            "      'product_id', gen_random_uuid(), 'quantity', 1, 'unit_price_minor', 500))) "
            "FROM generate_series(1, $1)",
            count,
        )
        await connection.execute("VACUUM ANALYZE outbox_events")
    finally:
        await connection.close()


@contextmanager
def receiver_process() -> Iterator[str]:
    """bench/receiver_app.py under uvicorn; yields its base URL."""
    command = [
        sys.executable,
        *("-m", "uvicorn", "bench.receiver_app:app", "--log-level", "warning"),
        *("--loop", "uvloop", "--http", "httptools", "--no-access-log"),
    ]
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    with running_app(command, "UVICORN_PORT", env, ready_path="/received") as receiver:
        yield receiver.base_url


def received(base_url: str) -> list[float]:
    return list(httpx.get(f"{base_url}/received").json()["lags_ms"])


def wait_for(base_url: str, count: int, timeout: float) -> list[float]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lags = received(base_url)
        if len(lags) >= count:
            return lags
        time.sleep(0.05)
    raise TimeoutError(f"{len(received(base_url))} of {count} webhooks arrived in {timeout}s")


@contextmanager
def workers(count: int, database: TestDatabase) -> Iterator[list[ServedApp]]:
    command = [sys.executable, str(packaged("worker"))]
    with ExitStack() as stack:
        yield [
            stack.enter_context(running_app(command, "WORKER_PORT", app_env(database.url)))
            for _ in range(count)
        ]


def throughput(database: TestDatabase, worker_count: int) -> float:
    with receiver_process() as receiver:
        asyncio.run(queue_events(database.dsn, EVENTS, f"{receiver}/hooks"))
        started = time.perf_counter()
        with workers(worker_count, database):
            wait_for(receiver, EVENTS, timeout=600)
            elapsed = time.perf_counter() - started
    return EVENTS / elapsed


async def _order_stream(api: str, product_ids: list[str], token: str) -> int:
    """Orders at ORDER_RATE_PER_SECOND for LAG_SECONDS, open loop (one is sent every 1/rate s
    whether or not the earlier ones were answered), each for a random product of the spread;
    how many were placed."""
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(
        base_url=api, headers=headers, timeout=30, limits=limits
    ) as client:

        async def place(product_id: str) -> bool:
            body = {"lines": [{"product_id": product_id, "quantity": 1}]}
            key = {"Idempotency-Key": uuid.uuid4().hex}
            for _ in range(3):  # a kept-alive connection the server closed: the same key again
                try:
                    response = await client.post("/v1/orders", json=body, headers=key)
                except httpx.TransportError:
                    continue
                return response.status_code == httpx.codes.CREATED
            return False

        sent: list[asyncio.Task[bool]] = []
        started = time.monotonic()
        for n in range(int(ORDER_RATE_PER_SECOND * LAG_SECONDS)):
            await asyncio.sleep(max(0.0, started + n / ORDER_RATE_PER_SECOND - time.monotonic()))
            sent.append(asyncio.create_task(place(random.choice(product_ids))))  # noqa: S311
        return sum(await asyncio.gather(*sent))


async def _products(dsn: str, count: int) -> list[str]:
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(
            "INSERT INTO products (id, sku, name, price_minor, currency, stock) "
            "SELECT gen_random_uuid(), 'LAG-' || n, 'Lag bench item', 500, 'EUR', 1000000 "
            "FROM generate_series(1, $1) AS n RETURNING id",
            count,
        )
    finally:
        await connection.close()
    return [str(row["id"]) for row in rows]


def _token(api: str) -> str:
    email = f"lag-{uuid.uuid4().hex[:8]}@example.com"
    httpx.post(f"{api}/v1/customers", json={"email": email, "name": "L", "password": PASSWORD})
    response = httpx.post(f"{api}/v1/auth/token", data={"username": email, "password": PASSWORD})
    return str(response.json()["access_token"])


def lag(database: TestDatabase) -> tuple[int, list[float]]:
    api_command = [sys.executable, str(packaged("public_api"))]
    with receiver_process() as receiver:
        asyncio.run(queue_events(database.dsn, 0, f"{receiver}/hooks"))
        product_ids = asyncio.run(_products(database.dsn, 1000))
        with (
            running_app(api_command, "PUBLIC_API_PORT", app_env(database.url)) as api,
            workers(1, database),
        ):
            placed = asyncio.run(_order_stream(api.base_url, product_ids, _token(api.base_url)))
            lags = wait_for(receiver, placed, timeout=60)
    return placed, sorted(lags)


RETAINED_EVENTS = 1_000_000


async def _outbox(dsn: str, statement: str, *args: object) -> int:
    connection = await asyncpg.connect(dsn)
    try:
        return int(await connection.fetchval(statement, *args) or 0)
    finally:
        await connection.close()


def retention(database: TestDatabase) -> tuple[float, list[int]]:
    """Seconds the worker took to prune the million events, and the outbox's size in bytes
    with them, after pruning, and after VACUUM."""
    size = "SELECT pg_total_relation_size('outbox_events')"
    asyncio.run(
        _outbox(
            database.dsn,
            "WITH made AS (INSERT INTO outbox_events (id, type, payload, created_at, attempts,"
            " next_attempt_at, delivered_at)"
            " SELECT gen_random_uuid(), 'order.placed', jsonb_build_object('order_id',"
            " gen_random_uuid(), 'total_minor', 500, 'currency', 'EUR'), now() - interval"
            " '8 days', 1, now() - interval '8 days', now() - interval '8 days'"
            " FROM generate_series(1, $1) RETURNING 1) SELECT count(*) FROM made",
            RETAINED_EVENTS,
        )
    )
    sizes = [asyncio.run(_outbox(database.dsn, size))]
    old = "SELECT count(*) FROM outbox_events WHERE delivered_at < now() - interval '7 days'"
    started = time.perf_counter()
    with workers(1, database):
        while asyncio.run(_outbox(database.dsn, old)):
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
    sizes.append(asyncio.run(_outbox(database.dsn, size)))
    asyncio.run(_outbox(database.dsn, "VACUUM outbox_events"))
    sizes.append(asyncio.run(_outbox(database.dsn, size)))
    return elapsed, sizes


def main() -> int:
    if not packaged("worker").exists():
        print("bench: the PEX is missing: run `make package` first", file=sys.stderr)
        return 1
    database = TestDatabase()
    database.create()
    try:
        one = throughput(database, 1)
        two = throughput(database, 2)
        placed, lags = lag(database)
        pruning, sizes = retention(database)
    finally:
        database.drop()
    print("\n## worker")
    print(f"\nrelay + signed webhook to a local receiver, {EVENTS:,} queued events")
    print(f"  1 worker process:   {one:8.0f} events/s")
    print(f"  2 worker processes: {two:8.0f} events/s")
    p50 = statistics.median(lags)
    p99 = lags[min(len(lags) - 1, int(len(lags) * 0.99))]
    print(
        f"\nlag placed -> delivered, {placed} orders sent at {ORDER_RATE_PER_SECOND}/s over "
        f"1,000 products through the public API: p50 {p50:.0f} ms, p99 {p99:.0f} ms"
    )
    megabytes = [f"{size / 1024 / 1024:.0f} MB" for size in sizes]
    print(
        f"\nretention (WORKER_RETENTION_DAYS 7): {RETAINED_EVENTS:,} delivered events 8 days old"
        f" pruned by one worker in {pruning:.1f} s ({RETAINED_EVENTS / pruning:,.0f} rows/s);"
        f" outbox {megabytes[0]} with them, {megabytes[1]} after, {megabytes[2]} after VACUUM"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
