"""The order loads of `make bench`, each with the checks that say it told the truth, against
the public API and against its floor (bench/bare_orders.py: the same guarantees, no framework,
no ORM, one round trip).

- spread: customers from a pool, each request a random product out of 1,000 with ample stock;
- hot: every request on one product;
  both in `BENCH_ROUNDS` interleaved rounds (floor, then app), shares computed round by round;
- sell-out: 200 requests at once for a product with 50 in stock: exactly 50 placed, 150 refused
  with a 409 problem, stock 0, no 5xx.

After each: no oversell (stock left + units sold = stock before), one order per Idempotency-Key
that got a 201, one `order.placed` outbox event per order.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import asyncpg
import httpx
from harness import ROOT, ROUNDS, SECRET, Load, Result, wrk
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import create_async_engine

from shop.core.security.tokens import PUBLIC_AUDIENCE, TokenIssuer, TokenSettings
from shop.testing.data import add_customer, add_product

CREATED = 201
CUSTOMERS = 20
SELL_OUT_STOCK, SELL_OUT_BUYERS = 50, 200
AMPLE = 1_000_000


@dataclass(frozen=True)
class Checked:
    result: Result
    checks: dict[str, bool]


async def _customers(database_url: str) -> list[uuid.UUID]:
    engine = create_async_engine(database_url)
    try:
        return [(await add_customer(engine)).id for _ in range(CUSTOMERS)]
    finally:
        await engine.dispose()


def _tokens(customers: list[uuid.UUID]) -> list[str]:
    issuer = TokenIssuer(TokenSettings(secret_key=SecretStr(SECRET)), PUBLIC_AUDIENCE)
    return [issuer.issue(customer).access_token for customer in customers]


async def _state(dsn: str, products: list[str], customers: list[uuid.UUID]) -> dict[str, int]:
    connection = await asyncpg.connect(dsn)
    try:
        row = await connection.fetchrow(
            """
                SELECT
                  (SELECT coalesce(sum(stock), 0) FROM products WHERE id = ANY($1::uuid[]))
                    AS stock,
                  (SELECT coalesce(sum(l.quantity), 0) FROM order_lines l
                     WHERE l.product_id = ANY($1::uuid[])) AS sold,
                  (SELECT count(*) FROM orders WHERE customer_id = ANY($2::uuid[])) AS orders,
                  (SELECT count(*) FROM idempotency_records
                     WHERE customer_id = ANY($2::uuid[]) AND response_status = 201) AS keys,
                  (SELECT count(DISTINCT e.payload->>'order_id') FROM outbox_events e
                     JOIN orders o ON o.id::text = e.payload->>'order_id'
                     WHERE e.type = 'order.placed' AND o.customer_id = ANY($2::uuid[])) AS events,
                  (SELECT count(*) FROM outbox_events e
                     JOIN orders o ON o.id::text = e.payload->>'order_id'
                     WHERE e.type = 'order.placed' AND o.customer_id = ANY($2::uuid[]))
                    AS event_rows
                """,
            products,
            customers,
        )
        assert row is not None  # noqa: S101 - an aggregate always returns its row
        return dict(row)
    finally:
        await connection.close()


def _checks(before: dict[str, int], after: dict[str, int], placed: int) -> dict[str, bool]:
    sold = after["sold"] - before["sold"]
    orders = after["orders"] - before["orders"]
    return {
        "no oversell": after["stock"] >= 0 and before["stock"] - after["stock"] == sold,
        # wrk stops counting at the end of its run, not the server: a request in flight then
        # may still place its order, so there are at least as many orders as 201s counted.
        "one order per key": orders == after["keys"] - before["keys"] >= placed,
        "one outbox event per order": after["events"] == after["event_rows"] == after["orders"],
    }


def _wrk_load(name: str, url: str, path: str, tokens: list[str], products: list[str]) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        tokens_file, products_file = Path(folder, "tokens"), Path(folder, "products")
        tokens_file.write_text("\n".join(tokens) + "\n")
        products_file.write_text("\n".join(products) + "\n")
        env = {
            "BENCH_TOKENS_FILE": str(tokens_file),
            "BENCH_PRODUCTS_FILE": str(products_file),
            "BENCH_ORDERS_PATH": path,
        }
        return wrk(Load(name, url, script=ROOT / "bench" / "orders.lua", env=env))


async def _sell_out(
    base_url: str, tokens: list[str], product: str, *, problems_expected: bool
) -> tuple[Counter[int], bool]:
    body = {"lines": [{"product_id": product, "quantity": 1}]}
    path = "/v1/orders" if problems_expected else "/orders"
    limits = httpx.Limits(max_connections=SELL_OUT_BUYERS)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:
        replies = await asyncio.gather(
            *(
                client.post(
                    path,
                    json=body,
                    headers={
                        "Authorization": f"Bearer {tokens[n % len(tokens)]}",
                        "Idempotency-Key": uuid.uuid4().hex,
                    },
                )
                for n in range(SELL_OUT_BUYERS)
            )
        )
    problems = not problems_expected or all(
        r.headers.get("content-type") == "application/problem+json"
        for r in replies
        if r.status_code == 409  # noqa: PLR2004
    )
    return Counter(r.status_code for r in replies), problems


async def _products(database_url: str, count: int, stock: int) -> list[str]:
    engine = create_async_engine(database_url)
    try:
        return [str((await add_product(engine, stock=stock)).id) for _ in range(count)]
    finally:
        await engine.dispose()


def order_loads(targets: dict[str, str], database_url: str, dsn: str) -> list[Checked]:
    """Each load against each target ({"app": url, "bare": url}) with its checks: the spread and
    hot loads in `ROUNDS` interleaved rounds (bare, then app, in each), the sell-out once; the
    bare endpoint answers /orders, the app /v1/orders."""
    customers = asyncio.run(_customers(database_url))
    tokens = _tokens(customers)
    loaded = []
    spread = asyncio.run(_products(database_url, 1000, AMPLE))
    hot = asyncio.run(_products(database_url, 1, AMPLE))
    for kind, products in (("spread: 1,000 products", spread), ("hot: one product", hot)):
        for _ in range(ROUNDS):
            for target, url in sorted(targets.items(), reverse=True):  # bare first
                before = asyncio.run(_state(dsn, products, customers))
                path = "/v1/orders" if target == "app" else "/orders"
                result = _wrk_load(f"{target} {kind}", url, path, tokens, products)
                after = asyncio.run(_state(dsn, products, customers))
                checks = _checks(before, after, result.statuses.get(CREATED, 0))
                loaded.append(Checked(result, checks))
    for target, url in targets.items():
        loaded.append(_sold_out(target, url, (database_url, dsn), tokens, customers))
    return loaded


def _sold_out(
    target: str, url: str, database: tuple[str, str], tokens: list[str],
    customers: list[uuid.UUID],
) -> Checked:  # fmt: skip
    database_url, dsn = database
    [scarce] = asyncio.run(_products(database_url, 1, SELL_OUT_STOCK))
    before = asyncio.run(_state(dsn, [scarce], customers))
    statuses, problems = asyncio.run(
        _sell_out(url, tokens, scarce, problems_expected=target == "app")
    )
    after = asyncio.run(_state(dsn, [scarce], customers))
    checks = _checks(before, after, statuses[CREATED]) | {
        f"{SELL_OUT_STOCK} placed, {SELL_OUT_BUYERS - SELL_OUT_STOCK} refused with 409": (
            statuses == Counter({201: SELL_OUT_STOCK, 409: SELL_OUT_BUYERS - SELL_OUT_STOCK})
            and problems
        ),
        "stock 0": after["stock"] == 0,
    }
    refused = sum(count for status, count in statuses.items() if status != CREATED)
    name = f"{target} sell-out: {SELL_OUT_BUYERS} for {SELL_OUT_STOCK}"
    return Checked(Result(name, 0, 0, 0, refused, dict(statuses)), checks)


def print_order_loads(loads: list[Checked]) -> None:
    rounds = max(Counter(load.result.name for load in loads).values())
    print(f"\nPOST /v1/orders, after the reads (medians of {rounds} interleaved rounds):")
    names = list(dict.fromkeys(load.result.name for load in loads))
    by_name = {name: [load for load in loads if load.result.name == name] for name in names}
    for name in names:
        runs = by_name[name]
        results = [run.result for run in runs]
        figures = (
            f"{median(r.requests_per_second for r in results):.0f} orders/s, "
            f"p50 {median(r.p50_ms for r in results):.1f} ms, "
            f"p99 {median(r.p99_ms for r in results):.1f} ms, "
            if results[0].requests_per_second
            else ""
        )
        answers: Counter[int] = Counter()
        for result in results:
            answers.update(result.statuses)
        checks = {check: all(run.checks[check] for run in runs) for check in runs[0].checks}
        verdicts = "; ".join(f"{check}: {'ok' if ok else 'FAILED'}" for check, ok in checks.items())
        listed = ", ".join(f"{code}: {count}" for code, count in sorted(answers.items()))
        print(f"  {name:33} {figures}answers {{{listed}}}\n    {verdicts}")
    for kind in ("spread: 1,000 products", "hot: one product"):
        app, bare = by_name.get(f"app {kind}", []), by_name.get(f"bare {kind}", [])
        if app and bare and len(app) == len(bare):
            pairs = list(zip((a.result for a in app), (b.result for b in bare), strict=True))
            share = median(a.requests_per_second / b.requests_per_second for a, b in pairs)
            tail = median(a.p99_ms / b.p99_ms for a, b in pairs)
            shares = ", ".join(
                f"{a.requests_per_second / b.requests_per_second:.0%}" for a, b in pairs
            )
            print(
                f"  app / bare floor, {kind}: {share:.0%} of its orders/s (rounds: {shares}), "
                f"p99 {tail:.1f}x"
            )
