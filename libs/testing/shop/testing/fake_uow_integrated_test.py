"""One contract, two units of work: each test runs against the in-memory fake the use cases'
unit tests use and against the real one on PostgreSQL, so the fake cannot promise what the
database does not keep (or keep what it refuses)."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.queries import OrderFilter
from shop.connectors.db.repositories import KeyedReply, Placement
from shop.core.errors import ConflictError, NotFoundError, ValidationFailedError
from shop.entities import Customer, Order, Product, StockMovement
from shop.testing.data import units_of_work
from shop.testing.fake_uow import FakeUnitOfWork, Store

pytestmark = pytest.mark.integrated

Units = Callable[[], Any]  # a unit of work factory, of either kind


@pytest.fixture(params=["in-memory", "postgresql"])
def units(request: pytest.FixtureRequest) -> Units:
    if request.param == "in-memory":
        store = Store()
        return lambda: FakeUnitOfWork(store)
    engine: AsyncEngine = request.getfixturevalue("engine")
    return units_of_work(engine)


def a_product(stock: int = 5) -> Product:
    sku = f"SKU-{uuid.uuid4().hex[:8]}"
    return Product.create(sku=sku, name="Mug", price_minor=1250, currency="EUR", stock=stock)


def a_customer() -> Customer:
    email = f"c-{uuid.uuid4().hex[:8]}@example.com"
    return Customer.register(email=email, name="Cy", password_hash="not-a-hash")


async def saved(units: Units, *items: Product | Customer | Order) -> None:
    async with units() as uow:
        for item in items:
            {Product: uow.products, Customer: uow.customers, Order: uow.orders}[type(item)].add(
                item
            )
        await uow.commit()


async def test_additions_are_kept_only_when_committed(units: Units) -> None:
    kept, dropped = a_product(), a_product()
    async with units() as uow:
        uow.products.add(dropped)
    await saved(units, kept)

    async with units() as uow:
        found = await uow.products.get_many([kept.id, dropped.id])

    assert list(found) == [kept.id]


async def test_an_unknown_id_is_not_found(units: Units) -> None:
    async with units() as uow:
        with pytest.raises(NotFoundError):
            await uow.products.get_for_update(uuid.uuid4())
        with pytest.raises(NotFoundError):
            await uow.customers.get(uuid.uuid4())
        with pytest.raises(NotFoundError):
            await uow.stock.move([StockMovement(uuid.uuid4(), -1)])


async def test_a_customer_is_found_by_email_whatever_its_case(units: Units) -> None:
    customer = a_customer()
    await saved(units, customer)

    async with units() as uow:
        found = await uow.customers.by_email(customer.email.upper())
        nobody = await uow.customers.by_email("nobody@example.com")

    assert (found.id if found else None, nobody) == (customer.id, None)


async def test_stock_is_never_taken_below_zero_nor_from_an_archived_product(units: Units) -> None:
    product, archived = a_product(stock=2), a_product(stock=9)
    archived.archive()
    await saved(units, product, archived)

    async with units() as uow:
        with pytest.raises(ConflictError):
            await uow.stock.move([StockMovement(product.id, -3)])
    async with units() as uow:
        with pytest.raises(ValidationFailedError):
            await uow.stock.move([StockMovement(archived.id, -1)])
    async with units() as uow:
        await uow.stock.move([StockMovement(product.id, -2)])
        await uow.commit()
    async with units() as uow:
        left = (await uow.products.get_many([product.id]))[product.id].stock

    assert left == 0


async def test_a_customer_sees_only_their_own_orders(units: Units) -> None:
    product, owner, stranger = a_product(), a_customer(), a_customer()
    await saved(units, product, owner, stranger)
    order = Order.place(owner, [(product, 1)])
    await saved(units, order)

    async with units() as uow:
        mine = await uow.orders.get(order.id, customer_id=owner.id)
        with pytest.raises(NotFoundError):
            await uow.orders.get(order.id, customer_id=stranger.id)

    assert mine.id == order.id


async def test_a_placement_claims_its_key_once_and_keeps_its_reply(units: Units) -> None:
    product, customer = a_product(stock=5), a_customer()
    await saved(units, product, customer)
    reply = KeyedReply(customer.id, "key-1", "hash", 201, {"id": "order"})

    async with units() as uow:
        first = await uow.placements.place(Order.place(customer, [(product, 2)]), reply)
        await uow.commit()
    async with units() as uow:
        again = await uow.placements.place(Order.place(customer, [(product, 2)]), reply)
        record = await uow.idempotency.get(customer.id, "key-1")
        left = (await uow.products.get_many([product.id]))[product.id].stock
        orders = await uow.orders.list(OrderFilter(customer_id=customer.id))

    assert (first, again) == (Placement.PLACED, Placement.KEY_USED)
    assert record is not None
    assert (record.response_status, record.response_body) == (201, {"id": "order"})
    assert left == 3
    assert len(orders.items) == 1


async def test_a_placement_that_cannot_be_served_writes_nothing_and_is_explained(
    units: Units,
) -> None:
    plenty, scarce, customer = a_product(stock=5), a_product(stock=1), a_customer()
    await saved(units, plenty, scarce, customer)
    order = Order.place(customer, [(plenty, 2), (scarce, 2)])
    reply = KeyedReply(customer.id, "key-1", "hash", 201, {"id": "order"})

    async with units() as uow:
        placed = await uow.placements.place(order, reply)
        with pytest.raises(ConflictError, match="Not enough stock"):
            await uow.stock.explain_refusal(order.stock_taken())
    async with units() as uow:
        stock = await uow.products.get_many([plenty.id, scarce.id])
        record = await uow.idempotency.get(customer.id, "key-1")

    assert placed == Placement.REFUSED
    assert (stock[plenty.id].stock, stock[scarce.id].stock) == (5, 1)
    assert record is None


async def test_a_taken_email_is_refused_in_the_same_words(units: Units) -> None:
    customer = a_customer()
    await saved(units, customer)
    twin = Customer.register(email=customer.email, name="Twin", password_hash="not-a-hash")

    with pytest.raises(ConflictError, match="An account with this email exists already"):
        await saved(units, twin)


async def test_a_cancelled_order_gives_its_stock_back_once(units: Units) -> None:
    product, customer = a_product(stock=5), a_customer()
    await saved(units, product, customer)
    order = Order.place(customer, [(product, 2)])
    async with units() as uow:
        await uow.stock.move(order.stock_taken())
        uow.orders.add(order)
        await uow.commit()

    async with units() as uow:
        await uow.orders.cancel(await uow.orders.get_for_update(order.id))
        await uow.commit()
    async with units() as uow:
        with pytest.raises(ConflictError):
            await uow.orders.cancel(await uow.orders.get_for_update(order.id))
    async with units() as uow:
        left = (await uow.products.get_many([product.id]))[product.id].stock

    assert left == 5
