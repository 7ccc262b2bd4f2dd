"""The one-statement placement on PostgreSQL: what it writes is what the entity decided, and a
placement that cannot be served in full writes nothing at all."""

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.queries import OrderFilter
from shop.connectors.db.repositories import KeyedReply, Placement
from shop.core.errors import ConflictError
from shop.entities import EventType, Order
from shop.entities.snapshots import order_event
from shop.testing.data import add_customer, add_product, units_of_work

pytestmark = pytest.mark.integrated


def keyed(customer_id: uuid.UUID, body: dict[str, str] | None = None) -> KeyedReply:
    return KeyedReply(customer_id, uuid.uuid4().hex, "hash", 201, body or {"placed": "yes"})


async def test_the_order_its_lines_its_event_and_the_key_s_reply_are_the_entity_s(
    engine: AsyncEngine,
) -> None:
    customer, mug, tea = (
        await add_customer(engine),
        await add_product(engine),
        await add_product(engine, price_minor=499),
    )
    units = units_of_work(engine)
    async with units() as uow:
        buyer, products = await uow.placements.buyer_and_products(customer.id, [mug.id, tea.id])
        assert buyer is not None
        order = Order.place(buyer, [(products[mug.id], 2), (products[tea.id], 1)])
        expected = order_event(EventType.ORDER_PLACED, order).payload
        reply = keyed(customer.id, {"id": str(order.id)})
        outcome = await uow.placements.place(order, reply)
        await uow.commit()

    async with engine.connect() as connection:
        stored = (
            await connection.execute(
                text(
                    "SELECT o.total_minor, o.currency, o.created_at,"
                    " (SELECT count(*) FROM order_lines WHERE order_id = o.id) AS lines,"
                    " (SELECT payload FROM outbox_events"
                    "   WHERE payload->>'order_id' = CAST(o.id AS text)) AS payload,"
                    " (SELECT response_body FROM idempotency_records"
                    "   WHERE customer_id = o.customer_id AND key = :key) AS reply,"
                    " (SELECT stock FROM products WHERE id = :mug) AS mugs"
                    " FROM orders o WHERE o.id = :order"
                ),
                {"key": reply.key, "mug": mug.id, "order": order.id},
            )
        ).one()

    assert outcome is Placement.PLACED
    assert (stored.total_minor, stored.currency, stored.lines) == (2 * 1250 + 499, "EUR", 2)
    assert stored.created_at == order.created_at
    assert stored.payload == expected  # the entity's event, customer included
    assert stored.payload["customer"] == {"email": customer.email, "name": customer.name}
    assert stored.reply == reply.body
    assert stored.mugs == mug.stock - 2


async def test_a_placement_short_of_one_line_takes_no_stock_from_the_others(
    engine: AsyncEngine,
) -> None:
    customer = await add_customer(engine)
    plenty, scarce = await add_product(engine, stock=9), await add_product(engine, stock=1)
    units = units_of_work(engine)
    async with units() as uow:
        buyer, products = await uow.placements.buyer_and_products(
            customer.id, [plenty.id, scarce.id]
        )
        assert buyer is not None
        order = Order.place(buyer, [(products[plenty.id], 3), (products[scarce.id], 2)])
        outcome = await uow.placements.place(order, keyed(customer.id))
        with pytest.raises(ConflictError, match="Not enough stock"):
            await uow.stock.explain_refusal(order.stock_taken())
    async with units() as uow:
        _, after = await uow.placements.buyer_and_products(customer.id, [plenty.id, scarce.id])
        orders = await uow.orders.list(OrderFilter(customer_id=customer.id))

    assert outcome is Placement.REFUSED
    assert (after[plenty.id].stock, after[scarce.id].stock) == (9, 1)
    assert orders.items == []


async def test_a_price_changed_after_pricing_is_refused_and_nothing_stands_in_the_way_after(
    engine: AsyncEngine,
) -> None:
    customer, mug = await add_customer(engine), await add_product(engine, stock=5)
    units = units_of_work(engine)
    async with units() as uow:
        buyer, products = await uow.placements.buyer_and_products(customer.id, [mug.id])
        assert buyer is not None
        order = Order.place(buyer, [(products[mug.id], 1)])
    async with engine.begin() as connection:  # staff change the price meanwhile
        await connection.execute(
            text("UPDATE products SET price_minor = 1500 WHERE id = :id"), {"id": mug.id}
        )
    async with units() as uow:
        outcome = await uow.placements.place(order, keyed(customer.id))
        await uow.stock.explain_refusal(order.stock_taken())  # nothing to say: price again
        _, after = await uow.placements.buyer_and_products(customer.id, [mug.id])

    assert outcome is Placement.REFUSED
    assert after[mug.id].stock == 5
    assert after[mug.id].price_minor == 1500


async def test_an_unknown_account_is_no_buyer(engine: AsyncEngine) -> None:
    mug = await add_product(engine)
    async with units_of_work(engine)() as uow:
        buyer, products = await uow.placements.buyer_and_products(uuid.uuid4(), [mug.id])

    assert (buyer, products) == (None, {})
