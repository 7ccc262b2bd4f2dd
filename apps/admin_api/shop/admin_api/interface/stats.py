"""Sales figures, computed by the database."""

from datetime import date
from typing import Annotated

from litestar import Router, get
from litestar.params import QueryParameter

from shop.admin_api.interface.auth import ROLE, SIGNED_IN
from shop.admin_api.interface.problems import problem_responses
from shop.admin_api.interface.schemas import SalesDayOut
from shop.connectors.db.reads.orders import OrderReads
from shop.entities import StaffRole


def stats_router(reads: OrderReads) -> Router:
    @get(
        "/sales",
        summary="Orders, items and revenue per UTC day and currency (cancelled orders excluded)",
        description="The range runs forwards (`to` on or after `from`) and spans at most 366 "
        "days; another range is 422.",
        responses=problem_responses(401, 403, 422),
        operation_id="getSalesReport",
    )
    async def sales(
        first: Annotated[date, QueryParameter(name="from", description="First day (inclusive)")],
        last: Annotated[date, QueryParameter(name="to", description="Last day (inclusive)")],
    ) -> list[SalesDayOut]:
        days = await reads.sales_per_day(first, last)
        return [
            SalesDayOut(
                day=d.day,
                currency=d.currency,
                orders=d.orders,
                items=d.items,
                revenue_minor=d.revenue_minor,
            )
            for d in days
        ]

    return Router(
        "/admin/v1/stats",
        route_handlers=[sales],
        tags=["stats"],
        opt={ROLE: StaffRole.VIEWER},
        security=SIGNED_IN,
    )
