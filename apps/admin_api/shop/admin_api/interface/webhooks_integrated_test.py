"""Webhook subscriptions and dead letters through the admin API, against PostgreSQL."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.admin_api.conftest import Callers
from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.entities import (
    DeliveryAttempt,
    EventType,
    OutboxEvent,
    WebhookDelivery,
    WebhookSubscription,
)
from shop.testing.data import add_customer, add_order, add_product

pytestmark = pytest.mark.integrated

SECRET = "whsec-admin-0123456789"


async def dead_delivery(engine: AsyncEngine) -> WebhookDelivery:
    """A delivery that used up its attempts, as the worker leaves one."""
    order = await add_order(
        engine, (await add_customer(engine)).id, [(await add_product(engine), 1)]
    )
    now = datetime.now(UTC)
    async with UnitOfWork(create_session_factory(engine)) as uow:
        subscription = WebhookSubscription.create(
            url="https://receiver.example/hooks", event_types=["order.placed"], secret=SECRET
        )
        event = OutboxEvent.new(EventType.ORDER_PLACED, {"order_id": str(order.id)})
        uow.webhooks.add(subscription)
        uow.outbox.add(event)
        await uow.flush()
        delivery = WebhookDelivery(
            id=event.id,
            subscription_id=subscription.id,
            event_id=event.id,
            event_type=event.type,
            status="pending",
            attempts=0,
            next_attempt_at=now,
        )
        uow.session.add(delivery)
        await uow.flush()
        delivery.failed("receiver answered 503", None, now)
        uow.webhooks.add_attempt(
            DeliveryAttempt.record(delivery.id, now, 503, timedelta(milliseconds=12), "busy")
        )
        await uow.commit()
    return delivery


async def test_owners_subscribe_and_the_secret_is_never_shown(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    body = {"url": "https://hooks.example/shop", "event_types": ["order.placed"], "secret": SECRET}

    created = await client.post("/admin/v1/webhooks", json=body, headers=callers.owner)
    listed = await client.get("/admin/v1/webhooks", headers=callers.viewer)
    deactivated = await client.post(
        f"/admin/v1/webhooks/{created.json()['id']}/deactivate", headers=callers.owner
    )
    invalid = await client.post(
        "/admin/v1/webhooks",
        json=body | {"url": "ftp://x", "secret": "short"},
        headers=callers.owner,
    )

    assert created.status_code == 201, created.text
    assert "secret" not in created.json()
    assert SECRET not in listed.text
    assert created.json()["id"] in {item["id"] for item in listed.json()}
    assert deactivated.json()["active"] is False
    assert invalid.status_code == 422


async def test_a_dead_letter_is_listed_with_its_attempts_and_resent_once(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    delivery = await dead_delivery(engine)
    url = f"/admin/v1/webhooks/deliveries/{delivery.id}"

    dead = await client.get(
        "/admin/v1/webhooks/deliveries?status=dead&limit=100", headers=callers.viewer
    )
    detail = await client.get(url, headers=callers.viewer)
    resent = await client.post(f"{url}/redeliver", headers=callers.operator)
    again = await client.post(f"{url}/redeliver", headers=callers.operator)

    assert str(delivery.id) in {item["id"] for item in dead.json()["items"]}
    assert detail.json()["status"] == "dead"
    assert detail.json()["attempt_log"] == [
        {
            "attempted_at": detail.json()["attempt_log"][0]["attempted_at"],
            "status_code": 503,
            "latency_ms": 12.0,
            "error": "busy",
        }
    ]
    assert (resent.status_code, resent.json()["status"], resent.json()["attempts"]) == (
        200,
        "pending",
        0,
    )
    assert again.status_code == 409
