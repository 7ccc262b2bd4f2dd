"""The signed-in customer's orders."""

# No `from __future__ import annotations`: FastAPI reads these handlers' annotations at
# run time, and they name objects local to the router factory.
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Header, Query

from shop.entities import Customer
from shop.public_api.interface.auth import CurrentCustomer, SignedCustomerId
from shop.public_api.interface.responses import JSONBytes
from shop.public_api.interface.schemas import (
    CURSOR,
    OrderOut,
    OrderPage,
    PlaceOrderIn,
    Problem,
)
from shop.public_api.interface.streams import ClosingEventSourceResponse
from shop.public_api.services.order_events import WatchOrder
from shop.public_api.services.orders import (
    CancelOrder,
    CustomerOrders,
    PlaceOrder,
    WantedLine,
)

# How long a client waits before reconnecting a dropped stream (the SSE `retry` field).
RECONNECT_AFTER_MS = 2_000
STREAM = "".join(
    f'id: {version}\nevent: status\ndata: {{"order_id":"01a21c70-1e23-7f3a-9c41-5b8d2e6f0a17",'
    f'"status":"{status}"}}\nretry: {RECONNECT_AFTER_MS}\n\n'
    for version, status in ((1, "placed"), (2, "fulfilled"))
)
PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem} for code in (401, 404, 409, 422)
}


def orders_router(
    place_order: PlaceOrder,
    cancel_order: CancelOrder,
    orders: CustomerOrders,
    watch_order: WatchOrder,
    *,
    current_customer: CurrentCustomer,
    signed_customer_id: SignedCustomerId,
) -> APIRouter:
    router = APIRouter(prefix="/v1/orders", tags=["orders"], responses=PROBLEMS)
    Signed = Annotated[Customer, Depends(current_customer)]  # noqa: N806 - a type alias

    @router.post(
        "",
        status_code=201,
        response_model=OrderOut,
        summary="Place an order (an Idempotency-Key makes retrying safe)",
        operation_id="placeOrder",
    )
    async def place(
        request: PlaceOrderIn,
        customer_id: Annotated[uuid.UUID, Depends(signed_customer_id)],
        idempotency_key: Annotated[
            str,
            Header(
                alias="Idempotency-Key",
                min_length=1,
                max_length=200,
                description="A retry with the same key and body gets the first response again.",
            ),
        ],
    ) -> JSONBytes:
        """The stock is taken when the order is placed: a line asking for more than is in stock
        is 409 and nothing is taken. Retry a request that failed or timed out with the same
        Idempotency-Key and body: it is placed once and every retry gets the first answer. The
        same key with another body is 409."""
        lines = [WantedLine(line.product_id, line.quantity) for line in request.lines]
        reply = await place_order.execute(customer_id, idempotency_key, lines)
        return JSONBytes(reply.body, status_code=reply.status)

    @router.get(
        "",
        response_model=OrderPage,
        summary="The signed-in customer's orders, newest first",
        operation_id="listOrders",
    )
    async def list_orders(
        customer: Signed,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        cursor: Annotated[str | None, Query(max_length=500, description=CURSOR)] = None,
    ) -> JSONBytes:
        page = await orders.list(customer.id, cursor, limit)
        return JSONBytes({"items": page.items, "next_cursor": page.next_cursor})

    @router.get(
        "/{order_id}",
        response_model=OrderOut,
        summary="One of the signed-in customer's orders",
        operation_id="getOrder",
    )
    async def get_order(order_id: uuid.UUID, customer: Signed) -> JSONBytes:
        """Another customer's order is 404, as if it did not exist."""
        return JSONBytes(await orders.get(customer.id, order_id))

    @router.get(
        "/{order_id}/events",
        response_class=ClosingEventSourceResponse,
        responses={
            200: {
                "content": {"text/event-stream": {"schema": {"type": "string"}, "example": STREAM}},
                "description": "Status changes",
            }
        },
        summary="Stream the order's status until it is final (Server-Sent Events)",
        operation_id="watchOrder",
    )
    async def order_events(
        order_id: uuid.UUID,
        customer: Signed,
        last_event_id: Annotated[
            str | None,
            Header(
                alias="Last-Event-ID",
                description="The `id` of the last event received: the stream resumes after it",
            ),
        ] = None,
    ) -> ClosingEventSourceResponse:
        updates = await watch_order.open(customer.id, order_id, _seen_version(last_event_id))

        async def events() -> AsyncIterator[dict[str, str | int]]:
            async for update in updates:
                data = {"order_id": str(order_id), "status": update.status}
                yield {
                    "id": str(update.version),
                    "event": "status",
                    "data": orjson.dumps(data).decode(),
                    "retry": RECONNECT_AFTER_MS,
                }

        # Comment pings keep proxies from closing an idle stream and notice a client that left.
        return ClosingEventSourceResponse(events(), ping=15)

    @router.post(
        "/{order_id}/cancel",
        response_model=OrderOut,
        summary="Cancel an order that has not been fulfilled",
        operation_id="cancelOrder",
    )
    async def cancel(order_id: uuid.UUID, customer: Signed) -> JSONBytes:
        """Its stock goes back on sale. A fulfilled or already cancelled order is 409."""
        return JSONBytes(await cancel_order.execute(customer.id, order_id))

    return router


def _seen_version(last_event_id: str | None) -> int | None:
    """An id we sent is a version number; anything else starts the stream from the top."""
    if last_event_id is None or not last_event_id.isdigit() or len(last_event_id) > 18:  # noqa: PLR2004
        return None
    return int(last_event_id)
