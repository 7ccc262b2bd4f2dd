import uuid

import pytest

from shop.admin_api.services.ports import UnitOfWorkFactory
from shop.admin_api.services.staff import ChangeStaffRole, CreateStaffUser, DeactivateStaffUser
from shop.core.errors import ConflictError, ValidationFailedError
from shop.entities import StaffAccess, StaffRole, StaffUser
from shop.testing.fake_uow import Store
from shop.testing.fakes import PlainPasswords


def hire(store: Store, role: StaffRole) -> StaffUser:
    user = StaffUser.create(
        email=f"{uuid.uuid4().hex[:8]}@shop.example", name="S", password_hash="h", role=role
    )
    store.staff[user.id] = user
    return user


def acting(user: StaffUser) -> StaffAccess:
    return StaffAccess(user.id, user.staff_role, user.active)


async def test_the_last_active_owner_can_be_neither_demoted_nor_deactivated(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    owner = hire(store, StaffRole.OWNER)

    with pytest.raises(ConflictError):
        await ChangeStaffRole(uow).execute(acting(owner), owner.id, StaffRole.VIEWER)
    with pytest.raises(ConflictError):
        await DeactivateStaffUser(uow).execute(acting(owner), owner.id)
    assert store.audit == []


async def test_with_a_second_owner_an_owner_may_step_down(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    owner, other = hire(store, StaffRole.OWNER), hire(store, StaffRole.OWNER)

    after = await ChangeStaffRole(uow).execute(acting(owner), owner.id, StaffRole.OPERATOR)

    assert after["role"] == "operator"
    with pytest.raises(ConflictError):
        await DeactivateStaffUser(uow).execute(acting(other), other.id)


async def test_a_new_staff_user_needs_a_strong_password_and_a_free_email(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    owner = hire(store, StaffRole.OWNER)
    create = CreateStaffUser(uow, PlainPasswords())

    created = await create.execute(
        acting(owner), "V@shop.example", "V", "tea for 2 ok", StaffRole.VIEWER
    )
    with pytest.raises(ConflictError):
        await create.execute(acting(owner), "v@shop.example", "V", "tea for 2 ok", StaffRole.VIEWER)
    with pytest.raises(ValidationFailedError):
        await create.execute(acting(owner), "w@shop.example", "W", "weakweakweak", StaffRole.VIEWER)

    assert created["email"] == "v@shop.example"
    assert store.staff[uuid.UUID(created["id"])].password_hash == "hashed:tea for 2 ok"
    assert [entry.action for entry in store.audit] == ["staff.create"]
