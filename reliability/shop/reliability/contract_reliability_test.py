"""Both packaged APIs against their own OpenAPI documents, with schemathesis's command line:
every check and every phase (examples, coverage, fuzzing, and the stateful phase that chains
calls through the ids they return), at least 100 generated requests per operation, signed in as
a customer and as an owner. Any 5xx, undocumented status, content type, header or body fails,
and so does a request the document calls valid being refused, or an invalid one accepted.
`reliability/schemathesis.toml` lists the few rules a document cannot state.
"""

import asyncio
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from shop.entities import StaffRole
from shop.testing.data import PASSWORD, add_customer, add_staff
from shop.testing.database import TestDatabase
from shop.testing.served import ADMIN_API, PUBLIC_API, serve

pytestmark = pytest.mark.reliability

CONFIG = Path("reliability/schemathesis.toml")
EXAMPLES_PER_OPERATION = "100"


async def _accounts(url: str) -> tuple[str, str]:
    engine = create_async_engine(url)
    try:
        customer, owner = await add_customer(engine), await add_staff(engine, StaffRole.OWNER)
        return customer.email, owner.email
    finally:
        await engine.dispose()


def _schemathesis(schema_url: str, token: str, *options: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "--no-color",
        "run", schema_url, "--checks", "all", "--max-examples", EXAMPLES_PER_OPERATION,
        "--header", f"Authorization: Bearer {token}", "--report-dir", "schemathesis-report",
        *options,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    print(done.stdout[-6000:], done.stderr[-2000:])
    return done


def _token(base_url: str, path: str, email: str) -> str:
    response = httpx.post(f"{base_url}{path}", data={"username": email, "password": PASSWORD})
    response.raise_for_status()
    return str(response.json()["access_token"])


def test_the_public_api_keeps_every_promise_of_its_document(
    process_database: TestDatabase,
) -> None:
    customer, _ = asyncio.run(_accounts(process_database.url))
    with serve(PUBLIC_API, process_database.url) as app:
        token = _token(app.base_url, "/v1/auth/token", customer)
        # The status stream stays open until its order is final: it has its own tests.
        run = _schemathesis(
            f"{app.base_url}/openapi.json", token, "--exclude-path-regex", "/events$"
        )

    assert run.returncode == 0
    assert " passed" in run.stdout


def test_the_admin_api_keeps_every_promise_of_its_document(
    process_database: TestDatabase,
) -> None:
    _, owner = asyncio.run(_accounts(process_database.url))
    with serve(ADMIN_API, process_database.url) as app:
        token = _token(app.base_url, "/admin/v1/auth/token", owner)
        run = _schemathesis(f"{app.base_url}/schema/openapi.json", token)

    assert run.returncode == 0
    assert " passed" in run.stdout
