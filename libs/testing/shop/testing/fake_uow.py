"""An in-memory unit of work for the use cases' unit tests: no database, no network.

It satisfies every app's ports (each app's `services/ports.py` asks for a subset) and keeps the
rules the use cases rely on: stock never below zero, an idempotency key claimed once, a customer
sees only their own orders, additions kept only on commit. Stock moves and entity changes apply
at once: the fakes do not model a rollback of those. `fake_uow_integrated_test.py` holds it and
the real unit of work on PostgreSQL to one contract.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import pytest
from sqlalchemy import UniqueConstraint

from shop.connectors.db.errors import duplicate
from shop.connectors.db.queries import AuditFilter, OrderFilter, Page
from shop.connectors.db.repositories import KeyedReply, Placement
from shop.connectors.db.repositories.accounts import Spending
from shop.core.errors import ConflictError, NotFoundError
from shop.entities import (
    AuditEntry,
    Customer,
    DeliveryAttempt,
    IdempotencyRecord,
    Order,
    OrderStatus,
    OutboxEvent,
    Product,
    StaffRole,
    StaffUser,
    StockMovement,
    WebhookDelivery,
    WebhookSubscription,
    new_id,
)
from shop.entities.base import utc_now
from shop.entities.records import RecordsEvents


@dataclass
class Store:
    products: dict[uuid.UUID, Product] = field(default_factory=dict)
    customers: dict[uuid.UUID, Customer] = field(default_factory=dict)
    staff: dict[uuid.UUID, StaffUser] = field(default_factory=dict)
    orders: dict[uuid.UUID, Order] = field(default_factory=dict)
    records: dict[tuple[uuid.UUID, str], IdempotencyRecord] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    events: list[OutboxEvent] = field(default_factory=list)
    webhooks: dict[uuid.UUID, WebhookSubscription] = field(default_factory=dict)
    deliveries: dict[uuid.UUID, WebhookDelivery] = field(default_factory=dict)
    attempts: list[DeliveryAttempt] = field(default_factory=list)
    commits: int = 0

    def tables(self) -> dict[type, dict[uuid.UUID, Any]]:
        """The entities kept by id, as the database's tables."""
        return {
            Product: self.products,
            Customer: self.customers,
            StaffUser: self.staff,
            Order: self.orders,
            WebhookSubscription: self.webhooks,
        }


def _found(items: dict[uuid.UUID, Any], key: uuid.UUID, what: str) -> Any:
    if key not in items:
        raise NotFoundError(f"No {what} {key}.")
    return items[key]


class FakeProducts:
    def __init__(self, store: Store, pending: list[object]) -> None:
        self.store = store
        self.pending = pending

    def add(self, product: Product) -> None:
        self.pending.append(product)

    async def get_for_update(self, product_id: uuid.UUID) -> Product:
        product: Product = _found(self.store.products, product_id, "product")
        return product

    async def get_many(self, product_ids: list[uuid.UUID]) -> dict[uuid.UUID, Product]:
        return {i: self.store.products[i] for i in product_ids if i in self.store.products}


class FakeStock:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def move(self, movements: Iterable[StockMovement]) -> None:
        for movement in movements:
            product: Product = _found(self.store.products, movement.product_id, "product")
            if movement.delta < 0:
                product.ensure_orderable()
            product.adjust_stock(movement.delta)

    async def explain_refusal(self, movements: Iterable[StockMovement]) -> None:
        for movement in movements:
            product: Product = _found(self.store.products, movement.product_id, "product")
            if movement.delta < 0:
                product.ensure_orderable()
                if product.stock < -movement.delta:  # in the stock ledger's words
                    raise ConflictError(
                        f"Not enough stock of {product.sku}: {product.stock} left, "
                        f"{-movement.delta} asked.",
                        product_id=str(product.id),
                        available=product.stock,
                        requested=-movement.delta,
                    )


