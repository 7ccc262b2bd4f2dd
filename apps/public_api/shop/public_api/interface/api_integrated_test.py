"""The public API end to end through its ASGI app, against PostgreSQL."""

import uuid
from dataclasses import dataclass, replace

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.connectors.db.settings import DatabaseSettings
from shop.entities import OutboxEvent, Product
from shop.public_api.app import create_app
from shop.public_api.settings import PublicApiSettings
from shop.testing.data import PASSWORD, add_customer, add_product

pytestmark = pytest.mark.integrated


@dataclass
class Shopper:
    email: str
    headers: dict[str, str]


async def sign_up_and_in(client: httpx.AsyncClient) -> Shopper:
    email = f"c-{uuid.uuid4().hex[:10]}@example.com"
    created = await client.post(
        "/v1/customers", json={"email": email, "name": "Cy", "password": PASSWORD}
    )
    assert created.status_code == 201, created.text
    token = await client.post("/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert token.status_code == 200, token.text
    return Shopper(email, {"Authorization": f"Bearer {token.json()['access_token']}"})


async def test_an_app_on_a_database_never_migrated_is_not_ready_and_says_why(
    settings: PublicApiSettings, empty_database: str
) -> None:
    app = create_app(replace(settings, database=DatabaseSettings(url=empty_database)))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        ready = await client.get("/readyz")

    assert ready.status_code == 503
    assert ready.headers["content-type"] == "application/problem+json"
    assert "schema: the database was never migrated" in ready.json()["detail"]


async def test_a_hash_made_with_weaker_parameters_is_replaced_at_sign_in(
    settings: PublicApiSettings, engine: AsyncEngine
) -> None:
    customer = await add_customer(engine)  # hashed with the tests' cheap argon2 parameters
    app = create_app(settings)  # hashing with argon2-cffi's defaults, as in production
    sign_in = {"username": customer.email, "password": PASSWORD}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        first = await client.post("/v1/auth/token", data=sign_in)
        async with UnitOfWork(create_session_factory(engine)) as uow:
            stored = (await uow.customers.get(customer.id)).password_hash
        again = await client.post("/v1/auth/token", data=sign_in)

    assert PasswordHasher().check_needs_rehash(customer.password_hash)
    assert first.status_code == again.status_code == 200
    assert stored != customer.password_hash
    assert not PasswordHasher().check_needs_rehash(stored)  # today's parameters


def order_body(product: Product, quantity: int = 1) -> dict[str, object]:
    return {"lines": [{"product_id": str(product.id), "quantity": quantity}]}


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


async def test_sign_up_refuses_duplicates_and_weak_passwords(client: httpx.AsyncClient) -> None:
    shopper = await sign_up_and_in(client)

    again = await client.post(
        "/v1/customers",
        json={"email": shopper.email.upper(), "name": "Cy", "password": PASSWORD},
    )
    weak = await client.post(
        "/v1/customers", json={"email": "w@example.com", "name": "W", "password": "abcdefghijk"}
    )
    invalid = await client.post("/v1/customers", json={"email": "nope", "name": "", "password": 1})

    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert weak.status_code == 422
    assert invalid.status_code == 422
    locations = {error["location"] for error in invalid.json()["errors"]}
    assert {"body.email", "body.name", "body.password"} <= locations


async def test_wrong_password_and_unknown_email_get_the_same_401(
    client: httpx.AsyncClient,
) -> None:
    shopper = await sign_up_and_in(client)

    wrong = await client.post(
        "/v1/auth/token", data={"username": shopper.email, "password": "wrong password 1"}
    )
    unknown = await client.post(
        "/v1/auth/token", data={"username": "nobody@example.com", "password": PASSWORD}
    )

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.headers["www-authenticate"] == "Bearer"


async def test_me_needs_a_valid_token(client: httpx.AsyncClient) -> None:
    shopper = await sign_up_and_in(client)

    me = await client.get("/v1/me", headers=shopper.headers)
    anonymous = await client.get("/v1/me")
    forged = await client.get("/v1/me", headers={"Authorization": "Bearer not.a.token"})

    assert me.status_code == 200
    assert me.json()["email"] == shopper.email
    assert anonymous.status_code == forged.status_code == 401


async def test_the_catalogue_shows_active_products_only(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    active = await add_product(engine)
    archived = await add_product(engine, active=False)

    shown = await client.get(f"/v1/products/{active.id}")
    hidden = await client.get(f"/v1/products/{archived.id}")
    unknown = await client.get(f"/v1/products/{uuid.uuid4()}")
    malformed = await client.get("/v1/products/not-a-uuid")
    listed = await client.get("/v1/products", params={"q": archived.sku, "limit": 100})

    assert shown.status_code == 200
    assert shown.json()["sku"] == active.sku
    assert hidden.status_code == unknown.status_code == 404
    assert malformed.status_code == 422
    assert listed.json()["items"] == []


async def test_the_catalogue_pages_with_a_cursor(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    tag = uuid.uuid4().hex[:8]
    for n in range(5):
        product = Product.create(
            sku=f"{tag}-{n}", name=f"{tag} item {n}", price_minor=100, currency="EUR", stock=1
        )
        async with UnitOfWork(create_session_factory(engine)) as uow:
            uow.products.add(product)
            await uow.commit()

    first = (await client.get("/v1/products", params={"q": tag, "limit": 3})).json()
    second = (
        await client.get(
            "/v1/products", params={"q": tag, "limit": 3, "cursor": first["next_cursor"]}
        )
    ).json()
    tampered = await client.get("/v1/products", params={"cursor": "garbage"})
    too_many = await client.get("/v1/products", params={"limit": 101})

    names = [p["name"] for p in first["items"] + second["items"]]
    assert names == [f"{tag} item {n}" for n in range(5)]
    assert second["next_cursor"] is None
    assert tampered.status_code == too_many.status_code == 422


async def test_the_catalogue_parameters_are_documented_and_checked(
    client: httpx.AsyncClient,
) -> None:
    bad_filters = await client.get(
        "/v1/products", params={"limit": "many", "min_price": -1, "in_stock": "x", "colour": "red"}
    )
    bad_id = await client.get("/v1/products/not-a-uuid")
    paths = (await client.get("/openapi.json")).json()["paths"]

    assert bad_filters.status_code == bad_id.status_code == 422
    assert bad_filters.headers["content-type"] == "application/problem+json"
    locations = {error["location"] for error in bad_filters.json()["errors"]}
    assert locations == {"query.limit", "query.min_price", "query.in_stock", "query.colour"}
    assert [error["location"] for error in bad_id.json()["errors"]] == ["path.product_id"]
    filters = {p["name"]: p for p in paths["/v1/products"]["get"]["parameters"]}
    assert set(filters) == {"q", "min_price", "max_price", "in_stock", "limit", "cursor"}
    assert {p["in"] for p in filters.values()} == {"query"}
    assert filters["limit"]["schema"]["maximum"] == 100
    (product_id,) = paths["/v1/products/{product_id}"]["get"]["parameters"]
    assert (product_id["name"], product_id["in"], product_id["required"]) == (
        "product_id",
        "path",
        True,
    )
    assert product_id["schema"]["format"] == "uuid"


async def test_placing_an_order_is_idempotent_per_key(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    shopper = await sign_up_and_in(client)
    product = await add_product(engine, stock=10)
    idempotency = key()

    first = await client.post(
        "/v1/orders", json=order_body(product, 2), headers=shopper.headers | idempotency
    )
    retry = await client.post(
        "/v1/orders", json=order_body(product, 2), headers=shopper.headers | idempotency
    )
    reused = await client.post(
        "/v1/orders", json=order_body(product, 3), headers=shopper.headers | idempotency
    )

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert first.json()["total_minor"] == 2500
    assert reused.status_code == 409
    assert (await client.get(f"/v1/products/{product.id}")).json()["stock"] == 8
    async with engine.connect() as connection:
        events = await connection.scalar(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.payload["order_id"].astext == first.json()["id"])
        )
    assert events == 1


async def test_orders_that_cannot_be_placed_are_clear_problems(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    shopper = await sign_up_and_in(client)
    scarce = await add_product(engine, stock=1)
    archived = await add_product(engine, active=False)

    too_many = await client.post(
        "/v1/orders", json=order_body(scarce, 2), headers=shopper.headers | key()
    )
    unorderable = await client.post(
        "/v1/orders", json=order_body(archived), headers=shopper.headers | key()
    )
    no_key = await client.post("/v1/orders", json=order_body(scarce), headers=shopper.headers)
    empty = await client.post("/v1/orders", json={"lines": []}, headers=shopper.headers | key())
    unknown = await client.post(
        "/v1/orders",
        json={"lines": [{"product_id": str(uuid.uuid4()), "quantity": 1}]},
        headers=shopper.headers | key(),
    )

    assert too_many.status_code == 409
    assert too_many.json()["product_id"] == str(scarce.id)
    assert scarce.sku in too_many.json()["detail"]
    assert unorderable.status_code == 422
    assert no_key.status_code == 422
    assert empty.status_code == 422
    # The use case names the field; the interface says the body carried it.
    assert [e["location"] for e in unknown.json()["errors"]] == ["body.lines"]


async def test_cancelling_gives_stock_back_once(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    shopper = await sign_up_and_in(client)
    product = await add_product(engine, stock=5)
    order = (
        await client.post(
            "/v1/orders", json=order_body(product, 3), headers=shopper.headers | key()
        )
    ).json()

    cancelled = await client.post(f"/v1/orders/{order['id']}/cancel", headers=shopper.headers)
    again = await client.post(f"/v1/orders/{order['id']}/cancel", headers=shopper.headers)

    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert again.status_code == 409
    assert (await client.get(f"/v1/products/{product.id}")).json()["stock"] == 5


async def test_a_request_body_over_the_limit_is_413(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/customers", content=b"x" * 2_000_000, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
