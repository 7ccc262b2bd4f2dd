"""Property-based tests of the served app against its own OpenAPI document (schemathesis).

Every operation gets generated requests, signed in where the operation needs it: the app must
answer none of them with a server error, and every response must match what the document says.
"""

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shop.testing.database import TestDatabase
from shop.testing.processes import packaged_command, running_app

pytestmark = pytest.mark.external

PASSWORD = "tea for 2 please"
EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def served(process_database: TestDatabase) -> Iterator[tuple[str, dict[str, str]]]:
    env = {"DB_URL": process_database.url, "AUTH_SECRET_KEY": "schemathesis-secret-" + "x" * 16}
    command = packaged_command("apps.public_api/bin.pex", "shop.public_api")
    with running_app(command, "PUBLIC_API_PORT", env) as base_url:
        email = f"st-{uuid.uuid4().hex[:8]}@example.com"
        httpx.post(
            f"{base_url}/v1/customers", json={"email": email, "name": "S", "password": PASSWORD}
        )
        token = httpx.post(
            f"{base_url}/v1/auth/token", data={"username": email, "password": PASSWORD}
        ).json()["access_token"]
        yield base_url, {"Authorization": f"Bearer {token}"}


def exercise(operation: Any, auth: dict[str, str], calls: dict[str, int], label: str) -> None:
    """Run generated requests against one operation; raises on the first broken promise."""

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def run(case: schemathesis.Case[Any]) -> None:
        calls[label] += 1
        case.call_and_validate(headers=auth, checks=CHECKS, timeout=10)

    run()


def test_the_api_keeps_its_documented_promises(served: tuple[str, dict[str, str]]) -> None:
    base_url, auth = served
    # The SSE stream never ends on its own for a placed order: it has its own test.
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json").exclude(
        path_regex=r"/events$"
    )
    calls: dict[str, int] = {}
    failures: dict[str, str] = {}
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the document is not valid OpenAPI: {result}"
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        calls[label] = 0
        try:
            exercise(operation, auth, calls, label)
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - reported below
            failures[label] = str(failure)[:2000]

    print(f"\nschemathesis: {len(calls)} operations, {sum(calls.values())} generated requests")
    for label, count in sorted(calls.items()):
        print(f"  {label}: {count} requests{' FAILED' if label in failures else ''}")
    for label, report in failures.items():
        print(f"\n--- {label}\n{report}")
    assert failures == {}
