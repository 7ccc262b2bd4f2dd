"""Every endpoint by every kind of caller: anonymous, a customer's token, viewer, operator, owner.

No token and a customer's token (another audience) are 401; a staff role below the one the
endpoint needs is 403; every other call succeeds. Each call gets fresh objects, so what one
caller changes cannot decide another caller's answer.
"""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.admin_api.conftest import Callers
from shop.admin_api.interface.webhooks_integrated_test import dead_delivery
from shop.entities import StaffRole
from shop.testing.data import PASSWORD, add_customer, add_order, add_product, add_staff

pytestmark = pytest.mark.integrated

Call = Callable[[httpx.AsyncClient, dict[str, str]], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Endpoint:
    name: str
    role: StaffRole
    success: int
    call: Call


def endpoints(engine: AsyncEngine) -> list[Endpoint]:
    async def fresh_order() -> uuid.UUID:
        customer = await add_customer(engine)
        return (await add_order(engine, customer.id, [(await add_product(engine), 1)])).id

    async def list_products(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.get("/admin/v1/products", headers=h)

    async def get_product(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.get(f"/admin/v1/products/{(await add_product(engine)).id}", headers=h)

    async def create_product(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        body = {"sku": uuid.uuid4().hex, "name": "N", "price_minor": 1, "currency": "EUR"}
        return await c.post("/admin/v1/products", json=body, headers=h)

    async def update_product(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        product = await add_product(engine)
        return await c.patch(
            f"/admin/v1/products/{product.id}",
            json={"name": "Renamed"},
            headers=h | {"If-Match": f'"{product.version}"'},
        )

    async def archive(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        product = await add_product(engine)
        return await c.post(f"/admin/v1/products/{product.id}/archive", headers=h)

    async def unarchive(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        product = await add_product(engine, active=False)
        return await c.post(f"/admin/v1/products/{product.id}/unarchive", headers=h)

    async def adjust_stock(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        product = await add_product(engine)
        return await c.post(
            f"/admin/v1/products/{product.id}/stock-adjustments",
            json={"delta": 1, "reason": "count"},
            headers=h,
        )

    async def list_orders(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.get("/admin/v1/orders?limit=5", headers=h)

    async def get_order(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.get(f"/admin/v1/orders/{await fresh_order()}", headers=h)

    async def fulfil(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.post(f"/admin/v1/orders/{await fresh_order()}/fulfil", headers=h)

    async def cancel(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.post(f"/admin/v1/orders/{await fresh_order()}/cancel", headers=h)

    async def export(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        customer = await add_customer(engine)
        return await c.get(f"/admin/v1/orders/export?customer_id={customer.id}", headers=h)

    async def list_customers(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.get("/admin/v1/customers?limit=5", headers=h)

    async def get_customer(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.get(f"/admin/v1/customers/{(await add_customer(engine)).id}", headers=h)

    async def suspend(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        customer = await add_customer(engine)
        return await c.post(f"/admin/v1/customers/{customer.id}/suspend", headers=h)

    async def reactivate(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        customer = await add_customer(engine)
        return await c.post(f"/admin/v1/customers/{customer.id}/reactivate", headers=h)

    async def list_staff(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.get("/admin/v1/staff", headers=h)

    async def create_staff(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        body = {
            "email": f"{uuid.uuid4().hex[:10]}@staff.example",
            "name": "New",
            "password": PASSWORD,
            "role": "viewer",
        }
        return await c.post("/admin/v1/staff", json=body, headers=h)

    async def change_role(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        user = await add_staff(engine, StaffRole.VIEWER)
        return await c.post(f"/admin/v1/staff/{user.id}/role", json={"role": "operator"}, headers=h)

    async def deactivate(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        user = await add_staff(engine, StaffRole.VIEWER)
        return await c.post(f"/admin/v1/staff/{user.id}/deactivate", headers=h)

    async def audit(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.get("/admin/v1/audit?limit=5", headers=h)

    async def sales(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        today = datetime.now(UTC).date()
        return await c.get(f"/admin/v1/stats/sales?from={today}&to={today}", headers=h)

    async def list_webhooks(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.get("/admin/v1/webhooks", headers=h)

    async def create_webhook(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        body = {
            "url": "https://hooks.example/x",
            "event_types": ["order.placed"],
            "secret": "s" * 20,
        }
        return await c.post("/admin/v1/webhooks", json=body, headers=h)

    async def deactivate_webhook(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        delivery = await dead_delivery(engine)
        return await c.post(f"/admin/v1/webhooks/{delivery.subscription_id}/deactivate", headers=h)

    async def list_deliveries(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        return await c.get("/admin/v1/webhooks/deliveries?limit=5", headers=h)

    async def get_delivery(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        delivery = await dead_delivery(engine)
        return await c.get(f"/admin/v1/webhooks/deliveries/{delivery.id}", headers=h)

    async def redeliver(c: httpx.AsyncClient, h: dict[str, str]) -> httpx.Response:
        delivery = await dead_delivery(engine)
        return await c.post(f"/admin/v1/webhooks/deliveries/{delivery.id}/redeliver", headers=h)

    viewer, operator, owner = StaffRole.VIEWER, StaffRole.OPERATOR, StaffRole.OWNER
    return [
        Endpoint("GET products", viewer, 200, list_products),
        Endpoint("GET product", viewer, 200, get_product),
        Endpoint("POST product", operator, 201, create_product),
        Endpoint("PATCH product", operator, 200, update_product),
        Endpoint("POST archive", operator, 200, archive),
        Endpoint("POST unarchive", operator, 200, unarchive),
        Endpoint("POST stock-adjustments", operator, 200, adjust_stock),
        Endpoint("GET orders", viewer, 200, list_orders),
        Endpoint("GET order", viewer, 200, get_order),
        Endpoint("POST fulfil", operator, 200, fulfil),
        Endpoint("POST cancel", operator, 200, cancel),
        Endpoint("GET export", viewer, 200, export),
        Endpoint("GET customers", viewer, 200, list_customers),
        Endpoint("GET customer", viewer, 200, get_customer),
        Endpoint("POST suspend", operator, 200, suspend),
        Endpoint("POST reactivate", operator, 200, reactivate),
        Endpoint("GET staff", owner, 200, list_staff),
        Endpoint("POST staff", owner, 201, create_staff),
        Endpoint("POST role", owner, 200, change_role),
        Endpoint("POST deactivate", owner, 200, deactivate),
        Endpoint("GET audit", viewer, 200, audit),
        Endpoint("GET sales", viewer, 200, sales),
        Endpoint("GET webhooks", viewer, 200, list_webhooks),
        Endpoint("POST webhook", owner, 201, create_webhook),
        Endpoint("POST webhook deactivate", owner, 200, deactivate_webhook),
        Endpoint("GET deliveries", viewer, 200, list_deliveries),
        Endpoint("GET delivery", viewer, 200, get_delivery),
        Endpoint("POST redeliver", operator, 200, redeliver),
    ]


def expected(endpoint: Endpoint, caller: str) -> int:
    if caller in {"anonymous", "customer"}:
        return 401
    return endpoint.success if StaffRole(caller).allows(endpoint.role) else 403


async def test_every_endpoint_for_every_kind_of_caller(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    matrix = []
    for endpoint in endpoints(engine):
        for caller, headers in callers.by_name().items():
            response = await endpoint.call(client, headers)
            matrix.append((endpoint.name, caller, response.status_code, expected(endpoint, caller)))
            if response.status_code >= 400:
                assert response.headers["content-type"] == "application/problem+json"

    wrong = [row for row in matrix if row[2] != row[3]]
    print(f"\nauthorization matrix: {len(matrix)} calls, {len(wrong)} unexpected")
    assert wrong == []
