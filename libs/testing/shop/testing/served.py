"""The shop's apps as their packaged PEXes, for tests that drive them together over HTTP.

A test target that lists the apps' `:bin` targets in `runtime_package_dependencies` gets the
PEXes in its sandbox; without them each app runs with `python -m` on the sources.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass

import httpx

from shop.testing.data import PASSWORD
from shop.testing.processes import ServedApp, packaged_command, running_app

TOKEN_SECRET = "served-apps-token-secret-0123456789"  # noqa: S105 - test processes only


@dataclass(frozen=True)
class App:
    pex: str
    module: str
    port_variable: str


PUBLIC_API = App("apps.public_api/bin.pex", "shop.public_api", "PUBLIC_API_PORT")
ADMIN_API = App("apps.admin_api/bin.pex", "shop.admin_api", "ADMIN_API_PORT")
WORKER = App("apps.worker/bin.pex", "shop.worker", "WORKER_PORT")


def serve(app: App, database_url: str, **env: str) -> AbstractContextManager[ServedApp]:
    """The app as a process on a free port, until the block ends."""
    settings = {"DB_URL": database_url, "AUTH_SECRET_KEY": TOKEN_SECRET, **env}
    return running_app(packaged_command(app.pex, app.module), app.port_variable, settings)


async def bearer(client: httpx.AsyncClient, token_path: str, email: str) -> dict[str, str]:
    """The Authorization header of an account signed in with the test password."""
    response = await client.post(token_path, data={"username": email, "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
