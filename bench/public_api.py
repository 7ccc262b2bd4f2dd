"""Benchmark of the public API's hot paths against a bare ASGI + asyncpg endpoint.

Usage: make bench   (builds the PEX, then runs this with the dev venv)

Seeds a database, starts the packaged app (full production middleware: request IDs, metrics,
JSON logs to a file) and the bare reference endpoint, one server process each, loads each with
wrk over loopback, and prints requests/s and p50/p99 latency side by side. Ends by checking
that the order load oversold nothing.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx

from shop.testing.database import TestDatabase
from shop.testing.processes import running_app

ROOT = Path(__file__).resolve().parents[1]
PEX = ROOT / "dist" / "apps.public_api" / "bin.pex"
DURATION = os.environ.get("BENCH_SECONDS", "10")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")
ORDER_STOCK = 1_000_000
PASSWORD = "bench password 1"


@dataclass(frozen=True)
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def wrk(
    name: str, url: str, script: Path | None = None, env: dict[str, str] | None = None
) -> Result:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url]
    if script:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(  # noqa: S603 - our own command line
        command, capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    non_2xx_match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Result(
        name,
        rps,
        _percentile(output, "50"),
        _percentile(output, "99"),
        int(non_2xx_match.group(1)) if non_2xx_match else 0,
    )


def _percentile(output: str, which: str) -> float:
    value, unit = re.search(rf"{which}%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


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
    if not PEX.exists():
        print(f"bench: {PEX} missing: run `make package` first", file=sys.stderr)
        return 1
    # A fresh clone of the migrated template, exactly as a test process gets one.
    database = TestDatabase()
    database.create()
    try:
        product_id, order_product = asyncio.run(seed(database.dsn))
        results, oversell = run_loads(database, product_id, order_product)
    finally:
        database.drop()
    print_table(results, oversell)
    return 0


def run_loads(
    database: TestDatabase, product_id: str, order_product: str
) -> tuple[list[Result], tuple[int, int]]:
    app_env = {
        "DB_URL": database.url,
        "AUTH_SECRET_KEY": "bench-secret-" + "x" * 32,
        "APP_ENV": "production",
        "DB_POOL_SIZE": "10",
    }
    bare_command = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.bare_app:app",
        "--log-level",
        "warning",
        "--loop",
        "uvloop",
        "--http",
        "httptools",
    ]
    bare_env = {"BENCH_DSN": database.dsn, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    with (
        running_app([sys.executable, str(PEX)], "PUBLIC_API_PORT", app_env) as api_app,
        running_app(
            bare_command, "UVICORN_PORT", bare_env, ready_path=f"/products/{product_id}"
        ) as bare_app,
    ):
        api, bare = api_app.base_url, bare_app.base_url
        token = _token(api)
        results = [
            wrk("bare: GET /products/{id}", f"{bare}/products/{product_id}"),
            wrk("GET /v1/products/{id}", f"{api}/v1/products/{product_id}"),
            wrk("GET /v1/products?limit=50", f"{api}/v1/products?limit=50"),
            wrk(
                "POST /v1/orders",
                api,
                script=ROOT / "bench" / "orders.lua",
                env={"BENCH_TOKEN": token, "BENCH_PRODUCT": order_product},
            ),
        ]
    return results, asyncio.run(oversell_check(database.dsn, order_product))


def _token(base_url: str) -> str:
    email = f"bench-{uuid.uuid4().hex[:6]}@example.com"
    httpx.post(f"{base_url}/v1/customers", json={"email": email, "name": "B", "password": PASSWORD})
    response = httpx.post(
        f"{base_url}/v1/auth/token", data={"username": email, "password": PASSWORD}
    )
    return str(response.json()["access_token"])


def print_table(results: list[Result], oversell: tuple[int, int]) -> None:
    bare = results[0]
    print(f"\nwrk -t2 -c{CONNECTIONS} -d{DURATION}s over loopback, one server process each\n")
    header = ("endpoint", "req/s", "% of bare", "p50 ms", "p99 ms", "p99/bare", "non-2xx")
    print("{:32} {:>9} {:>10} {:>8} {:>8} {:>9} {:>8}".format(*header))
    for result in results:
        share = result.requests_per_second / bare.requests_per_second * 100
        print(
            f"{result.name:32} {result.requests_per_second:9.0f} {share:9.0f}% "
            f"{result.p50_ms:8.2f} {result.p99_ms:8.2f} {result.p99_ms / bare.p99_ms:8.1f}x "
            f"{result.non_2xx:8d}"
        )
    stock, sold = oversell
    verdict = "no oversell" if stock + sold == ORDER_STOCK and stock >= 0 else "OVERSOLD"
    print(f"\norders: {sold} units sold, stock left {stock}, start {ORDER_STOCK}: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
