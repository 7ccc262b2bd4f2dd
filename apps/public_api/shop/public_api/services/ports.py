"""What the public API's use cases need from the outside world, as protocols.

`shop.connectors.db.sessions.UnitOfWork` satisfies them in production; the unit tests pass
in-memory fakes (services/conftest.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Protocol

from shop.connectors.db.queries import OrderFilter, Page
from shop.connectors.db.repositories import KeyedReply, Placement
from shop.connectors.db.sessions import Transaction
from shop.core.security.passwords import Passwords
from shop.core.security.tokens import IssuesTokens, VerifiesTokens
from shop.entities import (
    Customer,
    IdempotencyRecord,
    Order,
    Product,
    StockMovement,
)


class StockPort(Protocol):
    async def explain_refusal(self, movements: Iterable[StockMovement]) -> None:
        """Raise why the stock could not be taken; return when it could be now."""


class PlacementsPort(Protocol):
    async def buyer_and_products(
        self, customer_id: uuid.UUID, product_ids: list[uuid.UUID]
    ) -> tuple[Customer | None, dict[uuid.UUID, Product]]: ...

    async def place(self, order: Order, reply: KeyedReply) -> Placement:
        """Claim the key with the reply, take the stock, write the order and its event."""


class CustomersPort(Protocol):
    async def get(self, customer_id: uuid.UUID) -> Customer: ...

    async def by_email(self, email: str) -> Customer | None: ...

    def add(self, customer: Customer) -> None: ...


class OrdersPort(Protocol):
    async def cancel(self, order: Order) -> None:
        """Cancel a locked order and give its stock back (the libs' one rule)."""

    async def get(self, order_id: uuid.UUID, *, customer_id: uuid.UUID | None = None) -> Order: ...

    async def list(
        self, filters: OrderFilter, cursor: str | None = None, limit: int = 50
    ) -> Page[Order]: ...

    async def get_for_update(
        self, order_id: uuid.UUID, *, customer_id: uuid.UUID | None = None
    ) -> Order: ...


class IdempotencyPort(Protocol):
    async def get(self, customer_id: uuid.UUID, key: str) -> IdempotencyRecord | None: ...


class UnitOfWorkPort(Transaction, Protocol):
    # Read-only members, so a unit of work with more specific repositories still fits.
    @property
    def stock(self) -> StockPort: ...

    @property
    def customers(self) -> CustomersPort: ...

    @property
    def orders(self) -> OrdersPort: ...

    @property
    def idempotency(self) -> IdempotencyPort: ...

    @property
    def placements(self) -> PlacementsPort: ...


UnitOfWorkFactory = Callable[[], UnitOfWorkPort]


# The security primitives, as libs/core declares them.
PasswordsPort = Passwords
TokensPort = IssuesTokens
TokenVerifierPort = VerifiesTokens
