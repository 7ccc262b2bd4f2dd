"""The shop's apps as their packaged PEXes, for tests that drive them together over HTTP.

A test target that lists the apps' `:bin` targets in `runtime_package_dependencies` gets the
PEXes in its sandbox; without them each app runs with `python -m` on the sources.
"""

from __future__ import annotations

import asyncio
from contextlib import AbstractContextManager
from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import create_async_engine

from shop.entities import StaffRole
from shop.testing.data import PASSWORD, add_customer, add_staff
from shop.testing.processes import ServedApp, packaged_command, running_app

TOKEN_SECRET = "served-apps-token-secret-0123456789"  # noqa: S105 - test processes only


@dataclass(frozen=True)
class App:
    pex: str
    module: str
    port_variable: str
    token_path: str = ""  # where its accounts sign in
    schema_path: str = ""  # where it serves its OpenAPI document


PUBLIC_API = App(
    "apps.public_api/bin.pex", "shop.public_api", "PUBLIC_API_PORT",
    "/v1/auth/token", "/openapi.json",
)  # fmt: skip
ADMIN_API = App(
    "apps.admin_api/bin.pex", "shop.admin_api", "ADMIN_API_PORT",
    "/admin/v1/auth/token", "/schema/openapi.json",
)  # fmt: skip
WORKER = App("apps.worker/bin.pex", "shop.worker", "WORKER_PORT")
NOTIFICATIONS = App("apps.notifications/bin.pex", "shop.notifications", "NOTIFICATIONS_PORT")


@dataclass(frozen=True)
class Accounts:
    """Emails of a new customer and a new owner, both with the test password."""

    customer: str
    owner: str


def new_accounts(database_url: str) -> Accounts:
    async def make() -> Accounts:
        engine = create_async_engine(database_url)
        try:
            customer, owner = await add_customer(engine), await add_staff(engine, StaffRole.OWNER)
            return Accounts(customer.email, owner.email)
        finally:
            await engine.dispose()

    return asyncio.run(make())


def signed_in(app: App, base_url: str, email: str) -> dict[str, str]:
    """The Authorization header of an account signed in to a served app."""
    response = httpx.post(
        f"{base_url}{app.token_path}", data={"username": email, "password": PASSWORD}
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def serve(app: App, database_url: str, **env: str) -> AbstractContextManager[ServedApp]:
    """The app as a process on a free port, until the block ends."""
    settings = {"DB_URL": database_url, "AUTH_SECRET_KEY": TOKEN_SECRET, **env}
    return running_app(packaged_command(app.pex, app.module), app.port_variable, settings)


async def bearer(client: httpx.AsyncClient, token_path: str, email: str) -> dict[str, str]:
    """The Authorization header of an account signed in with the test password."""
    response = await client.post(token_path, data={"username": email, "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
