import pytest

from shop.testing.contracts import assert_served_and_ready
from shop.testing.database import TestDatabase
from shop.testing.processes import packaged_command, running_app

pytestmark = pytest.mark.external


def test_the_packaged_app_is_ready_and_echoes_request_ids(test_database: TestDatabase) -> None:
    env = {"DB_URL": test_database.url, "AUTH_SECRET_KEY": "admin-external-" + "k" * 24}
    command = packaged_command("apps.admin_api/bin.pex", "shop.admin_api")
    with running_app(command, "ADMIN_API_PORT", env) as served:
        base_url = served.base_url
        assert_served_and_ready(base_url)
