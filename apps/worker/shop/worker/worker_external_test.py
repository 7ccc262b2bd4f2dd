"""The packaged worker as a real process, next to the packaged public API: an order placed
through the API reaches a real HTTP receiver as a correctly signed `order.placed`."""

import asyncio
import uuid

import httpx
import jsonschema_rs
import pytest
from sqlalchemy.ext.asyncio import create_async_engine
from standardwebhooks.webhooks import Webhook

from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.entities import EventType, Product, WebhookSubscription
from shop.entities.event_schemas import event_schema
from shop.testing.data import PASSWORD, add_product
from shop.testing.database import TestDatabase
from shop.testing.processes import packaged_command, running_app
from shop.testing.receiver import running_receiver

pytestmark = pytest.mark.external

SECRET = "whsec-external-0123456789"


async def _prepare(database_url: str, receiver_url: str) -> Product:
    engine = create_async_engine(database_url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            uow.webhooks.add(
                WebhookSubscription.create(
                    url=receiver_url, event_types=["order.placed"], secret=SECRET
                )
            )
            await uow.commit()
        return await add_product(engine, stock=5)
    finally:
        await engine.dispose()


def _place_order(base_url: str, product: Product) -> str:
    email = f"w-{uuid.uuid4().hex[:8]}@example.com"
    httpx.post(f"{base_url}/v1/customers", json={"email": email, "name": "W", "password": PASSWORD})
    token = httpx.post(
        f"{base_url}/v1/auth/token", data={"username": email, "password": PASSWORD}
    ).json()["access_token"]
    order = httpx.post(
        f"{base_url}/v1/orders",
        json={"lines": [{"product_id": str(product.id), "quantity": 2}]},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
    )
    assert order.status_code == 201, order.text
    return str(order.json()["id"])


def test_an_order_placed_through_the_api_reaches_the_receiver_signed(
    test_database: TestDatabase,
) -> None:
    env = {"DB_URL": test_database.url, "AUTH_SECRET_KEY": "worker-external-" + "k" * 24}
    api_command = packaged_command("apps.public_api/bin.pex", "shop.public_api")
    worker_command = packaged_command("apps.worker/bin.pex", "shop.worker")
    with running_receiver() as receiver:
        product = asyncio.run(_prepare(test_database.url, receiver.url))
        with (
            running_app(api_command, "PUBLIC_API_PORT", env) as api,
            running_app(worker_command, "WORKER_PORT", env) as worker,
        ):
            order_id = _place_order(api.base_url, product)
            [delivered] = receiver.wait_for(1)
            ready = httpx.get(f"{worker.base_url}/readyz")
            metrics = httpx.get(f"{worker.base_url}/metrics").text

    # As a receiver would: the official Standard Webhooks library verifies the signature (the
    # key is the secret's bytes) and the body matches the event's published schema.
    event = Webhook(SECRET.encode()).verify(delivered.body, dict(delivered.headers))
    jsonschema_rs.validator_for(event_schema(EventType.ORDER_PLACED)).validate(event)
    assert delivered.headers["webhook-id"] == event["id"]
    assert event["type"] == "order.placed"
    assert event["data"]["order_id"] == order_id
    assert event["data"]["lines"][0]["quantity"] == 2
    assert ready.status_code == 200
    assert worker.exit_code == 0  # SIGTERM: loops stopped between steps, a clean exit
    assert 'worker_events_relayed_total{type="order.placed"}' in metrics
    assert 'worker_webhook_attempts_total{outcome="delivered"} 1.0' in metrics