class FakePlacements:
    """The one-statement placement: the key claimed with its reply, every line's stock taken
    at the entity's price, the order pending until commit; or nothing at all."""

    def __init__(self, store: Store, pending: list[object]) -> None:
        self.store = store
        self.pending = pending

    async def buyer_and_products(
        self, customer_id: uuid.UUID, product_ids: list[uuid.UUID]
    ) -> tuple[Customer | None, dict[uuid.UUID, Product]]:
        products = self.store.products
        return self.store.customers.get(customer_id), {
            i: products[i] for i in product_ids if i in products
        }

    async def place(self, order: Order, reply: KeyedReply) -> Placement:
        if (reply.customer_id, reply.key) in self.store.records:
            return Placement.KEY_USED
        products = [self.store.products.get(line.product_id) for line in order.lines]
        if not all(
            product is not None
            and product.active
            and product.stock >= line.quantity
            and (product.price_minor, product.currency) == (line.unit_price_minor, order.currency)
            for product, line in zip(products, order.lines, strict=True)
        ):
            return Placement.REFUSED
        for product, line in zip(products, order.lines, strict=True):
            assert product is not None  # noqa: S101 - checked above
            product.adjust_stock(-line.quantity)
        self.store.records[reply.customer_id, reply.key] = IdempotencyRecord(
            id=new_id(),
            customer_id=reply.customer_id,
            key=reply.key,
            request_hash=reply.request_hash,
            response_status=reply.status,
            response_body=reply.body,
        )
        self.pending.append(order)
        return Placement.PLACED


class FakeCustomers:
    def __init__(self, store: Store, pending: list[object]) -> None:
        self.store = store
        self.pending = pending

    async def get(self, customer_id: uuid.UUID) -> Customer:
        customer: Customer = _found(self.store.customers, customer_id, "customer")
        return customer

    async def by_email(self, email: str) -> Customer | None:
        wanted = email.strip().lower()
        return next((c for c in self.store.customers.values() if c.email == wanted), None)

    def add(self, customer: Customer) -> None:
        self.pending.append(customer)

    async def list(
        self, text: str | None = None, cursor: str | None = None, limit: int = 50
    ) -> Page[Customer]:
        del cursor  # one page is all these tests need
        found = [c for c in self.store.customers.values() if not text or text in c.email]
        return Page(found[:limit], None)

    async def spending(self, customer_id: uuid.UUID) -> Spending:
        theirs = [o for o in self.store.orders.values() if o.customer_id == customer_id]
        spent: dict[str, int] = {}
        for order in theirs:
            if order.status != OrderStatus.CANCELLED:
                spent[order.currency] = spent.get(order.currency, 0) + order.total_minor
        return Spending(order_count=len(theirs), spent_minor=spent)


class FakeStaff:
    def __init__(self, store: Store, pending: list[object]) -> None:
        self.store = store
        self.pending = pending

    async def get(self, staff_id: uuid.UUID) -> StaffUser:
        user: StaffUser = _found(self.store.staff, staff_id, "staff user")
        return user

    async def by_email(self, email: str) -> StaffUser | None:
        wanted = email.strip().lower()
        return next((u for u in self.store.staff.values() if u.email == wanted), None)

    def add(self, user: StaffUser) -> None:
        self.pending.append(user)

    async def all(self) -> list[StaffUser]:
        return sorted(self.store.staff.values(), key=lambda user: user.email)

    async def count_active_owners(self) -> int:
        return sum(1 for u in self.store.staff.values() if u.active and u.role == StaffRole.OWNER)


class FakeOrders:
    def __init__(self, store: Store, pending: list[object], stock: FakeStock) -> None:
        self.store = store
        self.pending = pending
        self.stock = stock
        self.locked: list[Order] = []  # changed through get_for_update: versioned on commit

    def add(self, order: Order) -> None:
        self.pending.append(order)

    async def cancel(self, order: Order) -> None:
        await self.stock.move(order.cancel())

    async def get(self, order_id: uuid.UUID, *, customer_id: uuid.UUID | None = None) -> Order:
        order = self.store.orders.get(order_id)
        if order is None or (customer_id is not None and order.customer_id != customer_id):
            raise NotFoundError(f"No order {order_id}.")
        return order

    async def get_for_update(
        self, order_id: uuid.UUID, *, customer_id: uuid.UUID | None = None
    ) -> Order:
        order = await self.get(order_id, customer_id=customer_id)
        self.locked.append(order)
        return order

    async def list(
        self, filters: OrderFilter, cursor: str | None = None, limit: int = 50
    ) -> Page[Order]:
        del cursor  # one page is all these tests need
        mine = [o for o in self.store.orders.values() if o.customer_id == filters.customer_id]
        return Page(sorted(mine, key=lambda o: o.created_at, reverse=True)[:limit], None)


class FakeIdempotency:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def get(self, customer_id: uuid.UUID, key: str) -> IdempotencyRecord | None:
        return self.store.records.get((customer_id, key))


