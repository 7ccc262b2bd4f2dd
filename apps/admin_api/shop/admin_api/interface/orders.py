"""All orders for staff: list and read, fulfil and cancel, export of any size."""

import uuid
from typing import Annotated, Literal

from litestar import Response, Router, get, post
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Stream

from shop.admin_api.interface.auth import ROLE, SIGNED_IN, Actor
from shop.admin_api.interface.exports import csv_chunks, ndjson_chunks
from shop.admin_api.interface.problems import problem_responses
from shop.admin_api.interface.responses import json_response, page_response
from shop.admin_api.interface.schemas import CURSOR, OrderOut, OrderPage
from shop.admin_api.interface.timestamps import Timestamp
from shop.admin_api.services.orders import CancelOrder, FulfilOrder
from shop.connectors.db.queries import OrderFilter
from shop.connectors.db.reads.orders import OrderReads
from shop.entities import StaffRole

OPERATOR = {ROLE: StaffRole.OPERATOR}
Status = Literal["placed", "fulfilled", "cancelled"]
EXPORT_MEDIA_TYPES = {"csv": "text/csv", "ndjson": "application/x-ndjson"}
EXPORT_SPEC = ResponseSpec(
    data_container=str,
    media_type=EXPORT_MEDIA_TYPES["csv"],
    description="CSV, a row per order line (format=ndjson: a JSON order per line)",
    generate_examples=False,
)


def order_filter(
    order_status: Annotated[Status | None, QueryParameter(name="status")] = None,
    customer_id: FromQuery[uuid.UUID | None] = None,
    placed_from: Annotated[
        Timestamp | None, QueryParameter(description="Placed at or after (ISO 8601)")
    ] = None,
    placed_before: Annotated[
        Timestamp | None, QueryParameter(description="Placed before (ISO 8601)")
    ] = None,
) -> OrderFilter:
    return OrderFilter(
        status=order_status,
        customer_id=customer_id,
        placed_from=placed_from,
        placed_before=placed_before,
    )


def orders_router(
    reads: OrderReads, fulfil_order: FulfilOrder, cancel_order: CancelOrder
) -> Router:
    @get(
        "",
        summary="List orders, newest first, with their lines",
        responses=problem_responses(401, 403, 422),
        operation_id="listOrders",
    )
    async def list_orders(
        filters: NamedDependency[OrderFilter],
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 50,
        cursor: Annotated[str | None, QueryParameter(max_length=500, description=CURSOR)] = None,
    ) -> Response[OrderPage]:
        page = await reads.list(filters, cursor, limit)
        return page_response(page.items, page.next_cursor)

    @get(
        "/export",
        summary="Export every matching order with its lines, oldest first (streamed)",
        # Documented as CSV (one media type per response in Litestar's schema); NDJSON on ask.
        responses={200: EXPORT_SPEC} | problem_responses(401, 403, 422),
        operation_id="exportOrders",
    )
    async def export(
        filters: NamedDependency[OrderFilter],
        export_format: Annotated[Literal["csv", "ndjson"], QueryParameter(name="format")] = "csv",
    ) -> Stream:
        orders = reads.export(filters)
        chunks = csv_chunks(orders) if export_format == "csv" else ndjson_chunks(orders)
        return Stream(
            chunks,
            media_type=EXPORT_MEDIA_TYPES[export_format],
            headers={"Content-Disposition": f'attachment; filename="orders.{export_format}"'},
        )

    @get(
        "/{order_id:str}",
        summary="Get an order",
        responses=problem_responses(401, 403, 404),
        operation_id="getOrder",
    )
    async def get_order(order_id: FromPath[uuid.UUID]) -> Response[OrderOut]:
        return json_response(await reads.get(order_id))

    @post(
        "/{order_id:str}/fulfil",
        summary="Mark a placed order fulfilled",
        opt=OPERATOR,
        status_code=200,
        responses=problem_responses(401, 403, 404, 409),
        operation_id="fulfilOrder",
    )
    async def fulfil(order_id: FromPath[uuid.UUID], actor: Actor) -> Response[OrderOut]:
        return json_response(await fulfil_order.execute(actor, order_id))

    @post(
        "/{order_id:str}/cancel",
        summary="Cancel a placed order; its stock goes back",
        opt=OPERATOR,
        status_code=200,
        responses=problem_responses(401, 403, 404, 409),
        operation_id="cancelOrder",
    )
    async def cancel(order_id: FromPath[uuid.UUID], actor: Actor) -> Response[OrderOut]:
        return json_response(await cancel_order.execute(actor, order_id))

    return Router(
        "/admin/v1/orders",
        route_handlers=[list_orders, export, get_order, fulfil, cancel],
        tags=["orders"],
        opt={ROLE: StaffRole.VIEWER},
        security=SIGNED_IN,
        dependencies={"filters": Provide(order_filter, sync_to_thread=False)},
    )
