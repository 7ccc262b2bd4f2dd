"""Benchmark of the public API's hot paths against a bare ASGI + asyncpg endpoint.

Usage: make bench   (builds the PEX, then runs this with the dev venv)

Seeds a database, starts the packaged app (full production middleware: request IDs, metrics,
JSON logs to a file) and the bare reference endpoint, one server process each, loads each with
wrk over loopback, and prints requests/s and p50/p99 latency side by side. Ends by checking
that the order load oversold nothing.

A second instance of the app reads through PgBouncer in transaction mode (when `pgbouncer` is
installed), in the same rounds: what the pooler costs a product read.

With BENCH_BASELINE_PEX=<an earlier build's public API PEX> that build serves the same product
read in the same rounds, and the current build's read is compared with it: what a change cost
(tracing off, for one, must cost nothing). Build it from another checkout, e.g.
`git worktree add /tmp/base main && (cd /tmp/base && ./pants package apps/public_api:bin)`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import asyncpg
import httpx
from harness import (
    ROOT,
    Load,
    Result,
    Row,
    app_env,
    bare_reference,
    measure,
    packaged,
    print_table,
    wrk,
)

from shop.testing.database import TestDatabase
from shop.testing.pgbouncer import PgBouncerUnavailableError, running_pgbouncer
from shop.testing.processes import ServedApp, running_app

ORDER_STOCK = 1_000_000
PASSWORD = "bench password 1"


async def seed(dsn: str) -> tuple[str, str]:
    """1,000 products to list, one to order from; returns (a product id, the order product id)."""
    connection = await asyncpg.connect(dsn)
    tag = uuid.uuid4().hex[:6]
    try:
        rows = [
            (uuid.uuid4(), f"B{tag}-{n:04d}", f"Bench item {n:04d} {tag}", "", 100 + n, "EUR", 50)
            for n in range(1000)
        ]
        await connection.copy_records_to_table(
            "products",
            records=rows,
            columns=["id", "sku", "name", "description", "price_minor", "currency", "stock"],
        )
        order_product = uuid.uuid4()
        await connection.execute(
            "INSERT INTO products (id, sku, name, price_minor, currency, stock) "
            "VALUES ($1, $2, 'Bench order item', 500, 'EUR', $3)",
            order_product,
            f"ORDER-{tag}",
            ORDER_STOCK,
        )
        # The statistics autovacuum would have gathered by now, so PostgreSQL plans the
        # listing on what the table holds rather than on an empty table's defaults.
        await connection.execute("ANALYZE products")
    finally:
        await connection.close()
    return str(rows[500][0]), str(order_product)


async def oversell_check(dsn: str, product_id: str) -> tuple[int, int]:
    connection = await asyncpg.connect(dsn)
    try:
        stock = await connection.fetchval(
            "SELECT stock FROM products WHERE id = $1", uuid.UUID(product_id)
        )
        sold = await connection.fetchval(
            "SELECT coalesce(sum(quantity), 0) FROM order_lines WHERE product_id = $1",
            uuid.UUID(product_id),
        )
    finally:
        await connection.close()
    return stock, sold


def main() -> int:
    if shutil.which("wrk") is None:
        print("bench: wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 1
    if not packaged("public_api").exists():
        print("bench: the PEX is missing: run `make package` first", file=sys.stderr)
        return 1
    # A fresh clone of the migrated template, exactly as a test process gets one.
    database = TestDatabase()
    database.create()
    try:
        product_id, order_product = asyncio.run(seed(database.dsn))
        results, orders, oversell = run_loads(database, product_id, order_product)
    finally:
        database.drop()
    print("\n## public API")
    print_table(results)
    print_orders(orders, oversell)
    return 0


def run_loads(
    database: TestDatabase, product_id: str, order_product: str
) -> tuple[list[Row], Result, tuple[int, int]]:
    command = [sys.executable, str(packaged("public_api"))]
    with (
        running_app(command, "PUBLIC_API_PORT", app_env(database.url)) as api_app,
        bare_reference(database.dsn, f"/products/{product_id}") as bare_app,
        _baseline_build(database) as baseline_app,
        _through_pgbouncer(database) as pooled_app,
    ):
        api, bare = api_app.base_url, bare_app.base_url
        token = _token(api)
        base = "bare: GET /products/{id}"
        read = f"/v1/products/{product_id}"
        loads = [Load(base, f"{bare}/products/{product_id}")]
        if baseline_app is None:
            loads.append(Load("GET /v1/products/{id}", f"{api}{read}", base))
        else:
            before = "before: GET /v1/products/{id}"
            loads.append(Load(before, f"{baseline_app.base_url}{read}", base))
            loads.append(Load("now: GET /v1/products/{id}", f"{api}{read}", before))
        if pooled_app is not None:
            direct = loads[-1].name
            loads.append(
                Load("via PgBouncer: GET /v1/products/{id}", f"{pooled_app.base_url}{read}", direct)
            )
        loads.append(Load("GET /v1/products?limit=50", f"{api}/v1/products?limit=50", base))
        results = measure(loads)
        # Last and once: its writes (and the vacuuming they bring on) must not slow the reads.
        orders = wrk(
            Load(
                "POST /v1/orders",
                api,
                script=ROOT / "bench" / "orders.lua",
                env={"BENCH_TOKEN": token, "BENCH_PRODUCT": order_product},
            )
        )
    return results, orders, asyncio.run(oversell_check(database.dsn, order_product))


@contextmanager
def _baseline_build(database: TestDatabase) -> Iterator[ServedApp | None]:
    """An earlier build of the public API (BENCH_BASELINE_PEX), on the same database."""
    pex = os.environ.get("BENCH_BASELINE_PEX")
    if not pex:
        yield None
        return
    command = [sys.executable, str(Path(pex).resolve())]
    with running_app(command, "PUBLIC_API_PORT", app_env(database.url)) as baseline:
        yield baseline


@contextmanager
def _through_pgbouncer(database: TestDatabase) -> Iterator[ServedApp | None]:
    """The app again, every query through PgBouncer (transaction mode, the app's pool size)."""
    with ExitStack() as stack:
        try:
            url = stack.enter_context(running_pgbouncer(database.url, pool_size=10))
        except PgBouncerUnavailableError as missing:
            print(f"bench: not measuring PgBouncer ({missing})", file=sys.stderr)
            yield None
            return
        env = app_env(database.url) | {
            "DB_URL": url,
            "DB_POOLER": "true",
            "DB_LISTEN_URL": database.url,
        }
        command = [sys.executable, str(packaged("public_api"))]
        yield stack.enter_context(running_app(command, "PUBLIC_API_PORT", env))


def _token(base_url: str) -> str:
    email = f"bench-{uuid.uuid4().hex[:6]}@example.com"
    httpx.post(f"{base_url}/v1/customers", json={"email": email, "name": "B", "password": PASSWORD})
    response = httpx.post(
        f"{base_url}/v1/auth/token", data={"username": email, "password": PASSWORD}
    )
    return str(response.json()["access_token"])


def print_orders(orders: Result, oversell: tuple[int, int]) -> None:
    stock, sold = oversell
    verdict = "no oversell" if stock + sold == ORDER_STOCK and stock >= 0 else "OVERSOLD"
    print(
        f"\n{orders.name} (once, after the reads): {orders.requests_per_second:.0f} orders/s, "
        f"p50 {orders.p50_ms:.2f} ms, p99 {orders.p99_ms:.2f} ms, non-2xx {orders.non_2xx}"
    )
    print(f"orders: {sold} units sold, stock left {stock}, start {ORDER_STOCK}: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
