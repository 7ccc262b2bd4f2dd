"""The packaged admin API driven through its generated client (shop.clients.admin), as a staff
tool would: the README's session, and every operation by every kind of caller.

The client is generated from the committed OpenAPI document, so a drift between what the API
does and what its document promises fails here.
"""

import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any, cast

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.clients.admin import AuthenticatedClient, Client
from shop.clients.admin.api.audit import list_audit_entries
from shop.clients.admin.api.auth import issue_staff_token
from shop.clients.admin.api.customers import (
    get_customer,
    reactivate_customer,
    search_customers,
    suspend_customer,
)
from shop.clients.admin.api.orders import (
    cancel_order,
    export_orders,
    fulfil_order,
    get_order,
    list_orders,
)
from shop.clients.admin.api.products import (
    adjust_stock,
    archive_product,
    create_product,
    get_product,
    list_products,
    unarchive_product,
    update_product,
)
from shop.clients.admin.api.staff import (
    create_staff_user,
    deactivate_staff_user,
    list_staff,
    set_staff_role,
)
from shop.clients.admin.api.stats import get_sales_report
from shop.clients.admin.api.webhooks import (
    create_webhook,
    deactivate_webhook,
    get_delivery,
    list_deliveries,
    list_webhooks,
    redeliver_delivery,
)
from shop.clients.admin.models import (
    EventType,
    NewProductIn,
    NewStaffIn,
    NewWebhookIn,
    Problem,
    ProductChangesIn,
    ProductOut,
    RoleChangeIn,
    StaffRole,
    StockAdjustmentIn,
    TokenForm,
)
from shop.clients.admin.types import Response
from shop.core.security.tokens import PUBLIC_AUDIENCE, TokenIssuer, TokenSettings
from shop.entities import StaffRole as Role
from shop.testing.data import (
    PASSWORD,
    add_customer,
    add_order,
    add_product,
    add_staff,
    dead_delivery,
)
from shop.testing.database import TestDatabase
from shop.testing.processes import ServedApp
from shop.testing.served import ADMIN_API, TOKEN_SECRET, serve

pytestmark = pytest.mark.external

Call = Callable[[AuthenticatedClient], Awaitable[Response[Any]]]


@pytest.fixture(scope="module")
def admin(process_database: TestDatabase) -> Iterator[ServedApp]:
    with serve(ADMIN_API, process_database.url) as app:
        yield app


async def signed_in(app: ServedApp, email: str) -> AuthenticatedClient:
    reply = await issue_staff_token.asyncio(
        client=Client(base_url=app.base_url), body=TokenForm(username=email, password=PASSWORD)
    )
    assert reply is not None
    assert not isinstance(reply, Problem), reply
    return AuthenticatedClient(base_url=app.base_url, token=reply.access_token)


async def test_the_readme_session(admin: ServedApp, engine: AsyncEngine) -> None:
    owner = await signed_in(admin, (await add_staff(engine, Role.OWNER)).email)
    sku = f"POT-{uuid.uuid4().hex[:8]}"

    created = await create_product.asyncio_detailed(
        client=owner,
        body=NewProductIn(sku=sku, name="Glass teapot", price_minor=3900, currency="EUR", stock=5),
    )
    assert isinstance(created.parsed, ProductOut)
    product_id = created.parsed.id
    cheaper = ProductChangesIn(price_minor=3500)
    updated = await update_product.asyncio_detailed(
        product_id, client=owner, body=cheaper, if_match=created.headers["etag"]
    )
    stale = await update_product.asyncio_detailed(
        product_id, client=owner, body=cheaper, if_match=created.headers["etag"]
    )
    below_zero = await adjust_stock.asyncio_detailed(
        product_id, client=owner, body=StockAdjustmentIn(delta=-10, reason="breakage")
    )
    audit = await list_audit_entries.asyncio(client=owner, object_id=str(product_id))

    assert (created.status_code, created.headers["etag"]) == (HTTPStatus.CREATED, '"1"')
    assert (updated.status_code, updated.headers["etag"]) == (HTTPStatus.OK, '"2"')
    assert isinstance(stale.parsed, Problem)
    assert (stale.status_code, stale.parsed.current_version) == (412, 2)
    assert below_zero.status_code == HTTPStatus.CONFLICT
    assert audit is not None
    assert not isinstance(audit, Problem)
    assert [entry.action for entry in audit.items] == ["product.update", "product.create"]


