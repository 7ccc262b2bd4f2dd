import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shop.connectors.db.sessions import UnitOfWork
from shop.core.errors import ConflictError
from shop.entities import Customer, StaffRole, StaffUser

pytestmark = pytest.mark.integrated


async def test_emails_are_unique_whatever_their_case(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    email = f"Ann.{uuid.uuid4().hex[:8]}@Example.com"
    async with UnitOfWork(sessions) as uow:
        uow.customers.add(Customer.register(email=email, name="Ann", password_hash="h"))
        await uow.commit()

    with pytest.raises(ConflictError, match="An account with this email exists already"):
        async with UnitOfWork(sessions) as uow:
            uow.customers.add(Customer.register(email=email.upper(), name="A", password_hash="h"))
            await uow.commit()

    async with UnitOfWork(sessions) as uow:
        found = await uow.customers.by_email(email.swapcase())
    assert found is not None
    assert found.email == email.lower()


async def test_active_owners_are_counted(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with UnitOfWork(sessions) as uow:
        before = await uow.staff.count_active_owners()
        for role in (StaffRole.OWNER, StaffRole.OPERATOR):
            uow.staff.add(
                StaffUser.create(
                    email=f"{role}-{uuid.uuid4().hex[:8]}@example.com",
                    name=role,
                    password_hash="h",
                    role=role,
                )
            )
        await uow.commit()

    async with UnitOfWork(sessions) as uow:
        assert await uow.staff.count_active_owners() == before + 1
