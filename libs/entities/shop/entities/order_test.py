import pytest

from shop.core.errors import ConflictError, ValidationFailedError
from shop.entities import Customer, Order, OrderStatus, Product, StockMovement

CUSTOMER = Customer.register(email="cy@example.com", name="Cy", password_hash="unused")


def product(sku: str, price: int, currency: str = "EUR") -> Product:
    return Product.create(sku=sku, name=sku, price_minor=price, currency=currency, stock=10)


def test_placing_prices_the_lines_and_totals_the_order() -> None:
    mug, tea = product("MUG", 1250), product("TEA", 499)

    order = Order.place(CUSTOMER, [(mug, 2), (tea, 3)])

    assert order.status == OrderStatus.PLACED
    assert order.total_minor == 2 * 1250 + 3 * 499
    assert [(line.product_id, line.unit_price_minor) for line in order.lines] == [
        (mug.id, 1250),
        (tea.id, 499),
    ]
    assert order.stock_taken() == [StockMovement(mug.id, -2), StockMovement(tea.id, -3)]


@pytest.mark.parametrize(
    "items",
    [
        [],
        [(product("A", 1), 0)],
        [(product("A", 1, "EUR"), 1), (product("B", 1, "USD"), 1)],
    ],
    ids=["no lines", "zero quantity", "mixed currencies"],
)
def test_invalid_orders_are_refused(items: list[tuple[Product, int]]) -> None:
    with pytest.raises(ValidationFailedError):
        Order.place(CUSTOMER, items)


def test_the_same_product_twice_is_refused() -> None:
    mug = product("MUG", 1)

    with pytest.raises(ValidationFailedError, match="twice"):
        Order.place(CUSTOMER, [(mug, 1), (mug, 2)])


def test_an_archived_product_cannot_be_ordered() -> None:
    mug = product("MUG", 1)
    mug.archive()

    with pytest.raises(ValidationFailedError, match="archived"):
        Order.place(CUSTOMER, [(mug, 1)])


def test_a_placed_order_can_be_fulfilled_once() -> None:
    order = Order.place(CUSTOMER, [(product("MUG", 1), 1)])

    order.fulfil()

    assert order.status == OrderStatus.FULFILLED
    with pytest.raises(ConflictError):
        order.fulfil()
    with pytest.raises(ConflictError):
        order.cancel()


def test_cancelling_gives_the_stock_back() -> None:
    mug = product("MUG", 1)
    order = Order.place(CUSTOMER, [(mug, 4)])

    returned = order.cancel()

    assert order.status == OrderStatus.CANCELLED
    assert returned == [StockMovement(mug.id, 4)]
    with pytest.raises(ConflictError, match="only a placed order"):
        order.fulfil()


def test_each_change_records_its_event_once_and_a_refused_one_records_none() -> None:
    order = Order.place(CUSTOMER, [(product("MUG", 1), 2)])
    placed = order.collect_events()
    order.fulfil()
    with pytest.raises(ConflictError):
        order.cancel()

    fulfilled = order.collect_events()

    assert [(e.type, e.payload["status"]) for e in placed] == [("order.placed", "placed")]
    assert [(e.type, e.payload["status"]) for e in fulfilled] == [("order.fulfilled", "fulfilled")]
    assert order.collect_events() == []
