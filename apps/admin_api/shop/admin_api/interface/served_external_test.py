"""The packaged admin API as a real process: its OpenAPI promises, and the export's memory."""

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from shop.entities import Customer, StaffRole, StaffUser
from shop.testing.data import PASSWORD, add_staff, bulk_orders
from shop.testing.database import TestDatabase
from shop.testing.openapi_contract import check_documented_promises
from shop.testing.processes import ServedApp, packaged_command, running_app

pytestmark = pytest.mark.external

MB = 1024 * 1024
EXPORT_ORDERS = 100_000
# Generous: the export streams through a server-side cursor, so what it holds is a chunk of
# rows, not the export. A buffered export of 100,000 orders would take several hundred MB.
EXPORT_MEMORY_LIMIT_MB = 100


@dataclass(frozen=True)
class Admin:
    app: ServedApp
    headers: dict[str, str]
    database_url: str


async def _owner(database_url: str) -> StaffUser:
    engine = create_async_engine(database_url)
    try:
        return await add_staff(engine, StaffRole.OWNER)
    finally:
        await engine.dispose()


async def _orders(database_url: str, count: int) -> Customer:
    engine = create_async_engine(database_url)
    try:
        return await bulk_orders(engine, count)
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def admin(process_database: TestDatabase) -> Iterator[Admin]:
    env = {"DB_URL": process_database.url, "AUTH_SECRET_KEY": "admin-external-" + "k" * 24}
    owner = asyncio.run(_owner(process_database.url))
    command = packaged_command("apps.admin_api/bin.pex", "shop.admin_api")
    with running_app(command, "ADMIN_API_PORT", env) as app:
        token = httpx.post(
            f"{app.base_url}/admin/v1/auth/token",
            data={"username": owner.email, "password": PASSWORD},
        )
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        yield Admin(app, headers, process_database.url)


def test_the_api_keeps_its_documented_promises(admin: Admin) -> None:
    # The export documents CSV only (one media type per response in Litestar's schema), so
    # format=ndjson would read as a broken promise; its own tests cover both formats.
    report = check_documented_promises(
        f"{admin.app.base_url}/schema/openapi.json", admin.headers, r"/export$"
    )

    assert report.failures == {}


def _export(admin: Admin, customer: Customer, export_format: str) -> int:
    """Stream the customer's export and count its lines, without keeping them."""
    lines = 0
    url = f"{admin.app.base_url}/admin/v1/orders/export"
    params = {"customer_id": str(customer.id), "format": export_format}
    with httpx.stream("GET", url, params=params, headers=admin.headers, timeout=300) as response:
        assert response.status_code == 200
        for _ in response.iter_lines():
            lines += 1
    return lines


def test_the_export_memory_stays_flat_from_a_thousand_to_a_hundred_thousand_orders(
    admin: Admin,
) -> None:
    small = asyncio.run(_orders(admin.database_url, 1_000))
    large = asyncio.run(_orders(admin.database_url, EXPORT_ORDERS))

    small_lines = _export(admin, small, "csv")
    after_small = admin.app.peak_memory_bytes()
    large_lines = _export(admin, large, "ndjson") + _export(admin, large, "csv")
    after_large = admin.app.peak_memory_bytes()

    growth_mb = (after_large - after_small) / MB
    print(
        f"\nexport: peak RSS {after_small / MB:.0f} MB after 1,000 orders, "
        f"{after_large / MB:.0f} MB after {EXPORT_ORDERS:,} (growth {growth_mb:.1f} MB)"
    )
    assert small_lines == 1 + 1_000 * 2  # header + a row per line
    assert large_lines == EXPORT_ORDERS + 1 + EXPORT_ORDERS * 2
    assert growth_mb < EXPORT_MEMORY_LIMIT_MB
    assert uuid.UUID(str(large.id))
