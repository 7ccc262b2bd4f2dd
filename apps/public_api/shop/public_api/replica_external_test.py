"""The catalogue read from a streaming replica (DB_READ_URL), against the packaged public API:
a product written on the primary is served once the replica has replayed it, and not before;
orders still go to the primary; /readyz fails while the replica is too far behind."""

import asyncio

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from shop.entities import Product
from shop.testing.data import add_product
from shop.testing.database import TestDatabase
from shop.testing.processes import packaged_command, running_app
from shop.testing.replica import caught_up, paused_replay, running_replica

pytestmark = pytest.mark.external
MAX_LAG_SECONDS = 1


async def _new_product(database_url: str) -> Product:
    engine = create_async_engine(database_url)
    try:
        return await add_product(engine, stock=5)
    finally:
        await engine.dispose()


async def _replicated(replica_url: str, primary_url: str) -> None:
    async with asyncio.timeout(30):
        await caught_up(replica_url, primary_url)


def test_the_catalogue_is_read_from_the_replica_and_readiness_minds_its_lag(
    test_database: TestDatabase,
) -> None:
    primary = test_database.url
    with running_replica(primary) as replica:
        env = {
            "DB_URL": primary,
            "DB_READ_URL": replica,
            "DB_MAX_REPLICA_LAG_SECONDS": str(MAX_LAG_SECONDS),
            "AUTH_SECRET_KEY": "replica-external-" + "k" * 24,
        }
        command = packaged_command("apps.public_api/bin.pex", "shop.public_api")
        with running_app(command, "PUBLIC_API_PORT", env) as api:
            shown = asyncio.run(_new_product(primary))
            asyncio.run(_replicated(replica, primary))
            replicated = httpx.get(f"{api.base_url}/v1/products/{shown.id}")

            async def behind() -> tuple[Product, int, httpx.Response]:
                async with paused_replay(replica):
                    held = await _new_product(primary)
                    await asyncio.sleep(MAX_LAG_SECONDS + 1)
                    async with httpx.AsyncClient(base_url=api.base_url) as client:
                        unseen = (await client.get(f"/v1/products/{held.id}")).status_code
                        ready = await client.get("/readyz")
                return held, unseen, ready

            held, unseen, lagging = asyncio.run(behind())
            asyncio.run(_replicated(replica, primary))
            seen = httpx.get(f"{api.base_url}/v1/products/{held.id}")
            ready_again = httpx.get(f"{api.base_url}/readyz")

    assert replicated.status_code == 200  # written on the primary, read on the replica
    assert unseen == 404  # the replica had not replayed it: the read went there
    assert lagging.status_code == 503
    assert "the replica is" in lagging.json()["detail"]
    assert f"DB_MAX_REPLICA_LAG_SECONDS is {MAX_LAG_SECONDS}" in lagging.json()["detail"]
    assert seen.status_code == 200  # visible once replicated
    assert ready_again.status_code == 200
