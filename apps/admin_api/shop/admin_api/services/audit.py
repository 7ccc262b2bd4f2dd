"""The audit trail every change through the admin API leaves, in the change's transaction."""

from __future__ import annotations

from typing import Any

from shop.admin_api.services.ports import UnitOfWorkPort
from shop.connectors.db.views.staff import StaffAccess
from shop.entities import AuditEntry


def record_change(
    uow: UnitOfWorkPort,
    actor: StaffAccess,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """`action` is `<object type>.<verb>`, e.g. `product.update`; the snapshots carry the id."""
    object_type = action.partition(".")[0]
    snapshot = after if after is not None else before
    if snapshot is None:
        raise ValueError("a change needs a before or an after")
    uow.audit.add(
        AuditEntry.record(
            actor_id=actor.staff_id,
            action=action,
            object_type=object_type,
            object_id=str(snapshot["id"]),
            before=before,
            after=after,
        )
    )
