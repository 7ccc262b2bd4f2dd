from collections.abc import AsyncIterator

import httpx
import pytest

from shop.admin_api.app import create_litestar, with_request_context
from shop.admin_api.settings import AdminApiServerSettings, AdminApiSettings
from shop.connectors.db.settings import DatabaseSettings
from shop.core.logging import LogSettings
from shop.testing.database import TestDatabase
from shop.testing.fixtures import engine, process_database, test_database

__all__ = ["engine", "process_database", "test_database"]


@pytest.fixture
def settings(test_database: TestDatabase) -> AdminApiSettings:
    return AdminApiSettings(
        server=AdminApiServerSettings(),
        database=DatabaseSettings(url=test_database.url),
        log=LogSettings(json_output=True),
    )


@pytest.fixture
async def client(settings: AdminApiSettings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_litestar(settings)
    transport = httpx.ASGITransport(app=with_request_context(app, settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c
    # Litestar's lifespan() holds an anyio cancel scope that cannot be left from the fixture's
    # teardown task; the shutdown hooks are what the tests need from it.
    for hook in app.on_shutdown:
        await hook()  # type: ignore[call-arg]
