"""Staff accounts, managed by owners; the shop always keeps one active owner."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from shop.admin_api.services.audit import audited
from shop.admin_api.services.ports import UnitOfWorkFactory
from shop.core.security.passwords import Passwords, validated_password
from shop.entities import StaffAccess, StaffRole, StaffUser
from shop.entities.snapshots import staff_snapshot


class StaffDirectory:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def all(self) -> list[dict[str, Any]]:
        async with self._uow() as uow:
            return [staff_snapshot(user) for user in await uow.staff.all()]


class CreateStaffUser:
    def __init__(self, uow: UnitOfWorkFactory, passwords: Passwords) -> None:
        self._uow = uow
        self._passwords = passwords

    async def execute(
        self, actor: StaffAccess, email: str, name: str, password: str, role: StaffRole
    ) -> dict[str, Any]:
        password_hash = await self._passwords.hash(validated_password(password))
        user = StaffUser.create(email=email, name=name, password_hash=password_hash, role=role)
        async with self._uow() as uow:  # a taken email is a 409 from the UNIQUE index
            async with audited(
                uow, actor, "staff.create", partial(staff_snapshot, user), new=True
            ) as change:
                uow.staff.add(user)
            await uow.commit()
        return change.after


class ChangeStaffRole:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(
        self, actor: StaffAccess, staff_id: uuid.UUID, role: StaffRole
    ) -> dict[str, Any]:
        async with self._uow() as uow:
            # Owners counted (and locked) first: two demotions at once cannot both pass.
            active_owners = await uow.staff.count_active_owners()
            user = await uow.staff.get(staff_id)
            async with audited(
                uow, actor, "staff.change_role", partial(staff_snapshot, user)
            ) as change:
                user.change_role(role, active_owners=active_owners)
            await uow.commit()
        return change.after


class DeactivateStaffUser:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, actor: StaffAccess, staff_id: uuid.UUID) -> dict[str, Any]:
        async with self._uow() as uow:
            active_owners = await uow.staff.count_active_owners()
            user = await uow.staff.get(staff_id)
            async with audited(
                uow, actor, "staff.deactivate", partial(staff_snapshot, user)
            ) as change:
                user.deactivate(active_owners=active_owners)
            await uow.commit()
        return change.after
