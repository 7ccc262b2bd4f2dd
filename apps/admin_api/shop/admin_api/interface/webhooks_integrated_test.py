"""Webhook subscriptions and dead letters through the admin API, against PostgreSQL."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.testing.callers import Callers
from shop.testing.data import dead_delivery

pytestmark = pytest.mark.integrated

SECRET = "whsec-admin-0123456789"


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
