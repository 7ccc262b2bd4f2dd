"""Rows the tests need, written straight through the unit of work (not through an API)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.core.security.passwords import PasswordHashing
from shop.entities import (
    Customer,
    DeliveryAttempt,
    EventType,
    Order,
    OutboxEvent,
    Product,
    StaffRole,
    StaffUser,
    WebhookDelivery,
    WebhookSubscription,
)

# Cheap argon2 parameters keep the tests fast; production uses argon2-cffi's defaults.
FAST_PASSWORDS = PasswordHashing(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
PASSWORD = "tea for 2 please"  # noqa: S105 - test accounts only
WEBHOOK_SECRET = "whsec-tests-0123456789"  # noqa: S105


def units_of_work(engine: AsyncEngine) -> Callable[[], UnitOfWork]:
    """The production unit of work on the test's engine, as the use cases take it."""
    sessions = create_session_factory(engine)
    return lambda: UnitOfWork(sessions)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def add_product(
    engine: AsyncEngine,
    stock: int = 10,
    *,
    active: bool = True,
    price_minor: int = 1250,
    name: str | None = None,
    sku: str | None = None,
    description: str = "",
) -> Product:
    """A stored product; unique SKU and name unless given."""
    product = Product.create(
        sku=sku or unique("SKU"),
        name=name or unique("Mug"),
        description=description,
        price_minor=price_minor,
        currency="EUR",
        stock=stock,
    )
    if not active:
        product.archive()
    async with UnitOfWork(create_session_factory(engine)) as uow:
        uow.products.add(product)
        await uow.commit()
    return product


def new_customer() -> Customer:
    """A customer with a unique address and the test password, not stored anywhere."""
    return Customer.register(
        email=f"{unique('c')}@example.com",
        name="Cy Customer",
        password_hash=FAST_PASSWORDS.hash(PASSWORD),
    )


async def add_customer(engine: AsyncEngine) -> Customer:
    customer = new_customer()
    async with UnitOfWork(create_session_factory(engine)) as uow:
        uow.customers.add(customer)
        await uow.commit()
    return customer


async def add_staff(engine: AsyncEngine, role: StaffRole, *, active: bool = True) -> StaffUser:
    user = StaffUser.create(
        email=f"{unique(str(role))}@staff.example",
        name=f"Sam {role}",
        password_hash=FAST_PASSWORDS.hash(PASSWORD),
        role=role,
    )
    user.active = active
    async with UnitOfWork(create_session_factory(engine)) as uow:
        uow.staff.add(user)
        await uow.commit()
    return user


async def add_order(
    engine: AsyncEngine,
    customer: Customer,
    items: list[tuple[Product, int]],
    *,
    with_event: bool = False,
) -> Order:
    """A placed order, its stock taken (and its `order.placed` outbox event, if asked), as the
    public API would leave it."""
    async with UnitOfWork(create_session_factory(engine)) as uow:
        products = await uow.products.get_many([product.id for product, _ in items])
        order = Order.place(customer, [(products[p.id], quantity) for p, quantity in items])
        if not with_event:
            order.collect_events()  # dropped: the test wants no outbox row for it
        await uow.stock.move(order.stock_taken())
        uow.orders.add(order)
        await uow.commit()
    return order


async def bulk_orders(engine: AsyncEngine, count: int, lines_per_order: int = 2) -> Customer:
    """`count` placed orders of one new customer, a second apart, written in two statements:
    the way to get 100,000 orders in seconds for the export's memory checks."""
    customer = await add_customer(engine)
    product = await add_product(engine, stock=0)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO orders (id, customer_id, status, total_minor, currency, created_at) "
                "SELECT gen_random_uuid(), :customer, 'placed', :lines * 1250, 'EUR', "
                "       now() - make_interval(secs => i) "
                "FROM generate_series(1, :count) AS i"
            ),
            {"customer": customer.id, "lines": lines_per_order, "count": count},
        )
        await connection.execute(
            text(
                "INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price_minor) "
                "SELECT gen_random_uuid(), o.id, :product, 1, 1250 "
                "FROM orders o CROSS JOIN generate_series(1, :lines) "
                "WHERE o.customer_id = :customer"
            ),
            {"customer": customer.id, "product": product.id, "lines": lines_per_order},
        )
    return customer


async def subscribed_shop(
    database_url: str, receiver_url: str, stocks: tuple[int, ...] = (5,)
) -> list[Product]:
    """A webhook subscription to `order.placed` at `receiver_url` (signed with WEBHOOK_SECRET)
    and a product per stock given, in the database at `database_url`: what an external test
    of order delivery starts from."""
    engine = create_async_engine(database_url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            uow.webhooks.add(
                WebhookSubscription.create(
                    url=receiver_url, event_types=["order.placed"], secret=WEBHOOK_SECRET
                )
            )
            await uow.commit()
        return [await add_product(engine, stock=stock) for stock in stocks]
    finally:
        await engine.dispose()


async def dead_delivery(engine: AsyncEngine) -> WebhookDelivery:
    """A delivery that used up its attempts, as the worker leaves one."""
    order = await add_order(engine, await add_customer(engine), [(await add_product(engine), 1)])
    now = datetime.now(UTC)
    async with UnitOfWork(create_session_factory(engine)) as uow:
        subscription = WebhookSubscription.create(
            url="https://receiver.example/hooks",
            event_types=["order.placed"],
            secret=WEBHOOK_SECRET,
        )
        event = OutboxEvent.new(EventType.ORDER_PLACED, {"order_id": str(order.id)})
        uow.webhooks.add(subscription)
        uow.outbox.add(event)
        await uow.flush()
        delivery = WebhookDelivery(
            id=event.id,
            subscription_id=subscription.id,
            event_id=event.id,
            event_type=event.type,
            status="pending",
            attempts=0,
            next_attempt_at=now,
        )
        uow.session.add(delivery)
        await uow.flush()
        delivery.failed("receiver answered 503", None, now)
        uow.webhooks.add_attempt(
            DeliveryAttempt.record(delivery.id, now, 503, timedelta(milliseconds=12), "busy")
        )
        await uow.commit()
    return delivery
