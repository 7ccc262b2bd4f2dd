"""Benchmark of the admin API's hot paths and its export, against bare ASGI + asyncpg endpoints.

Usage: make bench   (builds the PEXes, then runs this with the dev venv)

Seeds a database (a catalogue, 20,000 orders to list, 1,000 and 100,000 orders to export),
starts the packaged app with its full production middleware and the bare reference endpoints,
one server process each, and prints: requests/s and p50/p99 for a product and for a page of 50
orders with their lines, each next to a bare endpoint serving the same; the export's order
lines per second; and the app's peak memory after exporting 1,000 and then 100,000 orders.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import time
from dataclasses import dataclass

import asyncpg
import httpx
from harness import Load, Row, app_env, bare_reference, measure, packaged, print_table
from sqlalchemy.ext.asyncio import create_async_engine

from shop.entities import Customer, StaffRole
from shop.testing.data import PASSWORD, add_product, add_staff, bulk_orders
from shop.testing.database import TestDatabase
from shop.testing.processes import ServedApp, running_app

MB = 1024 * 1024
LIST_ORDERS = 20_000
SMALL_EXPORT, LARGE_EXPORT = 1_000, 100_000


@dataclass(frozen=True)
class Seeded:
    product_id: str
    owner_email: str
    small: Customer
    large: Customer


@dataclass(frozen=True)
class Export:
    orders: int
    lines: int
    seconds: float
    peak_rss_bytes: int


async def seed(database_url: str, dsn: str) -> Seeded:
    engine = create_async_engine(database_url)
    try:
        product = await add_product(engine, stock=50)
        owner = await add_staff(engine, StaffRole.OWNER)
        await bulk_orders(engine, LIST_ORDERS)
        small = await bulk_orders(engine, SMALL_EXPORT)
        large = await bulk_orders(engine, LARGE_EXPORT)
    finally:
        await engine.dispose()
    # What a database that has been running a while has: fresh statistics, a visibility map.
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()
    return Seeded(str(product.id), owner.email, small, large)


def export(app: ServedApp, headers: dict[str, str], customer: Customer) -> Export:
    started, lines = time.perf_counter(), -1  # the CSV header is not an order line
    with httpx.stream(
        "GET",
        f"{app.base_url}/admin/v1/orders/export",
        params={"customer_id": str(customer.id), "format": "csv"},
        headers=headers,
        timeout=600,
    ) as response:
        response.raise_for_status()
        for _ in response.iter_lines():
            lines += 1
    seconds = time.perf_counter() - started
    orders = SMALL_EXPORT if lines == SMALL_EXPORT * 2 else LARGE_EXPORT
    return Export(orders, lines, seconds, app.peak_memory_bytes())


def run(database: TestDatabase, seeded: Seeded) -> tuple[list[Row], list[Export]]:
    command = [sys.executable, str(packaged("admin_api"))]
    with (
        running_app(command, "ADMIN_API_PORT", app_env(database.url)) as admin,
        bare_reference(database.dsn, f"/products/{seeded.product_id}") as bare,
    ):
        token = httpx.post(
            f"{admin.base_url}/admin/v1/auth/token",
            data={"username": seeded.owner_email, "password": PASSWORD},
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        bare_product, bare_page = "bare: GET /products/{id}", "bare: GET /orders (50, lines)"
        results = measure(
            [
                Load(bare_product, f"{bare.base_url}/products/{seeded.product_id}"),
                Load(
                    "GET /admin/v1/products/{id}",
                    f"{admin.base_url}/admin/v1/products/{seeded.product_id}",
                    bare_product,
                    headers=auth,
                ),
                Load(bare_page, f"{bare.base_url}/orders"),
                Load(
                    "GET /admin/v1/orders?limit=50",
                    f"{admin.base_url}/admin/v1/orders",
                    bare_page,
                    headers=auth,
                ),
            ]
        )
        exports = [export(admin, auth, seeded.small), export(admin, auth, seeded.large)]
    return results, exports


def print_exports(exports: list[Export]) -> None:
    print("\nexport (CSV, 2 lines per order)       orders    lines   lines/s   peak RSS")
    for item in exports:
        print(
            f"{'':36} {item.orders:7d} {item.lines:8d} {item.lines / item.seconds:9.0f} "
            f"{item.peak_rss_bytes / MB:7.0f} MB"
        )
    growth = (exports[-1].peak_rss_bytes - exports[0].peak_rss_bytes) / MB
    print(f"peak memory growth from {SMALL_EXPORT:,} to {LARGE_EXPORT:,} orders: {growth:.1f} MB")


def main() -> int:
    if shutil.which("wrk") is None:
        print("bench: wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 1
    if not packaged("admin_api").exists():
        print("bench: the PEX is missing: run `make package` first", file=sys.stderr)
        return 1
    database = TestDatabase()
    database.create()
    try:
        results, exports = run(database, asyncio.run(seed(database.url, database.dsn)))
    finally:
        database.drop()
    print("\n## admin API")
    print_table(results)
    print_exports(exports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
