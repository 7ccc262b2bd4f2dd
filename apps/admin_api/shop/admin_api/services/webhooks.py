"""Webhook subscriptions and their deliveries, as staff manage and inspect them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

from shop.admin_api.services.audit import audited
from shop.admin_api.services.ports import UnitOfWorkFactory, WebhookTargetsPort
from shop.connectors.db.queries import Page
from shop.entities import DeliveryAttempt, StaffAccess, WebhookDelivery, WebhookSubscription
from shop.entities.snapshots import webhook_snapshot


def delivery_reply(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": str(delivery.id),
        "subscription_id": str(delivery.subscription_id),
        "event_id": str(delivery.event_id),
        "event_type": delivery.event_type,
        "status": str(delivery.status),
        "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at.isoformat(),
        "last_error": delivery.last_error,
        "delivered_at": delivery.delivered_at.isoformat() if delivery.delivered_at else None,
        "created_at": delivery.created_at.isoformat(),
    }


def attempt_view(attempt: DeliveryAttempt) -> dict[str, Any]:
    return {
        "attempted_at": attempt.attempted_at.isoformat(),
        "status_code": attempt.status_code,
        "latency_ms": round(attempt.latency_ms, 2),
        "error": attempt.error,
    }


def _listed(subscription: WebhookSubscription) -> dict[str, Any]:
    return webhook_snapshot(subscription) | {"created_at": subscription.created_at.isoformat()}


class WebhookDirectory:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def subscriptions(self) -> list[dict[str, Any]]:
        async with self._uow() as uow:
            return [_listed(subscription) for subscription in await uow.webhooks.all()]

    async def deliveries(
        self, status: str | None, cursor: str | None, limit: int
    ) -> Page[dict[str, Any]]:
        async with self._uow() as uow:
            page = await uow.webhooks.deliveries(status, cursor, limit)
        return Page([delivery_reply(d) for d in page.items], page.next_cursor)

    async def delivery(self, delivery_id: uuid.UUID) -> dict[str, Any]:
        """A delivery with every attempt made so far (status, latency, error)."""
        async with self._uow() as uow:
            delivery = await uow.webhooks.delivery(delivery_id)
            attempts = await uow.webhooks.attempts(delivery_id)
        return delivery_reply(delivery) | {"attempt_log": [attempt_view(a) for a in attempts]}


class RegisterWebhook:
    def __init__(self, uow: UnitOfWorkFactory, targets: WebhookTargetsPort) -> None:
        self._uow = uow
        self._targets = targets

    async def execute(
        self, actor: StaffAccess, url: str, event_types: Sequence[str], secret: str
    ) -> dict[str, Any]:
        subscription = WebhookSubscription.create(url=url, event_types=event_types, secret=secret)
        await self._targets.check(subscription.url)
        async with self._uow() as uow:
            async with audited(
                uow, actor, "webhook.create", partial(webhook_snapshot, subscription), new=True
            ):
                uow.webhooks.add(subscription)
            await uow.commit()
        return _listed(subscription)


class DeactivateWebhook:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, actor: StaffAccess, subscription_id: uuid.UUID) -> dict[str, Any]:
        async with self._uow() as uow:
            subscription = await uow.webhooks.get(subscription_id)
            async with audited(
                uow, actor, "webhook.deactivate", partial(webhook_snapshot, subscription)
            ):
                subscription.deactivate()
            await uow.commit()
        return _listed(subscription)


class Redeliver:
    """A dead-lettered delivery gets a fresh round of attempts."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, actor: StaffAccess, delivery_id: uuid.UUID) -> dict[str, Any]:
        async with self._uow() as uow:
            delivery = await uow.webhooks.delivery(delivery_id, lock=True)
            async with audited(
                uow, actor, "webhook_delivery.redeliver", partial(delivery_reply, delivery)
            ) as change:
                delivery.redeliver(datetime.now(UTC))
            await uow.commit()
        return change.after
