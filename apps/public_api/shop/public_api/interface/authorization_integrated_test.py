"""Every endpoint walked as anonymous, customer A and customer B.

A's order is A's: B gets 404 for it (never 403, which would confirm it exists), anonymous gets
401. Public endpoints answer everyone alike.
"""

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.public_api.interface.api_integrated_test import (
    key,
    order_body,
    sign_up_and_in,
)
from shop.testing.data import add_product

pytestmark = pytest.mark.integrated


async def test_every_endpoint_as_anonymous_and_as_two_customers(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    a, b = await sign_up_and_in(client), await sign_up_and_in(client)
    product = await add_product(engine, stock=100)
    order = (
        await client.post("/v1/orders", json=order_body(product), headers=a.headers | key())
    ).json()
    callers = {"anonymous": {}, "A": a.headers, "B": b.headers}
    endpoints = [
        ("GET", "/v1/products", None, {"anonymous": 200, "A": 200, "B": 200}),
        ("GET", f"/v1/products/{product.id}", None, {"anonymous": 200, "A": 200, "B": 200}),
        ("GET", "/v1/me", None, {"anonymous": 401, "A": 200, "B": 200}),
        ("GET", "/v1/orders", None, {"anonymous": 401, "A": 200, "B": 200}),
        ("GET", f"/v1/orders/{order['id']}", None, {"anonymous": 401, "A": 200, "B": 404}),
        ("POST", "/v1/orders", order_body(product), {"anonymous": 401, "A": 201, "B": 201}),
        (
            "POST",
            f"/v1/orders/{order['id']}/cancel",
            None,
            {"anonymous": 401, "B": 404, "A": 200},  # A last: cancelling is final
        ),
    ]

    matrix = []
    for method, path, body, expected in endpoints:
        for caller, status in expected.items():
            headers = callers[caller] | (key() if method == "POST" else {})
            response = await client.request(method, path, json=body, headers=headers)
            matrix.append((method, path, caller, response.status_code, status))

    wrong = [row for row in matrix if row[3] != row[4]]
    print(f"\nauthorization matrix: {len(matrix)} calls, {len(wrong)} unexpected")
    assert wrong == []
    b_orders = (await client.get("/v1/orders", headers=b.headers)).json()["items"]
    assert order["id"] not in {o["id"] for o in b_orders}
    assert uuid.UUID(order["id"])
