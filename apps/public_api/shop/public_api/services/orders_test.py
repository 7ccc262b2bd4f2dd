import uuid

import pytest

from shop.core.errors import (
    ConflictError,
    NotFoundError,
    UnauthenticatedError,
    ValidationFailedError,
)
from shop.entities import Product
from shop.public_api.services.orders import (
    CancelOrder,
    CustomerOrders,
    PlaceOrder,
    WantedLine,
)
from shop.public_api.services.ports import UnitOfWorkFactory
from shop.testing.data import new_customer
from shop.testing.fake_uow import Store

ACCOUNT, OTHER_ACCOUNT = new_customer(), new_customer()
OTHER = OTHER_ACCOUNT.id
CUSTOMER = ACCOUNT.id


def stocked(store: Store, stock: int = 5, price: int = 1000) -> Product:
    product = Product.create(
        sku=f"S-{stock}", name="Mug", price_minor=price, currency="EUR", stock=stock
    )
    store.products[product.id] = product
    return product


@pytest.fixture(autouse=True)
def _accounts(store: Store) -> None:
    """The two customers' accounts, which placing an order reads."""
    store.customers.update({ACCOUNT.id: ACCOUNT, OTHER: OTHER_ACCOUNT})


async def test_placing_takes_stock_records_the_event_and_the_reply(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    product = stocked(store, stock=5)

    reply = await PlaceOrder(uow).execute(CUSTOMER, "k1", [WantedLine(product.id, 2)])

    assert reply.status == 201
    assert reply.body["total_minor"] == 2000
    assert product.stock == 3
    assert [event.type for event in store.events] == ["order.placed"]
    assert store.records[CUSTOMER, "k1"].response_body == reply.body


async def test_a_retry_gets_the_first_reply_and_changes_nothing(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    product = stocked(store, stock=5)
    place = PlaceOrder(uow)

    first = await place.execute(CUSTOMER, "k1", [WantedLine(product.id, 2)])
    second = await place.execute(CUSTOMER, "k1", [WantedLine(product.id, 2)])

    assert second == first
    assert product.stock == 3
    assert len(store.orders) == 1


async def test_the_same_key_for_another_request_is_a_conflict(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    product = stocked(store)
    place = PlaceOrder(uow)
    await place.execute(CUSTOMER, "k1", [WantedLine(product.id, 1)])

    with pytest.raises(ConflictError, match="different request"):
        await place.execute(CUSTOMER, "k1", [WantedLine(product.id, 2)])


async def test_keys_are_per_customer(store: Store, uow: UnitOfWorkFactory) -> None:
    product = stocked(store)
    place = PlaceOrder(uow)

    mine = await place.execute(CUSTOMER, "k1", [WantedLine(product.id, 1)])
    theirs = await place.execute(OTHER, "k1", [WantedLine(product.id, 1)])

    assert mine.body["id"] != theirs.body["id"]


async def test_an_unknown_product_is_a_validation_error(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    with pytest.raises(ValidationFailedError, match="do not exist"):
        await PlaceOrder(uow).execute(CUSTOMER, "k1", [WantedLine(uuid.uuid4(), 1)])
    assert store.orders == {}


async def test_cancelling_returns_stock_and_raises_the_event(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    product = stocked(store, stock=5)
    placed = await PlaceOrder(uow).execute(CUSTOMER, "k1", [WantedLine(product.id, 4)])

    cancelled = await CancelOrder(uow).execute(CUSTOMER, uuid.UUID(placed.body["id"]))

    assert cancelled["status"] == "cancelled"
    assert product.stock == 5
    assert [e.type for e in store.events] == ["order.placed", "order.cancelled"]


async def test_another_customers_order_is_not_found(store: Store, uow: UnitOfWorkFactory) -> None:
    product = stocked(store)
    placed = await PlaceOrder(uow).execute(CUSTOMER, "k1", [WantedLine(product.id, 1)])
    order_id = uuid.UUID(placed.body["id"])

    with pytest.raises(NotFoundError):
        await CancelOrder(uow).execute(OTHER, order_id)
    with pytest.raises(NotFoundError):
        await CustomerOrders(uow).get(OTHER, order_id)
    assert (await CustomerOrders(uow).list(OTHER, None, 10)).items == []


async def test_a_suspended_or_unknown_account_places_nothing(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    product = stocked(store)
    ACCOUNT.suspend()
    try:
        with pytest.raises(UnauthenticatedError, match="suspended"):
            await PlaceOrder(uow).execute(CUSTOMER, "k1", [WantedLine(product.id, 1)])
    finally:
        ACCOUNT.reactivate()
    with pytest.raises(UnauthenticatedError, match="no longer exists"):
        await PlaceOrder(uow).execute(uuid.uuid4(), "k2", [WantedLine(product.id, 1)])

    assert (product.stock, store.orders, store.records) == (5, {}, {})


async def test_a_retry_after_the_product_was_archived_still_gets_its_first_reply(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    product = stocked(store)
    placed = await PlaceOrder(uow).execute(CUSTOMER, "k1", [WantedLine(product.id, 1)])
    product.archive()

    again = await PlaceOrder(uow).execute(CUSTOMER, "k1", [WantedLine(product.id, 1)])

    assert again == placed
