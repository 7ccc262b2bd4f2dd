"""Customers and staff users."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.connectors.db.queries.filters import escaped_like
from shop.connectors.db.queries.orderings import CUSTOMERS_NEWEST_FIRST
from shop.connectors.db.queries.pages import Page
from shop.core.errors import NotFoundError, ValidationFailedError
from shop.entities import Customer, Order, OrderStatus, StaffRole, StaffUser
from shop.entities.accounts import normalised_email


@dataclass(frozen=True)
class Spending:
    order_count: int
    spent_minor: dict[str, int]  # by currency


Account = TypeVar("Account", Customer, StaffUser)


async def _by_email(session: AsyncSession, model: type[Account], email: str) -> Account | None:
    try:
        wanted = normalised_email(email)
    except ValidationFailedError:
        # Not an address, so no account has it; and PostgreSQL never sees text it cannot
        # store (a sign-in form with a NUL byte in it was a 422 from the database).
        return None
    found: Account | None = await session.scalar(select(model).where(model.email == wanted))
    return found


class Customers:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, customer_id: uuid.UUID) -> Customer:
        customer = await self._session.get(Customer, customer_id)
        if customer is None:
            raise NotFoundError(f"No customer {customer_id}.")
        return customer

    async def by_email(self, email: str) -> Customer | None:
        return await _by_email(self._session, Customer, email)

    def add(self, customer: Customer) -> None:
        self._session.add(customer)

    async def spending(self, customer_id: uuid.UUID) -> Spending:
        """How many orders the customer placed, and what the ones not cancelled came to."""
        rows = (
            await self._session.execute(
                select(
                    Order.currency,
                    func.count(),
                    func.sum(Order.total_minor).filter(Order.status != OrderStatus.CANCELLED),
                )
                .where(Order.customer_id == customer_id)
                .group_by(Order.currency)
                .order_by(Order.currency)
            )
        ).all()
        return Spending(
            order_count=sum(count for _, count, _ in rows),
            spent_minor={currency: int(total or 0) for currency, _, total in rows},
        )

    async def list(
        self, text: str | None = None, cursor: str | None = None, limit: int = 50
    ) -> Page[Customer]:
        statement = select(Customer)
        if text:
            pattern = escaped_like(text)
            statement = statement.where(
                or_(Customer.email.ilike(pattern), Customer.name.ilike(pattern))
            )
        keyset = CUSTOMERS_NEWEST_FIRST
        rows = (await self._session.scalars(keyset.apply(statement, cursor, limit))).all()
        return keyset.page(rows, limit, key=lambda c: (c.created_at, c.id))


class Staff:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, staff_id: uuid.UUID) -> StaffUser:
        user = await self._session.get(StaffUser, staff_id)
        if user is None:
            raise NotFoundError(f"No staff user {staff_id}.")
        return user

    async def by_email(self, email: str) -> StaffUser | None:
        return await _by_email(self._session, StaffUser, email)

    def add(self, user: StaffUser) -> None:
        self._session.add(user)

    async def all(self) -> list[StaffUser]:
        return list(await self._session.scalars(select(StaffUser).order_by(StaffUser.email)))

    async def count_active_owners(self) -> int:
        """Counted under a lock on the owners' rows, so two demotions cannot both pass."""
        owners = await self._session.scalars(
            select(StaffUser.id)
            .where(StaffUser.role == StaffRole.OWNER, StaffUser.active.is_(True))
            .with_for_update()
        )
        return len(owners.all())

    async def count(self) -> int:
        return int(await self._session.scalar(select(func.count()).select_from(StaffUser)) or 0)
