"""What the admin API's use cases need from the outside world, as protocols.

`shop.connectors.db.sessions.UnitOfWork` and the connectors' reads satisfy them in production;
the unit tests pass in-memory fakes (services/conftest.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Protocol

from shop.connectors.db.queries import AuditFilter, Page
from shop.connectors.db.repositories.accounts import Spending
from shop.connectors.db.sessions import Transaction
from shop.core.security.tokens import IssuesTokens, VerifiesTokens
from shop.entities import (
    AuditEntry,
    Customer,
    DeliveryAttempt,
    Order,
    Product,
    StaffAccess,
    StaffUser,
    WebhookDelivery,
    WebhookSubscription,
)


class ProductsPort(Protocol):
    def add(self, product: Product) -> None: ...

    async def get_for_update(self, product_id: uuid.UUID) -> Product: ...


class CustomersPort(Protocol):
    async def get(self, customer_id: uuid.UUID) -> Customer: ...

    async def list(
        self, text: str | None = None, cursor: str | None = None, limit: int = 50
    ) -> Page[Customer]: ...

    async def spending(self, customer_id: uuid.UUID) -> Spending: ...


class StaffPort(Protocol):
    async def get(self, staff_id: uuid.UUID) -> StaffUser: ...

    async def by_email(self, email: str) -> StaffUser | None: ...

    def add(self, user: StaffUser) -> None: ...

    async def all(self) -> list[StaffUser]: ...

    async def count_active_owners(self) -> int: ...


class OrdersPort(Protocol):
    async def cancel(self, order: Order) -> None:
        """Cancel a locked order and give its stock back (the libs' one rule)."""

    async def get_for_update(
        self, order_id: uuid.UUID, *, customer_id: uuid.UUID | None = None
    ) -> Order: ...


class AuditPort(Protocol):
    def add(self, entry: AuditEntry) -> None: ...

    async def list(
        self, filters: AuditFilter, cursor: str | None = None, limit: int = 50
    ) -> Page[AuditEntry]: ...


class WebhooksPort(Protocol):
    def add(self, subscription: WebhookSubscription) -> None: ...

    async def get(self, subscription_id: uuid.UUID) -> WebhookSubscription: ...

    async def all(self) -> list[WebhookSubscription]: ...

    async def delivery(self, delivery_id: uuid.UUID, *, lock: bool = False) -> WebhookDelivery: ...

    async def attempts(self, delivery_id: uuid.UUID) -> list[DeliveryAttempt]: ...

    async def deliveries(
        self, status: str | None, cursor: str | None = None, limit: int = 50
    ) -> Page[WebhookDelivery]: ...


class WebhookTargetsPort(Protocol):
    async def check(self, url: str) -> None:
        """Refuse a URL that webhooks may not be sent to (not a public address)."""


class UnitOfWorkPort(Transaction, Protocol):
    @property
    def products(self) -> ProductsPort: ...

    @property
    def customers(self) -> CustomersPort: ...

    @property
    def staff(self) -> StaffPort: ...

    @property
    def orders(self) -> OrdersPort: ...

    @property
    def audit(self) -> AuditPort: ...

    @property
    def webhooks(self) -> WebhooksPort: ...


UnitOfWorkFactory = Callable[[], UnitOfWorkPort]


# The security primitives, as libs/core declares them.
TokensPort = IssuesTokens
TokenVerifierPort = VerifiesTokens


class StaffAccessPort(Protocol):
    async def access(self, staff_id: uuid.UUID) -> StaffAccess | None: ...
