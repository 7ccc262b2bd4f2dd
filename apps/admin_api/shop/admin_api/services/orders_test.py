import uuid

import pytest

from shop.admin_api.services.orders import CancelOrder, FulfilOrder
from shop.admin_api.services.ports import UnitOfWorkFactory
from shop.core.errors import ConflictError
from shop.entities import Order, Product, StaffAccess, StaffRole
from shop.entities.base import utc_now
from shop.testing.data import new_customer
from shop.testing.fake_uow import Store

OPERATOR = StaffAccess(uuid.uuid4(), StaffRole.OPERATOR, active=True)


def placed(store: Store, quantity: int = 2) -> tuple[Order, Product]:
    product = Product.create(sku="MUG", name="Mug", price_minor=1250, currency="EUR", stock=10)
    order = Order.place(new_customer(), [(product, quantity)])
    order.collect_events()  # placed earlier: its event was written then
    product.adjust_stock(-quantity)
    order.created_at = utc_now()  # what the database sets when the order is stored
    store.products[product.id], store.orders[order.id] = product, order
    return order, product


async def test_a_cancellation_gives_the_stock_back_with_an_event_and_an_audit_entry(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    order, product = placed(store)

    after = await CancelOrder(uow).execute(OPERATOR, order.id)

    assert after["status"] == "cancelled"
    assert product.stock == 10
    assert [event.type for event in store.events] == ["order.cancelled"]
    assert [(e.action, e.before["status"]) for e in store.audit] == [  # type: ignore[index]
        ("order.cancel", "placed")
    ]


async def test_only_a_placed_order_moves_on(store: Store, uow: UnitOfWorkFactory) -> None:
    order, _ = placed(store)
    await FulfilOrder(uow).execute(OPERATOR, order.id)

    with pytest.raises(ConflictError):
        await CancelOrder(uow).execute(OPERATOR, order.id)
    assert [event.type for event in store.events] == ["order.fulfilled"]
