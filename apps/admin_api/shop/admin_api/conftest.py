from collections.abc import AsyncIterator
from dataclasses import dataclass

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
from shop.core.security.tokens import ADMIN_AUDIENCE, PUBLIC_AUDIENCE, TokenIssuer, TokenSettings
from shop.entities import StaffRole
from shop.testing.data import FAST_PASSWORDS, add_customer, add_staff
from shop.testing.database import TestDatabase
from shop.testing.fixtures import engine, process_database, test_database

__all__ = ["engine", "process_database", "test_database"]


@pytest.fixture
def settings(test_database: TestDatabase) -> AdminApiSettings:
    return AdminApiSettings(
        # Looked up on every request, so the tests see a deactivation at once.
        server=AdminApiServerSettings(staff_access_cache_seconds=0),
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


@dataclass(frozen=True)
class Callers:
    """Authorization headers for every kind of caller the admin API may see."""

    anonymous: dict[str, str]
    customer: dict[str, str]
    viewer: dict[str, str]
    operator: dict[str, str]
    owner: dict[str, str]

    def by_name(self) -> dict[str, dict[str, str]]:
        return dict(vars(self))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def callers(engine: AsyncEngine, settings: AdminApiSettings) -> Callers:
    staff_tokens = TokenIssuer(settings.tokens, ADMIN_AUDIENCE)
    # A customer's token is signed with the same key, for the public API's audience.
    customer_tokens = TokenIssuer(settings.tokens, PUBLIC_AUDIENCE)
    customer = await add_customer(engine)

    async def staff(role: StaffRole) -> dict[str, str]:
        user = await add_staff(engine, role)
        return bearer(staff_tokens.issue(user.id, role=role).access_token)

    return Callers(
        anonymous={},
        customer=bearer(customer_tokens.issue(customer.id).access_token),
        viewer=await staff(StaffRole.VIEWER),
        operator=await staff(StaffRole.OPERATOR),
        owner=await staff(StaffRole.OWNER),
    )
