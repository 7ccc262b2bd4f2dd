"""The audit log: who changed what, when, from what to what."""

import uuid
from typing import Annotated

from litestar import Response, Router, get
from litestar.params import FromQuery, QueryParameter

from shop.admin_api.interface.auth import ROLE, SIGNED_IN
from shop.admin_api.interface.problems import problem_responses
from shop.admin_api.interface.responses import page_response
from shop.admin_api.interface.schemas import CURSOR, AuditPage
from shop.admin_api.interface.timestamps import Timestamp
from shop.admin_api.services.audit_log import ReadAuditLog
from shop.connectors.db.queries import AuditFilter
from shop.core.text import TEXT
from shop.entities import StaffRole


def audit_router(read_log: ReadAuditLog) -> Router:
    @get(
        "",
        summary="List audit entries, newest first",
        responses=problem_responses(401, 403, 422),
        operation_id="listAuditEntries",
    )
    async def list_entries(
        *,
        actor_id: FromQuery[uuid.UUID | None] = None,
        object_type: Annotated[str | None, QueryParameter(max_length=64, pattern=TEXT)] = None,
        object_id: Annotated[str | None, QueryParameter(max_length=64, pattern=TEXT)] = None,
        since: Annotated[
            Timestamp | None, QueryParameter(description="At or after (ISO 8601)")
        ] = None,
        before: Annotated[Timestamp | None, QueryParameter(description="Before (ISO 8601)")] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 50,
        cursor: Annotated[str | None, QueryParameter(max_length=500, description=CURSOR)] = None,
    ) -> Response[AuditPage]:
        filters = AuditFilter(actor_id, object_type, object_id, since, before)
        page = await read_log.execute(filters, cursor, limit)
        return page_response(page.items, page.next_cursor)

    return Router(
        "/admin/v1/audit",
        route_handlers=[list_entries],
        tags=["audit"],
        opt={ROLE: StaffRole.VIEWER},
        security=SIGNED_IN,
    )
