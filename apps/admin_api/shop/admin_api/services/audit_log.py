"""Reading the audit log."""

from __future__ import annotations

from typing import Any

from shop.admin_api.services.ports import UnitOfWorkFactory
from shop.connectors.db.queries import AuditFilter, Page
from shop.entities import AuditEntry


def entry_view(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": str(entry.id),
        "actor_id": str(entry.actor_id),
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "at": entry.created_at.isoformat(),
    }


class ReadAuditLog:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(
        self, filters: AuditFilter, cursor: str | None, limit: int
    ) -> Page[dict[str, Any]]:
        async with self._uow() as uow:
            page = await uow.audit.list(filters, cursor, limit)
        return Page([entry_view(entry) for entry in page.items], page.next_cursor)
