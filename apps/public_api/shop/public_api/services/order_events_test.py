import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator

import pytest

from shop.core.errors import NotFoundError
from shop.entities import Product
from shop.public_api.services.order_events import WatchOrder
from shop.public_api.services.orders import CancelOrder, PlaceOrder, WantedLine
from shop.public_api.services.ports import UnitOfWorkFactory
from shop.testing.data import new_customer
from shop.testing.fake_uow import Store

ACCOUNT = new_customer()
CUSTOMER = ACCOUNT.id


class FakeFeed:
    def __init__(self) -> None:
        self.queues: dict[uuid.UUID, asyncio.Queue[None]] = {}

    @contextlib.asynccontextmanager
    async def subscribe(self, order_id: uuid.UUID) -> AsyncIterator[asyncio.Queue[None]]:
        self.queues[order_id] = asyncio.Queue()
        try:
            yield self.queues[order_id]
        finally:
            del self.queues[order_id]


async def placed(store: Store, uow: UnitOfWorkFactory) -> uuid.UUID:
    product = Product.create(sku="S", name="Mug", price_minor=100, currency="EUR", stock=5)
    store.products[product.id] = product
    store.customers[CUSTOMER] = ACCOUNT
    reply = await PlaceOrder(uow).execute(CUSTOMER, "k", [WantedLine(product.id, 1)])
    return uuid.UUID(reply.body["id"])


async def test_the_stream_starts_with_the_status_and_ends_at_a_final_one(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    order_id = await placed(store, uow)
    feed = FakeFeed()
    stream = await WatchOrder(uow, feed).open(CUSTOMER, order_id)

    first = await anext(stream)
    await CancelOrder(uow).execute(CUSTOMER, order_id)
    feed.queues[order_id].put_nowait(None)
    rest = [update.status async for update in stream]

    assert (first.status, rest) == ("placed", ["cancelled"])
    assert feed.queues == {}  # the subscription ended with the stream


async def test_a_wake_up_after_missed_changes_catches_up_with_the_current_status(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    order_id = await placed(store, uow)
    feed = FakeFeed()
    stream = await WatchOrder(uow, feed).open(CUSTOMER, order_id)
    first = await anext(stream)

    # Changed while the feed was not listening: no notification, only the feed's wake-up
    # once it listens again.
    store.orders[order_id].fulfil()
    store.orders[order_id].version += 1  # as the database would count the change
    feed.queues[order_id].put_nowait(None)
    rest = [(update.status, update.version) async for update in stream]

    assert rest == [("fulfilled", first.version + 1)]


async def test_wake_ups_without_a_change_send_nothing(store: Store, uow: UnitOfWorkFactory) -> None:
    order_id = await placed(store, uow)
    feed = FakeFeed()
    stream = await WatchOrder(uow, feed).open(CUSTOMER, order_id)
    await anext(stream)

    for _ in range(3):
        feed.queues[order_id].put_nowait(None)
    await CancelOrder(uow).execute(CUSTOMER, order_id)
    feed.queues[order_id].put_nowait(None)

    assert [update.status async for update in stream] == ["cancelled"]


async def test_a_resumed_stream_skips_what_the_client_has_seen(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    order_id = await placed(store, uow)
    seen = store.orders[order_id].version
    feed = FakeFeed()
    stream = await WatchOrder(uow, feed).open(CUSTOMER, order_id, seen_version=seen)

    waiting = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0)
    assert not waiting.done()  # nothing newer than what the client saw
    await CancelOrder(uow).execute(CUSTOMER, order_id)
    feed.queues[order_id].put_nowait(None)

    assert (await waiting).status == "cancelled"


async def test_a_final_order_streams_its_status_once(store: Store, uow: UnitOfWorkFactory) -> None:
    order_id = await placed(store, uow)
    await CancelOrder(uow).execute(CUSTOMER, order_id)

    stream = await WatchOrder(uow, FakeFeed()).open(CUSTOMER, order_id)

    assert [update.status async for update in stream] == ["cancelled"]


async def test_someone_elses_order_cannot_be_watched(store: Store, uow: UnitOfWorkFactory) -> None:
    order_id = await placed(store, uow)

    with pytest.raises(NotFoundError):
        await WatchOrder(uow, FakeFeed()).open(uuid.uuid4(), order_id)
