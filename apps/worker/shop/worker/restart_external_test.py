"""The packaged worker rides out a PostgreSQL restart: no crash, no crash loop, work resumes.

The test makes a PostgreSQL server of its own (local binaries, a free port), so stopping it
disturbs no other test.
"""

import asyncio
import time
import uuid
from collections.abc import Iterator

import asyncpg
import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from shop.testing.data import add_customer, add_order, add_product
from shop.testing.private_postgres import PrivatePostgres, private_postgres
from shop.testing.processes import packaged_command, running_app

pytestmark = pytest.mark.external


@pytest.fixture(scope="module")
def server() -> Iterator[PrivatePostgres]:
    with private_postgres() as postgres:
        yield postgres


async def _placed_order(url: str) -> uuid.UUID:
    engine = create_async_engine(url.replace("postgresql://", "postgresql+asyncpg://", 1))
    try:
        customer, product = await add_customer(engine), await add_product(engine)
        return (await add_order(engine, customer, [(product, 1)], with_event=True)).id
    finally:
        await engine.dispose()


async def _relayed(url: str, order_id: uuid.UUID) -> bool:
    connection = await asyncpg.connect(url)
    try:
        return bool(
            await connection.fetchval(
                "SELECT delivered_at IS NOT NULL FROM outbox_events "
                "WHERE payload->>'order_id' = $1",
                str(order_id),
            )
        )
    finally:
        await connection.close()


def _eventually_relayed(url: str, order_id: uuid.UUID, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if asyncio.run(_relayed(url, order_id)):
            return True
        time.sleep(0.2)
    return False


def test_the_worker_keeps_going_through_a_database_restart(server: PrivatePostgres) -> None:
    url = server.url
    command = packaged_command("apps.worker/bin.pex", "shop.worker")
    with running_app(command, "WORKER_PORT", {"DB_URL": url}) as worker:
        before = _eventually_relayed(url, asyncio.run(_placed_order(url)))
        server.stop()
        time.sleep(3)  # a few failed rounds while the database is gone
        live_while_down = httpx.get(f"{worker.base_url}/livez").status_code
        ready_while_down = httpx.get(f"{worker.base_url}/readyz").status_code
        server.start()
        after = _eventually_relayed(url, asyncio.run(_placed_order(url)))
        ready_after = httpx.get(f"{worker.base_url}/readyz").status_code

    assert before
    assert (live_while_down, ready_while_down) == (200, 503)
    assert after
    assert ready_after == 200
    assert worker.exit_code == 0
