"""Benchmark of the public API's hot paths against a bare ASGI + asyncpg endpoint.

Usage: make bench   (builds the PEX, then runs this with the dev venv)

Seeds a database, starts the packaged app (full production middleware: request IDs, metrics,
JSON logs to a file) and the bare reference endpoint, one server process each, loads each with
wrk over loopback, and prints requests/s and p50/p99 latency side by side. Ends with the order
loads (bench/order_loads.py: spread, hot product, sell-out) and their checks.

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
from harness import (
    Load,
    Row,
    app_env,
    bare_reference,
    measure,
    packaged,
    print_table,
)
from order_loads import Checked, order_loads, print_order_loads

from shop.testing.database import TestDatabase
from shop.testing.pgbouncer import PgBouncerUnavailableError, running_pgbouncer
from shop.testing.processes import ServedApp, running_app


async def seed(dsn: str) -> str:
    """1,000 products to list and read; returns one's id."""
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
        # The statistics autovacuum would have gathered by now, so PostgreSQL plans the
        # listing on what the table holds rather than on an empty table's defaults.
        await connection.execute("ANALYZE products")
    finally:
        await connection.close()
    return str(rows[500][0])


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
        product_id = asyncio.run(seed(database.dsn))
        results, orders = run_loads(database, product_id)
    finally:
        database.drop()
    print("\n## public API")
    print_table(results)
    print_order_loads(orders)
    return 0


def run_loads(database: TestDatabase, product_id: str) -> tuple[list[Row], list[Checked]]:
    command = [sys.executable, str(packaged("public_api"))]
    with (
        running_app(command, "PUBLIC_API_PORT", app_env(database.url)) as api_app,
        bare_reference(database.dsn, f"/products/{product_id}") as bare_app,
        _baseline_build(database) as baseline_app,
        _through_pgbouncer(database) as pooled_app,
    ):
        api, bare = api_app.base_url, bare_app.base_url
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
        # Last and once: their writes (and the vacuuming they bring on) must not slow the reads.
        orders = order_loads({"app": api, "bare": bare}, database.url, database.dsn)
    return results, orders


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


if __name__ == "__main__":
    sys.exit(main())
