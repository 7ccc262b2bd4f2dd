"""Who a staff token belongs to, looked up on every admin request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from shop.connectors.db.read_pool import ReadPool
from shop.entities import StaffRole

# Fresh on every request, so a deactivation or a demotion takes effect at once, not when the
# token expires; one prepared primary-key lookup keeps that cheap.
_ACCESS = "SELECT role, active FROM staff_users WHERE id = $1"


@dataclass(frozen=True)
class StaffAccess:
    staff_id: uuid.UUID
    role: StaffRole
    active: bool


class StaffViews:
    def __init__(self, read_pool: ReadPool) -> None:
        self._read_pool = read_pool

    async def access(self, staff_id: uuid.UUID) -> StaffAccess | None:
        row = await self._read_pool.fetchrow(_ACCESS, staff_id)
        if row is None:
            return None
        return StaffAccess(staff_id, StaffRole(row["role"]), row["active"])
