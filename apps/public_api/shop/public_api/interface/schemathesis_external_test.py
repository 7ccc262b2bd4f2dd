"""Property-based tests of the served app against its own OpenAPI document (schemathesis).

Every operation gets generated requests, signed in where the operation needs it: the app must
answer none of them with a server error, and every response must match what the document says.
"""

import uuid
from collections.abc import Iterator

import httpx
import pytest

from shop.testing.data import PASSWORD
from shop.testing.database import TestDatabase
from shop.testing.openapi_contract import check_documented_promises
from shop.testing.processes import packaged_command, running_app

pytestmark = pytest.mark.external


@pytest.fixture(scope="module")
def served(process_database: TestDatabase) -> Iterator[tuple[str, dict[str, str]]]:
    env = {"DB_URL": process_database.url, "AUTH_SECRET_KEY": "schemathesis-secret-" + "x" * 16}
    command = packaged_command("apps.public_api/bin.pex", "shop.public_api")
    with running_app(command, "PUBLIC_API_PORT", env) as app:
        base_url = app.base_url
        email = f"st-{uuid.uuid4().hex[:8]}@example.com"
        httpx.post(
            f"{base_url}/v1/customers", json={"email": email, "name": "S", "password": PASSWORD}
        )
        token = httpx.post(
            f"{base_url}/v1/auth/token", data={"username": email, "password": PASSWORD}
        ).json()["access_token"]
        yield base_url, {"Authorization": f"Bearer {token}"}


def test_the_api_keeps_its_documented_promises(served: tuple[str, dict[str, str]]) -> None:
    base_url, auth = served
    # The SSE stream never ends on its own for a placed order: it has its own test.
    report = check_documented_promises(f"{base_url}/openapi.json", auth, r"/events$")

    assert report.failures == {}
