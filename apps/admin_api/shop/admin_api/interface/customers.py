"""Customers for staff: search, details with spending, suspension."""

import uuid
from typing import Annotated

from litestar import Response, Router, get, post
from litestar.params import FromPath, QueryParameter

from shop.admin_api.interface.auth import ROLE, SIGNED_IN, Actor
from shop.admin_api.interface.problems import problem_responses
from shop.admin_api.interface.responses import json_response, page_response
from shop.admin_api.interface.schemas import CURSOR, CustomerDetailOut, CustomerOut, CustomerPage
from shop.admin_api.services.customers import CustomerDirectory, SetCustomerSuspended
from shop.core.text import TEXT
from shop.entities import StaffRole

OPERATOR = {ROLE: StaffRole.OPERATOR}


def customers_router(directory: CustomerDirectory, set_suspended: SetCustomerSuspended) -> Router:
    @get(
        "",
        summary="List or search customers, newest first",
        responses=problem_responses(401, 403, 422),
        operation_id="searchCustomers",
    )
    async def search(
        q: Annotated[
            str | None,
            QueryParameter(max_length=200, pattern=TEXT, description="Text in email or name"),
        ] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 50,
        cursor: Annotated[str | None, QueryParameter(max_length=500, description=CURSOR)] = None,
    ) -> Response[CustomerPage]:
        page = await directory.search(q, cursor, limit)
        return page_response(page.items, page.next_cursor)

    @get(
        "/{customer_id:str}",
        summary="Get a customer with their order count and spending",
        responses=problem_responses(401, 403, 404),
        operation_id="getCustomer",
    )
    async def get_customer(customer_id: FromPath[uuid.UUID]) -> Response[CustomerDetailOut]:
        return json_response(await directory.get(customer_id))

    @post(
        "/{customer_id:str}/suspend",
        summary="Suspend a customer: no sign-in, live tokens refused",
        opt=OPERATOR,
        status_code=200,
        responses=problem_responses(401, 403, 404),
        operation_id="suspendCustomer",
    )
    async def suspend(customer_id: FromPath[uuid.UUID], actor: Actor) -> Response[CustomerOut]:
        return json_response(await set_suspended.execute(actor, customer_id, suspended=True))

    @post(
        "/{customer_id:str}/reactivate",
        summary="Reactivate a suspended customer",
        opt=OPERATOR,
        status_code=200,
        responses=problem_responses(401, 403, 404),
        operation_id="reactivateCustomer",
    )
    async def reactivate(customer_id: FromPath[uuid.UUID], actor: Actor) -> Response[CustomerOut]:
        return json_response(await set_suspended.execute(actor, customer_id, suspended=False))

    return Router(
        "/admin/v1/customers",
        route_handlers=[search, get_customer, suspend, reactivate],
        tags=["customers"],
        opt={ROLE: StaffRole.VIEWER},
        security=SIGNED_IN,
    )
