"""Webhook subscriptions (owners), their deliveries, and resending dead letters."""

import uuid
from typing import Annotated, Literal

from litestar import Response, Router, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from shop.admin_api.interface.auth import ROLE, SIGNED_IN, Actor
from shop.admin_api.interface.problems import problem_responses
from shop.admin_api.interface.responses import json_response, page_response
from shop.admin_api.interface.schemas import (
    CURSOR,
    DeliveryDetailOut,
    DeliveryOut,
    DeliveryPage,
    NewWebhookIn,
    WebhookOut,
)
from shop.admin_api.services.webhooks import (
    DeactivateWebhook,
    Redeliver,
    RegisterWebhook,
    WebhookDirectory,
)
from shop.entities import StaffRole

OPERATOR = {ROLE: StaffRole.OPERATOR}
OWNER = {ROLE: StaffRole.OWNER}


def webhooks_router(
    directory: WebhookDirectory,
    register: RegisterWebhook,
    deactivate: DeactivateWebhook,
    redeliver: Redeliver,
) -> Router:
    @get(
        "",
        summary="List webhook subscriptions (secrets are never shown)",
        responses=problem_responses(401, 403),
        operation_id="listWebhooks",
    )
    async def list_subscriptions() -> Response[list[WebhookOut]]:
        return json_response(await directory.subscriptions())

    @post(
        "",
        summary="Subscribe a URL to event types; deliveries are signed with the secret",
        opt=OWNER,
        responses=problem_responses(401, 403, 422),
        operation_id="createWebhook",
    )
    async def create(data: JSONBody[NewWebhookIn], actor: Actor) -> Response[WebhookOut]:
        created = await register.execute(actor, data.url, data.event_types, data.secret)
        return json_response(created)

    @post(
        "/{subscription_id:str}/deactivate",
        summary="Stop sending events to a subscription",
        opt=OWNER,
        status_code=200,
        responses=problem_responses(401, 403, 404),
        operation_id="deactivateWebhook",
    )
    async def deactivate_subscription(
        subscription_id: FromPath[uuid.UUID], actor: Actor
    ) -> Response[WebhookOut]:
        return json_response(await deactivate.execute(actor, subscription_id))

    @get(
        "/deliveries",
        summary="List deliveries, newest first (status=dead: the dead letters)",
        responses=problem_responses(401, 403, 422),
        operation_id="listDeliveries",
    )
    async def deliveries(
        delivery_status: Annotated[
            Literal["pending", "delivered", "dead"] | None, QueryParameter(name="status")
        ] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 50,
        cursor: Annotated[str | None, QueryParameter(max_length=500, description=CURSOR)] = None,
    ) -> Response[DeliveryPage]:
        page = await directory.deliveries(delivery_status, cursor, limit)
        return page_response(page.items, page.next_cursor)

    @get(
        "/deliveries/{delivery_id:str}",
        summary="A delivery with every attempt (status, latency, error)",
        responses=problem_responses(401, 403, 404),
        operation_id="getDelivery",
    )
    async def delivery(delivery_id: FromPath[uuid.UUID]) -> Response[DeliveryDetailOut]:
        return json_response(await directory.delivery(delivery_id))

    @post(
        "/deliveries/{delivery_id:str}/redeliver",
        summary="Send a dead-lettered delivery again (a fresh round of attempts)",
        opt=OPERATOR,
        status_code=200,
        responses=problem_responses(401, 403, 404, 409),
        operation_id="redeliverDelivery",
    )
    async def resend(delivery_id: FromPath[uuid.UUID], actor: Actor) -> Response[DeliveryOut]:
        return json_response(await redeliver.execute(actor, delivery_id))

    return Router(
        "/admin/v1/webhooks",
        route_handlers=[
            list_subscriptions,
            create,
            deactivate_subscription,
            deliveries,
            delivery,
            resend,
        ],
        tags=["webhooks"],
        opt={ROLE: StaffRole.VIEWER},
        security=SIGNED_IN,
    )
