import uuid

from shop.connectors.db.repositories import SalesChange, SummaryChange
from shop.core.events import Event
from shop.worker.services.listeners import (
    LISTENERS,
    customer_summary,
    dispatcher_for,
    product_sales,
)


class FakeProjections:
    """Claims and sums as the real statement does: only the changes of events the listener
    has not handled before."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, uuid.UUID]] = set()
        self.sales: dict[uuid.UUID, tuple[int, int]] = {}
        self.summaries: dict[uuid.UUID, tuple[int, int, int]] = {}

    def _claim(self, listener: str, event_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        fresh = {event_id for event_id in event_ids if (listener, event_id) not in self.seen}
        self.seen.update((listener, event_id) for event_id in fresh)
        return fresh

    async def add_sales(self, listener: str, changes: list[SalesChange]) -> None:
        fresh = self._claim(listener, [change.event_id for change in changes])
        for change in changes:
            if change.event_id in fresh:
                units, orders = self.sales.get(change.product_id, (0, 0))
                self.sales[change.product_id] = (units + change.units, orders + change.orders)

    async def add_to_summaries(self, listener: str, changes: list[SummaryChange]) -> None:
        fresh = self._claim(listener, [change.event_id for change in changes])
        for change in changes:
            if change.event_id in fresh:
                p, c, s = self.summaries.get(change.customer_id, (0, 0, 0))
                self.summaries[change.customer_id] = (
                    p + change.placed,
                    c + change.cancelled,
                    s + change.spent_minor,
                )


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.projections = FakeProjections()


PRODUCT, CUSTOMER = uuid.uuid4(), uuid.uuid4()


def order_event(event_type: str, quantity: int = 2) -> Event:
    payload = {
        "customer_id": str(CUSTOMER),
        "total_minor": 1000 * quantity,
        "lines": [{"product_id": str(PRODUCT), "quantity": quantity, "unit_price_minor": 1000}],
    }
    return Event(event_type, payload)


def test_the_summary_runs_after_the_sales_counter() -> None:
    dispatcher = dispatcher_for(FakeUnitOfWork())  # type: ignore[arg-type]

    assert dispatcher.layers("order.placed") == [["product_sales"], ["customer_summary"]]
    assert dispatcher.layers("order.fulfilled") == []
    assert [r.name for r in LISTENERS] == ["product_sales", "customer_summary"]


async def test_a_cancellation_undoes_a_placement_and_a_repeat_counts_once() -> None:
    uow = FakeUnitOfWork()
    placed, cancelled = order_event("order.placed", 3), order_event("order.cancelled", 3)

    for event in (placed, placed, cancelled):  # the placement relayed twice
        await product_sales(uow, [event])  # type: ignore[arg-type]
        await customer_summary(uow, [event])  # type: ignore[arg-type]

    assert uow.projections.sales[PRODUCT] == (0, 0)
    assert uow.projections.summaries[CUSTOMER] == (1, 1, 0)


async def test_a_batch_counts_each_new_event_once_in_one_change_per_row() -> None:
    uow = FakeUnitOfWork()
    first, second = order_event("order.placed", 2), order_event("order.placed", 5)

    await product_sales(uow, [first, second, first])  # type: ignore[arg-type]
    await product_sales(uow, [second])  # type: ignore[arg-type] # relayed again: nothing new
    await customer_summary(uow, [first, second])  # type: ignore[arg-type]

    assert uow.projections.sales[PRODUCT] == (7, 2)
    assert uow.projections.summaries[CUSTOMER] == (2, 0, 7000)