class FakeAudit:
    def __init__(self, store: Store, pending: list[object]) -> None:
        self.store = store
        self.pending = pending

    def add(self, entry: AuditEntry) -> None:
        self.pending.append(entry)

    async def list(
        self, filters: AuditFilter, cursor: str | None = None, limit: int = 50
    ) -> Page[AuditEntry]:
        del cursor
        found = [
            e
            for e in reversed(self.store.audit)
            if filters.object_id in {None, e.object_id} and filters.actor_id in {None, e.actor_id}
        ]
        return Page(found[:limit], None)


class FakeWebhooks:
    def __init__(self, store: Store, pending: list[object]) -> None:
        self.store = store
        self.pending = pending

    def add(self, subscription: WebhookSubscription) -> None:
        self.pending.append(subscription)

    async def get(self, subscription_id: uuid.UUID) -> WebhookSubscription:
        found: WebhookSubscription = _found(self.store.webhooks, subscription_id, "webhook")
        return found

    async def all(self) -> list[WebhookSubscription]:
        return list(self.store.webhooks.values())

    async def delivery(self, delivery_id: uuid.UUID, *, lock: bool = False) -> WebhookDelivery:
        del lock
        found: WebhookDelivery = _found(self.store.deliveries, delivery_id, "delivery")
        return found

    async def attempts(self, delivery_id: uuid.UUID) -> list[DeliveryAttempt]:
        return [a for a in self.store.attempts if a.delivery_id == delivery_id]

    async def deliveries(
        self, status: str | None, cursor: str | None = None, limit: int = 50
    ) -> Page[WebhookDelivery]:
        del cursor
        found = [d for d in self.store.deliveries.values() if status in {None, d.status}]
        return Page(found[:limit], None)


class FakeOutbox:
    def __init__(self, pending: list[object]) -> None:
        self.pending = pending

    def add(self, event: OutboxEvent) -> None:
        self.pending.append(event)


class FakeUnitOfWork:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: list[object] = []
        self.products = FakeProducts(store, self.pending)
        self.stock = FakeStock(store)
        self.customers = FakeCustomers(store, self.pending)
        self.staff = FakeStaff(store, self.pending)
        self.orders = FakeOrders(store, self.pending, self.stock)
        self.idempotency = FakeIdempotency(store)
        self.placements = FakePlacements(store, self.pending)
        self.audit = FakeAudit(store, self.pending)
        self.outbox = FakeOutbox(self.pending)
        self.webhooks = FakeWebhooks(store, self.pending)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.pending.clear()
        self.orders.locked.clear()

    def _refuse_duplicates(self) -> None:
        """The UNIQUE constraints the entities declare, with the real unit of work's words."""
        for kind, stored in self.store.tables().items():
            for constraint in kind.__table__.constraints:  # type: ignore[attr-defined]
                if not isinstance(constraint, UniqueConstraint):
                    continue
                columns = [column.name for column in constraint.columns]
                taken = {tuple(getattr(row, c) for c in columns) for row in stored.values()}
                for item in self.pending:
                    if not isinstance(item, kind):
                        continue
                    values = tuple(getattr(item, c) for c in columns)
                    if values in taken:
                        raise duplicate(str(constraint.name))
                    taken.add(values)

    async def flush(self) -> None:
        self._refuse_duplicates()
        for aggregate in [*self.pending, *self.orders.locked]:  # as RecordingSession does
            if isinstance(aggregate, RecordsEvents):
                self.pending.extend(aggregate.collect_events())
        for item in self.pending:
            # What the database defaults do at INSERT time.
            if isinstance(item, Order | Customer | WebhookSubscription) and not item.__dict__.get(
                "created_at"
            ):
                item.created_at = utc_now()
            if isinstance(item, AuditEntry) and not item.__dict__.get("created_at"):
                item.created_at = utc_now()
            if isinstance(item, Order) and item.__dict__.get("version") is None:
                item.version = 1

    async def commit(self) -> None:
        await self.flush()
        for order in self.orders.locked:  # what the ORM's version counter does on UPDATE
            order.version = (order.version or 1) + 1
        self.orders.locked.clear()
        tables = self.store.tables()
        for item in self.pending:
            if isinstance(item, OutboxEvent):
                self.store.events.append(item)
            elif isinstance(item, AuditEntry):
                self.store.audit.append(item)
            else:
                tables[type(item)][item.id] = item  # type: ignore[attr-defined]
        self.pending.clear()
        self.store.commits += 1


@pytest.fixture
def store() -> Store:
    """What the in-memory units of work of one test share, for the test to look into."""
    return Store()


@pytest.fixture
def uow(store: Store) -> Callable[[], FakeUnitOfWork]:
    """Units of work on `store`, as a use case takes them (a services/conftest.py imports it)."""
    return lambda: FakeUnitOfWork(store)
