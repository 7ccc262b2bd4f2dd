import pytest

from shop.testing.contracts import (
    assert_log_lines_carry_the_build,
    assert_operator_metrics,
    assert_refuses_a_taken_port,
    assert_served_and_ready,
)
from shop.testing.database import TestDatabase
from shop.testing.processes import packaged_command, running_app

pytestmark = pytest.mark.external
COMMAND = packaged_command("apps.public_api/bin.pex", "shop.public_api")
SERVICE = "shop-public-api"


def settings(test_database: TestDatabase) -> dict[str, str]:
    return {"DB_URL": test_database.url, "AUTH_SECRET_KEY": "external-test-secret-" + "x" * 16}


def test_the_packaged_app_is_ready_and_tells_its_operator_what_it_does(
    test_database: TestDatabase,
) -> None:
    with running_app(COMMAND, "PUBLIC_API_PORT", settings(test_database)) as served:
        assert_served_and_ready(served.base_url)
        assert_operator_metrics(served, SERVICE)

    assert_log_lines_carry_the_build(served.log(), SERVICE)


def test_a_taken_port_is_one_line_naming_the_app_and_the_variable(
    test_database: TestDatabase,
) -> None:
    assert_refuses_a_taken_port(COMMAND, "PUBLIC_API_PORT", settings(test_database), SERVICE)
