"""The packaged admin API with every query through PgBouncer in transaction mode (the public API
and the worker are in apps/worker's pooler_external_test): staff sign-in and authorization, a
product created, read, listed and restocked, orders listed and exported."""

import uuid

import httpx
import pytest

from shop.testing.database import TestDatabase
from shop.testing.pgbouncer import running_pgbouncer
from shop.testing.served import ADMIN_API, new_accounts, serve, signed_in

pytestmark = pytest.mark.external


def test_the_admin_api_works_through_pgbouncer(process_database: TestDatabase) -> None:
    accounts = new_accounts(process_database.url)
    with running_pgbouncer(process_database.url, pool_size=3) as pooled:
        env = {"DB_POOLER": "true", "DB_LISTEN_URL": process_database.url}
        with serve(ADMIN_API, pooled, **env) as admin:
            owner = signed_in(ADMIN_API, admin.base_url, accounts.owner)
            with httpx.Client(base_url=admin.base_url, headers=owner, timeout=30) as client:
                created = client.post(
                    "/admin/v1/products",
                    json={
                        "sku": f"PGB-{uuid.uuid4().hex[:8]}",
                        "name": "Pooled mug",
                        "price_minor": 900,
                        "currency": "EUR",
                        "stock": 3,
                    },
                )
                product_id = created.json()["id"]
                restocked = client.post(
                    f"/admin/v1/products/{product_id}/stock-adjustments",
                    json={"delta": 7, "reason": "delivery"},
                )
                read = client.get(f"/admin/v1/products/{product_id}")
                listed = client.get("/admin/v1/products", params={"q": "Pooled"})
                orders = client.get("/admin/v1/orders", params={"limit": 5})
                export = client.get("/admin/v1/orders/export")
                audit = client.get("/admin/v1/audit", params={"limit": 5})
                ready = client.get("/readyz")

    assert [r.status_code for r in (created, read, listed, orders, export, audit, ready)] == [
        201, 200, 200, 200, 200, 200, 200,
    ]  # fmt: skip
    assert restocked.status_code in {200, 201}, restocked.text
    assert read.json()["stock"] == 10
    assert product_id in {item["id"] for item in listed.json()["items"]}
    assert admin.error_lines() == []
