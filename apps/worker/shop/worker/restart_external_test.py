"""The packaged worker rides out a PostgreSQL restart: no crash, no crash loop, work resumes.

The test makes a PostgreSQL server of its own (local binaries, a free port), so stopping it
disturbs no other test.
"""

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from shop.migrations import runner as migrations
from shop.testing import pg_server
from shop.testing.data import add_customer, add_order, add_product
from shop.testing.database import with_database
from shop.testing.processes import free_port, packaged_command, running_app

pytestmark = pytest.mark.external

SERVER = [sys.executable, str(Path(pg_server.__file__))]


def _server(command: str, env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 - our own script
        [*SERVER, command], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture(scope="module")
def private_server() -> Iterator[tuple[str, dict[str, str]]]:
    env = {**os.environ, "SHOP_TEST_PG_PORT": str(free_port())}
    url = _server("start", env)
    try:
        # Alembic's env runs its own event loop: off the test's, in a thread.
        with ThreadPoolExecutor(1) as pool:
            asyncpg_url = with_database(url, "postgres", "postgresql+asyncpg")
            pool.submit(migrations.upgrade_to_head, asyncpg_url).result()
        yield url, env
    finally:
        _server("destroy", env)


async def _placed_order(url: str) -> uuid.UUID:
    engine = create_async_engine(url.replace("postgresql://", "postgresql+asyncpg://", 1))
    try:
        customer, product = await add_customer(engine), await add_product(engine)
        return (await add_order(engine, customer.id, [(product, 1)], with_event=True)).id
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


def test_the_worker_keeps_going_through_a_database_restart(
    private_server: tuple[str, dict[str, str]],
) -> None:
    url, env = private_server
    command = packaged_command("apps.worker/bin.pex", "shop.worker")
    with running_app(command, "WORKER_PORT", {"DB_URL": url}) as worker:
        before = _eventually_relayed(url, asyncio.run(_placed_order(url)))
        _server("stop", env)
        time.sleep(3)  # a few failed rounds while the database is gone
        live_while_down = httpx.get(f"{worker.base_url}/livez").status_code
        ready_while_down = httpx.get(f"{worker.base_url}/readyz").status_code
        _server("start", env)
        after = _eventually_relayed(url, asyncio.run(_placed_order(url)))
        ready_after = httpx.get(f"{worker.base_url}/readyz").status_code

    assert before
    assert (live_while_down, ready_while_down) == (200, 503)
    assert after
    assert ready_after == 200
    assert worker.exit_code == 0
