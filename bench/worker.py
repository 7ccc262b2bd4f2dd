"""Benchmark of the worker: its relay against a bare relay, its webhook sender, the
placed-to-delivered lag, and the retention.

Usage: make bench   (builds the PEXes, then runs this with the dev venv)

In `BENCH_ROUNDS` interleaved rounds (shares computed round by round, medians printed):
1. Relay: 10,000 `order.placed` events become due at once with one webhook subscription; the
   bare relay (`bench/bare_relay.py`: one statement per batch, one connection; once as the
   issue defines it, once also doing the listeners' writes), then the packaged worker running
   only its relay (`WORKER_LOOPS=["relay"]`), 1 then 2 processes,
   relay them all (listeners, fan-out, delivered mark). Printed: events/s.
2. Webhooks: 10,000 pending deliveries to a local receiver; the packaged worker, 1 then 2
   processes, sends them all. Then the same with a second subscription whose receiver takes
   5 s to answer each delivery: the first receiver's deliveries/s beside it. Printed:
   deliveries/s, and how much the slow receiver changed the other's.
Once:
3. Lag: the packaged public API takes a steady stream of orders (`BENCH_LAG_RATE`, 270 a second,
   about half its spread maximum, each for one of 1,000 products) while one worker runs; each
   order's lag is from its `placed_at` to the receiver's arrival time. Printed: p50/p99.
4. Retention: a million delivered events older than the retention in the outbox; the packaged
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
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import asyncpg
import httpx
from bare_relay import RELAY_BATCH as BARE
from bare_relay import RELAY_BATCH_WITH_LISTENERS as BARE_WITH_LISTENERS
from bare_relay import relay_all
from harness import ROOT, ROUNDS, app_env, packaged

from shop.testing.data import PASSWORD
from shop.testing.database import TestDatabase
from shop.testing.processes import ServedApp, running_app

EVENTS = 10_000
RELAY_BATCH = 200  # the worker's default WORKER_BATCH_SIZE
# About half of what the public API sustains on the spread load here (`make bench`: 517-547/s).
ORDER_RATE_PER_SECOND = int(os.environ.get("BENCH_LAG_RATE", "270"))
LAG_SECONDS = 10
SECRET = "bench-webhook-secret-0123"
RELAY_ONLY = {"WORKER_LOOPS": '["relay"]'}
# The slow receiver answers in 5 s: within the timeout, so its deliveries hold their slots.
SENDER = {"WORKER_WEBHOOK_TIMEOUT_SECONDS": "10"}
ORDER_PLACED = (
    "jsonb_build_object('order_id', gen_random_uuid(), 'customer_id', gen_random_uuid(),"
    " 'status', 'placed', 'total_minor', 500, 'currency', 'EUR', 'lines', jsonb_build_array("
    " jsonb_build_object('product_id', gen_random_uuid(), 'quantity', 1,"
    " 'unit_price_minor', 500)))"
)


async def _execute(dsn: str, *statements: str, args: tuple[object, ...] = ()) -> int:
    """The statements in turn (the last with `args`); the last one's value."""
    connection = await asyncpg.connect(dsn)
    try:
        for statement in statements[:-1]:
            await connection.execute(statement)
        return int(await connection.fetchval(statements[-1], *args) or 0)
    finally:
        await connection.close()


def sql(dsn: str, *statements: str, args: tuple[object, ...] = ()) -> int:
    return asyncio.run(_execute(dsn, *statements, args=args))


async def _number(dsn: str, query: str) -> float:
    connection = await asyncpg.connect(dsn)
    try:
        return float(await connection.fetchval(query) or 0)
    finally:
        await connection.close()


def reset(dsn: str, receiver_urls: list[str]) -> None:
    """No events, deliveries or subscriptions but one per URL, to `order.placed`."""
    sql(
        dsn,
        "TRUNCATE webhook_attempts, webhook_deliveries, webhook_subscriptions, outbox_events,"
        " processed_events, product_sales, customer_order_summaries",
        "INSERT INTO webhook_subscriptions (id, url, event_types, secret)"
        " SELECT gen_random_uuid(), url, ARRAY['order.placed'], $2 FROM unnest($1::text[]) url",
        args=(receiver_urls, SECRET),
    )


def queue_events(dsn: str, count: int) -> None:
    """`count` undelivered order.placed events that fall due one second from now, each a
    microsecond after the one before (as orders' own transactions would), each from another
    customer for another product, as in a shop (one hot summary or sales row would serialize
    the workers on its lock). Analyzed, as autovacuum keeps a live outbox; returns once they
    are due."""
    sql(
        dsn,
        "INSERT INTO outbox_events (id, type, payload, created_at, next_attempt_at)"  # noqa: S608 - constants only
        f" SELECT gen_random_uuid(), 'order.placed', {ORDER_PLACED}, at, at"
        " FROM generate_series(1, $1) AS n,"
        " LATERAL (SELECT now() + make_interval(secs => 1 + n / 1e6) AS at) AS written",
        args=(count,),
    )
    sql(dsn, "ANALYZE outbox_events", "SELECT 1")
    wait = "SELECT extract(epoch FROM min(next_attempt_at) - clock_timestamp()) FROM outbox_events"
    time.sleep(max(0.0, asyncio.run(_number(dsn, wait))))


