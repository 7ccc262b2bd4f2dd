from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.admin_api.app import create_litestar, with_edge
from shop.admin_api.settings import AdminApiServerSettings, AdminApiSettings
from shop.connectors.db.settings import DatabaseSettings
from shop.connectors.http.targets import WebhookTargetSettings
from shop.core.logging import LogSettings
from shop.core.security.passwords import PasswordSettings
from shop.core.security.rate_limits import RateLimitSettings
from shop.core.security.tokens import TokenSettings
from shop.core.tracing import TracingSettings
from shop.testing.callers import Callers, callers_of_every_kind
from shop.testing.data import FAST_PASSWORDS
from shop.testing.database import TestDatabase
from shop.testing.fixtures import engine, process_database, test_database

__all__ = ["engine", "process_database", "test_database"]


@pytest.fixture
def settings(test_database: TestDatabase) -> AdminApiSettings:
    return AdminApiSettings(
        # Looked up on every request, so the tests see a deactivation at once.
        tracing=TracingSettings(),
        server=AdminApiServerSettings(metrics_port=0, staff_access_cache_seconds=0),
        database=DatabaseSettings(url=test_database.url),
        log=LogSettings(json_output=True),
        passwords=PasswordSettings(),
        rate_limits=RateLimitSettings(enabled=False),
        webhook_targets=WebhookTargetSettings(allow_private_targets=True),
        tokens=TokenSettings(secret_key=SecretStr("admin-tests-secret-key-0123456789abcdef")),
    )


@pytest.fixture
async def client(settings: AdminApiSettings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_litestar(settings, hashing=FAST_PASSWORDS)
    transport = httpx.ASGITransport(app=with_edge(app, settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c
    # Litestar's lifespan() holds an anyio cancel scope that cannot be left from the fixture's
    # teardown task; the shutdown hooks are what the tests need from it.
    for hook in app.on_shutdown:
        await hook()  # type: ignore[call-arg]


@pytest.fixture
async def callers(engine: AsyncEngine, settings: AdminApiSettings) -> Callers:
    return await callers_of_every_kind(engine, settings.tokens)
