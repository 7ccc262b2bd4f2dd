"""The packaged public API driven through its generated client (shop.clients.public), as a shop
app would: the README's session, and every operation as anonymous and as two customers.

The client is generated from the committed OpenAPI document, so a drift between what the API
does and what its document promises fails here.
"""

import uuid
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any, cast

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.clients.public import AuthenticatedClient, Client
from shop.clients.public.api.accounts import get_me, issue_token, sign_up
from shop.clients.public.api.catalogue import get_product, list_products
from shop.clients.public.api.orders import cancel_order, get_order, list_orders, place_order
from shop.clients.public.models import (
    OrderLineIn,
    OrderOut,
    OrderStatus,
    PlaceOrderIn,
    Problem,
    ProductOut,
    ProductPage,
    SignUpIn,
    TokenForm,
    TokenOut,
)
from shop.clients.public.types import Response
from shop.testing.data import PASSWORD, add_product
from shop.testing.database import TestDatabase
from shop.testing.processes import ServedApp
from shop.testing.served import PUBLIC_API, serve

pytestmark = pytest.mark.external


@pytest.fixture(scope="module")
def public(process_database: TestDatabase) -> Iterator[ServedApp]:
    with serve(PUBLIC_API, process_database.url) as app:
        yield app


async def new_customer(app: ServedApp) -> AuthenticatedClient:
    email = f"c-{uuid.uuid4().hex[:10]}@example.com"
    anonymous = Client(base_url=app.base_url)
    created = await sign_up.asyncio_detailed(
        client=anonymous, body=SignUpIn(email=email, name="Ann", password=PASSWORD)
    )
    token = await issue_token.asyncio(
        client=anonymous, body=TokenForm(username=email, password=PASSWORD)
    )
    assert created.status_code == HTTPStatus.CREATED, created.content
    assert isinstance(token, TokenOut), token
    return AuthenticatedClient(base_url=app.base_url, token=token.access_token)


def two_of(product_id: uuid.UUID, quantity: int = 2) -> PlaceOrderIn:
    return PlaceOrderIn(lines=[OrderLineIn(product_id=product_id, quantity=quantity)])


async def test_the_readme_session(public: ServedApp, engine: AsyncEngine) -> None:
    ann = await new_customer(public)
    mug = await add_product(engine, stock=3)
    key = str(uuid.uuid4())

    found = await list_products.asyncio(client=ann, q=mug.name, in_stock=True)
    placed = await place_order.asyncio_detailed(
        client=ann, body=two_of(mug.id), idempotency_key=key
    )
    retried = await place_order.asyncio_detailed(
        client=ann, body=two_of(mug.id), idempotency_key=key
    )
    reused_key = await place_order.asyncio_detailed(
        client=ann, body=two_of(mug.id, 1), idempotency_key=key
    )
    too_many = await place_order.asyncio_detailed(
        client=ann, body=two_of(mug.id), idempotency_key=str(uuid.uuid4())
    )
    assert isinstance(placed.parsed, OrderOut), placed.content
    mine = await list_orders.asyncio(client=ann)
    cancelled = await cancel_order.asyncio(placed.parsed.id, client=ann)
    restocked = await get_product.asyncio(mug.id, client=ann)

    assert isinstance(found, ProductPage)
    assert [product.id for product in found.items] == [mug.id]
    assert placed.status_code == retried.status_code == HTTPStatus.CREATED
    assert isinstance(retried.parsed, OrderOut)
    assert retried.parsed.id == placed.parsed.id
    assert (placed.parsed.status, placed.parsed.total_minor) == (OrderStatus.PLACED, 2 * 1250)
    for refused in (reused_key, too_many):
        assert refused.status_code == HTTPStatus.CONFLICT
        assert isinstance(refused.parsed, Problem), refused.content
    assert mine is not None
    assert not isinstance(mine, Problem)
    assert [order.id for order in mine.items] == [placed.parsed.id]
    assert isinstance(cancelled, OrderOut)
    assert cancelled.status == OrderStatus.CANCELLED
    assert isinstance(restocked, ProductOut)
    assert restocked.stock == 3


async def test_every_operation_as_anonymous_and_as_two_customers(
    public: ServedApp, engine: AsyncEngine
) -> None:
    """A's order is A's: B gets 404 for it (never 403, which would confirm it exists), anonymous
    gets 401. The catalogue answers everyone alike."""
    a, b = await new_customer(public), await new_customer(public)
    product = await add_product(engine, stock=100)
    placed = await place_order.asyncio(
        client=a, body=two_of(product.id, 1), idempotency_key=str(uuid.uuid4())
    )
    assert isinstance(placed, OrderOut)
    order_id = placed.id
    # The generated operations that need a token ask for one; calling them without one is the
    # point here.
    callers = {
        "anonymous": cast(AuthenticatedClient, Client(base_url=public.base_url)),
        "A": a,
        "B": b,
    }

    def place(client: AuthenticatedClient) -> Any:
        return place_order.asyncio_detailed(
            client=client, body=two_of(product.id, 1), idempotency_key=str(uuid.uuid4())
        )

    operations: list[tuple[str, Any, dict[str, int]]] = [
        ("listProducts", lambda c: list_products.asyncio_detailed(client=c),
         {"anonymous": 200, "A": 200, "B": 200}),
        ("getProduct", lambda c: get_product.asyncio_detailed(product.id, client=c),
         {"anonymous": 200, "A": 200, "B": 200}),
        ("getMe", lambda c: get_me.asyncio_detailed(client=c),
         {"anonymous": 401, "A": 200, "B": 200}),
        ("listOrders", lambda c: list_orders.asyncio_detailed(client=c),
         {"anonymous": 401, "A": 200, "B": 200}),
        ("getOrder", lambda c: get_order.asyncio_detailed(order_id, client=c),
         {"anonymous": 401, "A": 200, "B": 404}),
        ("placeOrder", place, {"anonymous": 401, "A": 201, "B": 201}),
        ("cancelOrder", lambda c: cancel_order.asyncio_detailed(order_id, client=c),
         {"anonymous": 401, "B": 404, "A": 200}),  # A last: cancelling is final
    ]  # fmt: skip

    matrix = []
    for name, call, expected in operations:
        for caller, status in expected.items():
            response: Response[Any] = await call(callers[caller])
            matrix.append((name, caller, response.status_code, status))
            if response.status_code >= HTTPStatus.BAD_REQUEST:
                assert isinstance(response.parsed, Problem), (name, caller, response.content)

    wrong = [row for row in matrix if row[2] != row[3]]
    print(
        f"\nauthorization matrix through the client: {len(matrix)} calls, {len(wrong)} unexpected"
    )
    assert wrong == []
    b_orders = await list_orders.asyncio(client=b)
    assert b_orders is not None
    assert not isinstance(b_orders, Problem)
    assert order_id not in {order.id for order in b_orders.items}