def queue_deliveries(dsn: str, count: int) -> None:
    """`count` relayed events, each with a pending delivery per subscription, due at once."""
    sql(
        dsn,
        "WITH events AS (INSERT INTO outbox_events (id, type, payload, delivered_at, attempts)"  # noqa: S608 - constants only
        f" SELECT gen_random_uuid(), 'order.placed', {ORDER_PLACED}, now(), 1"
        " FROM generate_series(1, $1) RETURNING id, type)"
        " INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, status,"
        " attempts, next_attempt_at)"
        " SELECT gen_random_uuid(), s.id, e.id, e.type, 'pending', 0, now()"
        " FROM events e CROSS JOIN webhook_subscriptions s",
        args=(count,),
    )


def rate(count: int, done: Callable[[], bool]) -> float:
    """Per second, from now until `done()` (asked every 10 ms)."""
    started = time.perf_counter()
    while not done():
        time.sleep(0.01)
    return count / (time.perf_counter() - started)


def cpu_times() -> tuple[int, int]:
    """The machine's (busy, total) CPU time so far, in ticks (/proc/stat)."""
    first_line = Path("/proc/stat").read_text().splitlines()[0]
    ticks = [int(value) for value in first_line.split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return sum(ticks) - idle, sum(ticks)


def busy_since(before: tuple[int, int]) -> float:
    """The share of the machine's CPUs that were busy since `before` (cpu_times())."""
    busy, total = cpu_times()
    return (busy - before[0]) / max(1, total - before[1])


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


def arrived(base_url: str, path: str = "/hooks") -> int:
    return int(httpx.get(f"{base_url}/received", params={"path": path}).json()["count"])


def lags(base_url: str, path: str = "/hooks") -> list[float]:
    answer = httpx.get(f"{base_url}/received", params={"path": path, "lags": "1"}).json()
    return list(answer["lags_ms"])


def wait_for(base_url: str, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while (got := arrived(base_url)) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{got} of {count} webhooks arrived in {timeout}s")
        time.sleep(0.05)


@contextmanager
def workers(
    count: int, database: TestDatabase, env: dict[str, str] | None = None
) -> Iterator[list[ServedApp]]:
    command = [sys.executable, str(packaged("worker"))]
    with ExitStack() as stack:
        yield [
            stack.enter_context(
                running_app(command, "WORKER_PORT", {**app_env(database.url), **(env or {})})
            )
            for _ in range(count)
        ]


def relay_round(database: TestDatabase) -> dict[str, float]:
    """Events/s of the bare relay and of the worker's, with 1 and 2 processes."""
    dsn = database.dsn
    undelivered = "SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL"
    rates = {}
    for name, statement in (("bare", BARE), ("bare + listeners", BARE_WITH_LISTENERS)):
        reset(dsn, ["http://127.0.0.1:9/hooks"])  # never called: only the relay runs
        queue_events(dsn, EVENTS)
        started, cpu = time.perf_counter(), cpu_times()
        relayed = asyncio.run(relay_all(dsn, RELAY_BATCH, statement))
        rates[name] = relayed / (time.perf_counter() - started)
        rates[f"{name} cpu"] = busy_since(cpu)
    for processes in (1, 2):
        reset(dsn, ["http://127.0.0.1:9/hooks"])
        with workers(processes, database, RELAY_ONLY):
            queue_events(dsn, EVENTS)
            cpu = cpu_times()
            rates[f"worker x{processes}"] = rate(EVENTS, lambda: not sql(dsn, undelivered))
            rates[f"worker x{processes} cpu"] = busy_since(cpu)
    return rates


def webhooks_round(database: TestDatabase, receiver: str) -> dict[str, float]:
    """Deliveries/s to one receiver with 1 and 2 processes, and with a slow receiver beside."""
    rates = {}
    for processes in (1, 2):
        reset(database.dsn, [f"{receiver}/hooks"])
        httpx.delete(f"{receiver}/received")
        with workers(processes, database, SENDER):
            queue_deliveries(database.dsn, EVENTS)
            rates[f"worker x{processes}"] = rate(EVENTS, lambda: arrived(receiver) >= EVENTS)
    reset(database.dsn, [f"{receiver}/hooks", f"{receiver}/slow"])
    httpx.delete(f"{receiver}/received")
    with workers(2, database, SENDER):
        queue_deliveries(database.dsn, EVENTS)
        rates["beside a 5 s receiver"] = rate(EVENTS, lambda: arrived(receiver) >= EVENTS)
    return rates


def medians(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {name: statistics.median(r[name] for r in rounds) for name in rounds[0]}


def share(rounds: list[dict[str, float]], name: str, base: str) -> float:
    """The median over rounds of `name`'s figure / `base`'s, in the same round."""
    return statistics.median(r[name] / r[base] for r in rounds)


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


def lag(database: TestDatabase, receiver: str) -> tuple[int, list[float]]:
    api_command = [sys.executable, str(packaged("public_api"))]
    reset(database.dsn, [f"{receiver}/hooks"])
    httpx.delete(f"{receiver}/received")
    product_ids = asyncio.run(_products(database.dsn, 1000))
    with (
        running_app(api_command, "PUBLIC_API_PORT", app_env(database.url)) as api,
        workers(1, database),
    ):
        placed = asyncio.run(_order_stream(api.base_url, product_ids, _token(api.base_url)))
        wait_for(receiver, placed, timeout=60)
    return placed, sorted(lags(receiver))


RETAINED_EVENTS = 1_000_000


def retention(database: TestDatabase) -> tuple[float, list[int]]:
    """Seconds the worker took to prune the million events, and the outbox's size in bytes
    with them, after pruning, and after VACUUM."""
    dsn = database.dsn
    size = "SELECT pg_total_relation_size('outbox_events')"
    sql(
        dsn,
        "INSERT INTO outbox_events (id, type, payload, created_at, attempts, next_attempt_at,"
        " delivered_at) SELECT gen_random_uuid(), 'order.placed', jsonb_build_object('order_id',"
        " gen_random_uuid(), 'total_minor', 500, 'currency', 'EUR'), now() - interval '8 days',"
        " 1, now() - interval '8 days', now() - interval '8 days' FROM generate_series(1, $1)",
        args=(RETAINED_EVENTS,),
    )
    sizes = [sql(dsn, size)]
    old = "SELECT count(*) FROM outbox_events WHERE delivered_at < now() - interval '7 days'"
    started = time.perf_counter()
    with workers(1, database):
        while sql(dsn, old):
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
    sizes.append(sql(dsn, size))
    sizes.append(sql(dsn, "VACUUM outbox_events", size))
    return elapsed, sizes


def main() -> int:
    if not packaged("worker").exists():
        print("bench: the PEX is missing: run `make package` first", file=sys.stderr)
        return 1
    database = TestDatabase()
    database.create()
    try:
        relay_rounds = [relay_round(database) for _ in range(ROUNDS)]
        with receiver_process() as receiver:
            webhook_rounds = [webhooks_round(database, receiver) for _ in range(ROUNDS)]
            placed, order_lags = lag(database, receiver)
        pruning, sizes = retention(database)
    finally:
        database.drop()
    print(f"\n## worker (medians of {ROUNDS} interleaved rounds)")
    relay = medians(relay_rounds)
    cpus = os.cpu_count()
    print(f"\nrelay, {EVENTS:,} due order.placed events, batches of {RELAY_BATCH}")
    print(f"(cpu: the share of the machine's {cpus} CPUs busy meanwhile, PostgreSQL included)")
    print(
        f"  bare relay (one statement a batch):  {relay['bare']:8.0f} events/s"
        f"  cpu {relay['bare cpu']:4.0%}"
    )
    print(
        f"  bare relay + the listeners' writes:  {relay['bare + listeners']:8.0f} events/s"
        f"  cpu {relay['bare + listeners cpu']:4.0%}"
    )
    print(
        f"  worker, 1 process:                   {relay['worker x1']:8.0f} events/s"
        f"  cpu {relay['worker x1 cpu']:4.0%}  {share(relay_rounds, 'worker x1', 'bare'):.0%}"
        f" of bare, {share(relay_rounds, 'worker x1', 'bare + listeners'):.0%} of bare + listeners"
    )
    print(
        f"  worker, 2 processes:                 {relay['worker x2']:8.0f} events/s"
        f"  cpu {relay['worker x2 cpu']:4.0%}  {share(relay_rounds, 'worker x2', 'worker x1'):.2f}x"
        " one"
    )
    sent = medians(webhook_rounds)
    print(f"\nsigned webhooks, {EVENTS:,} pending deliveries to a local receiver:")
    print(f"  worker, 1 process:                   {sent['worker x1']:8.0f} deliveries/s")
    print(f"  worker, 2 processes:                 {sent['worker x2']:8.0f} deliveries/s")
    change = share(webhook_rounds, "beside a 5 s receiver", "worker x2") - 1
    print(
        f"  2 processes, a 5 s receiver beside:  {sent['beside a 5 s receiver']:8.0f}"
        f" deliveries/s  ({change:+.0%} against the same receiver alone)"
    )
    p50 = statistics.median(order_lags)
    p99 = order_lags[min(len(order_lags) - 1, int(len(order_lags) * 0.99))]
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
