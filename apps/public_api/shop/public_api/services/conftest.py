"""In-memory fakes of the ports for the use cases' unit tests: no database, no network.

They keep the rules the use cases rely on (stock never below zero, an idempotency key claimed
once, a customer sees only their own orders, additions kept only on commit). Stock moves and
entity changes apply at once: these fakes do not model a rollback of those.
"""

import uuid
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import pytest

from shop.connectors.db.repositories import OrderFilter, Page
from shop.core.errors import NotFoundError
from shop.entities import Customer, IdempotencyRecord, Order, OutboxEvent, Product, new_id
from shop.entities.base import utc_now
from shop.public_api.services.ports import UnitOfWorkFactory


@dataclass
class Store:
    products: dict[uuid.UUID, Product] = field(default_factory=dict)
    customers: dict[uuid.UUID, Customer] = field(default_factory=dict)
    orders: dict[uuid.UUID, Order] = field(default_factory=dict)
    records: dict[tuple[uuid.UUID, str], IdempotencyRecord] = field(default_factory=dict)
    events: list[OutboxEvent] = field(default_factory=list)
    commits: int = 0


class FakeProducts:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def get_many(self, product_ids: list[uuid.UUID]) -> dict[uuid.UUID, Product]:
        return {i: self.store.products[i] for i in product_ids if i in self.store.products}


class FakeStock:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def take(self, product_id: uuid.UUID, quantity: int) -> None:
        self.store.products[product_id].ensure_orderable()
        self.store.products[product_id].adjust_stock(-quantity)

    async def give_back(self, product_id: uuid.UUID, quantity: int) -> None:
        self.store.products[product_id].adjust_stock(quantity)


class FakeCustomers:
    def __init__(self, store: Store, pending: list[object]) -> None:
        self.store = store
        self.pending = pending

    async def get(self, customer_id: uuid.UUID) -> Customer:
        if customer_id not in self.store.customers:
            raise NotFoundError(f"No customer {customer_id}.")
        return self.store.customers[customer_id]

    async def by_email(self, email: str) -> Customer | None:
        wanted = email.strip().lower()
        return next((c for c in self.store.customers.values() if c.email == wanted), None)

    def add(self, customer: Customer) -> None:
        self.pending.append(customer)


class FakeOrders:
    def __init__(self, store: Store, pending: list[object]) -> None:
        self.store = store
        self.pending = pending

    def add(self, order: Order) -> None:
        self.pending.append(order)

    async def get(self, order_id: uuid.UUID, *, customer_id: uuid.UUID | None = None) -> Order:
        order = self.store.orders.get(order_id)
        if order is None or (customer_id is not None and order.customer_id != customer_id):
            raise NotFoundError(f"No order {order_id}.")
        return order

    async def get_for_update(
        self, order_id: uuid.UUID, *, customer_id: uuid.UUID | None = None
    ) -> Order:
        return await self.get(order_id, customer_id=customer_id)

    async def list(
        self, filters: OrderFilter, cursor: str | None = None, limit: int = 50
    ) -> Page[Order]:
        del cursor  # one page is all these tests need
        mine = [o for o in self.store.orders.values() if o.customer_id == filters.customer_id]
        return Page(sorted(mine, key=lambda o: o.created_at, reverse=True)[:limit], None)


class FakeIdempotency:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def claim(self, customer_id: uuid.UUID, key: str, request_hash: str) -> bool:
        if (customer_id, key) in self.store.records:
            return False
        self.store.records[customer_id, key] = IdempotencyRecord(
            id=new_id(), customer_id=customer_id, key=key, request_hash=request_hash
        )
        return True

    async def complete(
        self, customer_id: uuid.UUID, key: str, status: int, body: dict[str, Any]
    ) -> None:
        record = self.store.records[customer_id, key]
        record.response_status, record.response_body = status, body

    async def get(self, customer_id: uuid.UUID, key: str) -> IdempotencyRecord | None:
        return self.store.records.get((customer_id, key))


class FakeOutbox:
    def __init__(self, pending: list[object]) -> None:
        self.pending = pending

    def add(self, event: OutboxEvent) -> None:
        self.pending.append(event)


class FakeUnitOfWork:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: list[object] = []
        self.products = FakeProducts(store)
        self.stock = FakeStock(store)
        self.customers = FakeCustomers(store, self.pending)
        self.orders = FakeOrders(store, self.pending)
        self.idempotency = FakeIdempotency(store)
        self.outbox = FakeOutbox(self.pending)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.pending.clear()

    async def flush(self) -> None:
        for item in self.pending:
            # What the database default does at INSERT time.
            if isinstance(item, Order) and not item.__dict__.get("created_at"):
                item.created_at = utc_now()

    async def commit(self) -> None:
        await self.flush()
        for item in self.pending:
            if isinstance(item, Customer):
                self.store.customers[item.id] = item
            elif isinstance(item, Order):
                self.store.orders[item.id] = item
            elif isinstance(item, OutboxEvent):
                self.store.events.append(item)
        self.pending.clear()
        self.store.commits += 1


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def uow(store: Store) -> UnitOfWorkFactory:
    return lambda: FakeUnitOfWork(store)
