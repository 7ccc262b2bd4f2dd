import pytest

from shop.testing.contracts import (
    assert_log_lines_carry_the_build,
    assert_operator_metrics,
    assert_served_and_ready,
)
from shop.testing.database import TestDatabase
from shop.testing.processes import packaged_command, running_app

pytestmark = pytest.mark.external
SERVICE = "shop-admin-api"


def test_the_packaged_app_is_ready_and_tells_its_operator_what_it_does(
    test_database: TestDatabase,
) -> None:
    env = {"DB_URL": test_database.url, "AUTH_SECRET_KEY": "admin-external-" + "k" * 24}
    command = packaged_command("apps.admin_api/bin.pex", "shop.admin_api")
    with running_app(command, "ADMIN_API_PORT", env) as served:
        assert_served_and_ready(served.base_url)
        assert_operator_metrics(served, SERVICE)

    assert_log_lines_carry_the_build(served.log(), SERVICE)
