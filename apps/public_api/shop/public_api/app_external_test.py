import pytest

from shop.testing.contracts import assert_served_and_ready
from shop.testing.database import TestDatabase
from shop.testing.processes import python_command, running_app

pytestmark = pytest.mark.external


def test_the_served_app_is_ready_and_echoes_request_ids(test_database: TestDatabase) -> None:
    env = {"DB_URL": test_database.url, "AUTH_SECRET_KEY": "external-test-secret-" + "x" * 16}
    with running_app(python_command("shop.public_api"), "PUBLIC_API_PORT", env) as base_url:
        assert_served_and_ready(base_url)