@dataclass(frozen=True)
class Operation:
    name: str
    role: Role
    success: int
    call: Call


def operations(engine: AsyncEngine) -> list[Operation]:
    async def fresh_order() -> uuid.UUID:
        customer = await add_customer(engine)
        return (await add_order(engine, customer, [(await add_product(engine), 1)])).id

    async def product() -> uuid.UUID:
        return (await add_product(engine)).id

    async def customer() -> uuid.UUID:
        return (await add_customer(engine)).id

    async def viewer() -> uuid.UUID:
        return (await add_staff(engine, Role.VIEWER)).id

    async def delivery() -> uuid.UUID:
        return (await dead_delivery(engine)).id

    async def subscription() -> uuid.UUID:
        return (await dead_delivery(engine)).subscription_id

    today = datetime.now(UTC).date()

    async def create(c: AuthenticatedClient) -> Response[Any]:
        body = NewProductIn(sku=uuid.uuid4().hex, name="N", price_minor=1, currency="EUR")
        return await create_product.asyncio_detailed(client=c, body=body)

    async def update(c: AuthenticatedClient) -> Response[Any]:
        item = await add_product(engine)
        return await update_product.asyncio_detailed(
            item.id, client=c, body=ProductChangesIn(name="Renamed"), if_match=f'"{item.version}"'
        )

    async def unarchive(c: AuthenticatedClient) -> Response[Any]:
        item = await add_product(engine, active=False)
        return await unarchive_product.asyncio_detailed(item.id, client=c)

    async def hire(c: AuthenticatedClient) -> Response[Any]:
        email = f"{uuid.uuid4().hex[:10]}@staff.example"
        body = NewStaffIn(email=email, name="New", password=PASSWORD, role=StaffRole.VIEWER)
        return await create_staff_user.asyncio_detailed(client=c, body=body)

    hook = NewWebhookIn(
        url="https://hooks.example/x", event_types=[EventType.ORDER_PLACED], secret="s" * 20
    )
    viewer_role, operator, owner = Role.VIEWER, Role.OPERATOR, Role.OWNER
    return [
        Operation("listProducts", viewer_role, 200, plain(list_products.asyncio_detailed)),
        Operation("getProduct", viewer_role, 200, on(product, get_product.asyncio_detailed)),
        Operation("createProduct", operator, 201, create),
        Operation("updateProduct", operator, 200, update),
        Operation("archiveProduct", operator, 200, on(product, archive_product.asyncio_detailed)),
        Operation("unarchiveProduct", operator, 200, unarchive),
        Operation("adjustStock", operator, 200, on(product, adjust_stock.asyncio_detailed,
                                                   body=StockAdjustmentIn(delta=1, reason="n"))),
        Operation("listOrders", viewer_role, 200, plain(list_orders.asyncio_detailed, limit=5)),
        Operation("getOrder", viewer_role, 200, on(fresh_order, get_order.asyncio_detailed)),
        Operation("fulfilOrder", operator, 200, on(fresh_order, fulfil_order.asyncio_detailed)),
        Operation("cancelOrder", operator, 200, on(fresh_order, cancel_order.asyncio_detailed)),
        Operation("exportOrders", viewer_role, 200, plain(export_orders.asyncio_detailed,
                                                       customer_id=uuid.uuid4())),
        Operation("searchCustomers", viewer_role, 200,
                  plain(search_customers.asyncio_detailed, limit=5)),
        Operation("getCustomer", viewer_role, 200, on(customer, get_customer.asyncio_detailed)),
        Operation("suspendCustomer", operator, 200,
                  on(customer, suspend_customer.asyncio_detailed)),
        Operation("reactivateCustomer", operator, 200,
                  on(customer, reactivate_customer.asyncio_detailed)),
        Operation("listStaff", owner, 200, plain(list_staff.asyncio_detailed)),
        Operation("createStaffUser", owner, 201, hire),
        Operation("setStaffRole", owner, 200, on(viewer, set_staff_role.asyncio_detailed,
                                                 body=RoleChangeIn(role=StaffRole.OPERATOR))),
        Operation("deactivateStaffUser", owner, 200,
                  on(viewer, deactivate_staff_user.asyncio_detailed)),
        Operation("listAuditEntries", viewer_role, 200,
                  plain(list_audit_entries.asyncio_detailed, limit=5)),
        Operation("getSalesReport", viewer_role, 200,
                  plain(get_sales_report.asyncio_detailed, from_=today, to=today)),
        Operation("listWebhooks", viewer_role, 200, plain(list_webhooks.asyncio_detailed)),
        Operation("createWebhook", owner, 201, plain(create_webhook.asyncio_detailed, body=hook)),
        Operation("deactivateWebhook", owner, 200,
                  on(subscription, deactivate_webhook.asyncio_detailed)),
        Operation("listDeliveries", viewer_role, 200,
                  plain(list_deliveries.asyncio_detailed, limit=5)),
        Operation("getDelivery", viewer_role, 200, on(delivery, get_delivery.asyncio_detailed)),
        Operation("redeliverDelivery", operator, 200,
                  on(delivery, redeliver_delivery.asyncio_detailed)),
    ]  # fmt: skip


