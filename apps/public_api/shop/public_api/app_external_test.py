import httpx
import pytest

from shop.testing.database import TestDatabase
from shop.testing.processes import python_command, running_app

pytestmark = pytest.mark.external


def test_the_served_app_is_ready_and_echoes_request_ids(test_database: TestDatabase) -> None:
    with running_app(
        python_command("shop.public_api"), "PUBLIC_API_PORT", {"DB_URL": test_database.url}
    ) as base_url:
        response = httpx.get(f"{base_url}/readyz", headers={"X-Request-ID": "ext-1"})

    assert response.status_code == 200
    assert response.headers["x-request-id"] == "ext-1"
