"""The audit trail every change through the admin API leaves, in the change's transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from shop.admin_api.services.ports import UnitOfWorkPort
from shop.entities import AuditEntry, StaffAccess

Snapshot = dict[str, Any]


@dataclass
class Change:
    before: Snapshot | None
    after: Snapshot = field(default_factory=dict)
    # What the audit entry keeps beside the object's snapshot (a stock adjustment's reason).
    note: Snapshot = field(default_factory=dict)


@asynccontextmanager
async def audited(
    uow: UnitOfWorkPort,
    actor: StaffAccess,
    action: str,
    snapshot: Callable[[], Snapshot],
    *,
    new: bool = False,
) -> AsyncIterator[Change]:
    """One change to one object, with its audit entry: `snapshot` is taken before the block
    (unless the object is `new`) and after it, once flushed, so the database's own values
    (a version, a uniqueness refusal) are part of it. A block that raises records nothing.

    `action` is `<object type>.<verb>`, e.g. `product.update`; the snapshots carry the id.
    """
    change = Change(before=None if new else snapshot())
    yield change
    await uow.flush()
    change.after = snapshot()
    object_type = action.partition(".")[0]
    uow.audit.add(
        AuditEntry.record(
            actor_id=actor.staff_id,
            action=action,
            object_type=object_type,
            object_id=str(change.after["id"]),
            before=change.before,
            after=change.after | change.note,
        )
    )