def plain(operation: Callable[..., Awaitable[Response[Any]]], **arguments: object) -> Call:
    return lambda client: operation(client=client, **arguments)


def on(
    make: Callable[[], Awaitable[uuid.UUID]],
    operation: Callable[..., Awaitable[Response[Any]]],
    **arguments: object,
) -> Call:
    """The operation on a fresh object, so what one caller changes cannot decide another's
    answer."""

    async def call(client: AuthenticatedClient) -> Response[Any]:
        return await operation(await make(), client=client, **arguments)

    return call


def expected(operation: Operation, caller: str) -> int:
    if caller in {"anonymous", "customer"}:
        return 401
    return operation.success if Role(caller).allows(operation.role) else 403


async def test_every_operation_for_every_kind_of_caller(
    admin: ServedApp, engine: AsyncEngine
) -> None:
    customer = await add_customer(engine)
    customer_token = TokenIssuer(TokenSettings(secret_key=TOKEN_SECRET), PUBLIC_AUDIENCE).issue(
        customer.id
    )  # signed with the same key, for the public API's audience
    callers: dict[str, AuthenticatedClient] = {
        # The generated operations ask for a token; calling them without one is the point here.
        "anonymous": cast(AuthenticatedClient, Client(base_url=admin.base_url)),
        "customer": AuthenticatedClient(base_url=admin.base_url, token=customer_token.access_token),
    }
    for role in (Role.VIEWER, Role.OPERATOR, Role.OWNER):
        callers[str(role)] = await signed_in(admin, (await add_staff(engine, role)).email)

    matrix = []
    for operation in operations(engine):
        for caller, client in callers.items():
            response = await operation.call(client)
            matrix.append(
                (operation.name, caller, response.status_code, expected(operation, caller))
            )
            if response.status_code >= 400:
                assert isinstance(response.parsed, Problem), (operation.name, response.content)

    wrong = [row for row in matrix if row[2] != row[3]]
    print(
        f"\nauthorization matrix through the client: {len(matrix)} calls, {len(wrong)} unexpected"
    )
    assert len(matrix) == 28 * 5
    assert wrong == []
