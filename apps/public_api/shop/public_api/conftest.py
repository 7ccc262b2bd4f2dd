from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from shop.connectors.db.settings import DatabaseSettings
from shop.core.logging import LogSettings
from shop.core.security.passwords import PasswordSettings
from shop.core.security.rate_limits import RateLimitSettings
from shop.core.security.tokens import TokenSettings
from shop.core.tracing import TracingSettings
from shop.public_api.app import create_app
from shop.public_api.settings import PublicApiServerSettings, PublicApiSettings
from shop.testing.data import FAST_PASSWORDS
from shop.testing.database import TestDatabase
from shop.testing.fixtures import empty_database, engine, process_database, test_database

__all__ = ["empty_database", "engine", "process_database", "test_database"]


@pytest.fixture
def settings(test_database: TestDatabase) -> PublicApiSettings:
    return PublicApiSettings(
        tracing=TracingSettings(),
        server=PublicApiServerSettings(metrics_port=0),
        database=DatabaseSettings(url=test_database.url),
        log=LogSettings(json_output=True),
        passwords=PasswordSettings(),
        rate_limits=RateLimitSettings(enabled=False),
        tokens=TokenSettings(secret_key=SecretStr("test-secret-key-" + "x" * 32)),
    )


@asynccontextmanager
async def in_process(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app in this process, inside its lifespan (started and shut down)."""
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        yield c


@pytest.fixture
def app_client() -> Callable[[FastAPI], AbstractAsyncContextManager[httpx.AsyncClient]]:
    """For tests that build the app their own way (another contract, a span exporter)."""
    return in_process


@pytest.fixture
async def client(settings: PublicApiSettings) -> AsyncIterator[httpx.AsyncClient]:
    async with in_process(create_app(settings, hashing=FAST_PASSWORDS)) as c:
        yield c
