"""Input that used to be let through, refused by both packaged APIs: numbers sent as strings or
booleans, a staff email with a line break in it, an event type nobody publishes, webhook URLs
that point inside our own network or carry credentials."""

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from shop.entities import Product
from shop.testing.data import add_product
from shop.testing.database import TestDatabase
from shop.testing.served import ADMIN_API, PUBLIC_API, new_accounts, serve, signed_in

pytestmark = pytest.mark.external

PROBLEM = "application/problem+json"


@dataclass(frozen=True)
class Signed:
    base_url: str
    headers: dict[str, str]


async def _a_product(url: str) -> Product:
    engine = create_async_engine(url)
    try:
        return await add_product(engine, stock=50)
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def shop(process_database: TestDatabase) -> Iterator[tuple[Product, Signed, Signed]]:
    product, accounts = (
        asyncio.run(_a_product(process_database.url)),
        new_accounts(process_database.url),
    )
    url = process_database.url
    # Production's webhook targets: public addresses only.
    with (
        serve(PUBLIC_API, url) as public,
        serve(ADMIN_API, url, WEBHOOK_ALLOW_PRIVATE_TARGETS="false") as admin,
    ):
        yield (
            product,
            Signed(public.base_url, signed_in(PUBLIC_API, public.base_url, accounts.customer)),
            Signed(admin.base_url, signed_in(ADMIN_API, admin.base_url, accounts.owner)),
        )


def _refused(response: httpx.Response) -> bool:
    return response.status_code == 422 and response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("quantity", ["1", True, "true", 1.5])
def test_an_order_quantity_must_be_a_json_integer(
    shop: tuple[Product, Signed, Signed], quantity: object
) -> None:
    product, public, _ = shop
    response = httpx.post(
        f"{public.base_url}/v1/orders",
        json={"lines": [{"product_id": str(product.id), "quantity": quantity}]},
        headers=public.headers | {"Idempotency-Key": uuid.uuid4().hex},
    )

    assert _refused(response), response.text
    assert response.json()["errors"][0]["location"] == "body.lines.0.quantity"


def test_a_whole_number_written_with_a_fraction_is_an_integer(
    shop: tuple[Product, Signed, Signed],
) -> None:
    product, public, _ = shop
    response = httpx.post(
        f"{public.base_url}/v1/orders",
        json={"lines": [{"product_id": str(product.id), "quantity": 1.0}]},
        headers=public.headers | {"Idempotency-Key": uuid.uuid4().hex},
    )

    assert response.status_code == 201  # JSON Schema's integer, as the document says


@pytest.mark.parametrize("price", ["5", True, 5.5])
def test_a_product_price_must_be_a_json_integer(
    shop: tuple[Product, Signed, Signed], price: object
) -> None:
    _, _, admin = shop
    body = {"sku": f"S-{uuid.uuid4().hex[:8]}", "name": "Cup", "price_minor": price,
            "currency": "EUR"}  # fmt: skip
    response = httpx.post(f"{admin.base_url}/admin/v1/products", json=body, headers=admin.headers)

    assert _refused(response), response.text
    assert response.json()["errors"][0]["location"] == "body.price_minor"


@pytest.mark.parametrize(
    "email", ["ann@example.com\r\nBcc: all@example.com", "not an email", "ann@localhost"]
)
def test_a_staff_email_is_an_email(shop: tuple[Product, Signed, Signed], email: str) -> None:
    _, _, admin = shop
    body = {"email": email, "name": "Ann", "password": "tea for 2 please", "role": "viewer"}
    response = httpx.post(f"{admin.base_url}/admin/v1/staff", json=body, headers=admin.headers)

    assert _refused(response), response.text


@pytest.mark.parametrize(
    ("url", "event_types"),
    [
        ("https://hooks.example.com/shop", ["order.shipped"]),  # nobody publishes it
        ("http://127.0.0.1:8080/hooks", ["order.placed"]),  # loopback
        ("http://10.0.0.7/hooks", ["order.placed"]),  # a private network
        ("http://169.254.169.254/latest/meta-data", ["order.placed"]),  # cloud metadata
        ("http://[::1]/hooks", ["order.placed"]),
        ("http://224.0.0.1/hooks", ["order.placed"]),  # multicast
        ("http://localhost:9/hooks", ["order.placed"]),  # a name for loopback
        ("https://user:secret@hooks.example.com/shop", ["order.placed"]),  # credentials
    ],
)
def test_a_webhook_goes_to_a_public_address_for_a_published_event(
    shop: tuple[Product, Signed, Signed], url: str, event_types: list[str]
) -> None:
    _, _, admin = shop
    body = {"url": url, "event_types": event_types, "secret": "s" * 24}
    response = httpx.post(f"{admin.base_url}/admin/v1/webhooks", json=body, headers=admin.headers)

    assert _refused(response), response.text
