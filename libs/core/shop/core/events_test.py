import asyncio
import uuid
from collections.abc import Sequence

import pytest

from shop.core.events import (
    Event,
    EventDispatcher,
    ListenerCycleError,
    ListenersFailedError,
    UnknownListenerError,
)

PLACED = Event("order.placed", {"order_id": "o-1"})


class Journal:
    """Records when each listener started and finished, to check the layering."""

    def __init__(self) -> None:
        self.entries: list[str] = []
        self.batches: list[tuple[str, list[uuid.UUID]]] = []

    def listener(self, name: str, fails: bool = False):  # type: ignore[no-untyped-def]
        async def handle(events: Sequence[Event]) -> None:
            self.batches.append((name, [event.id for event in events]))
            self.entries.append(f"start {name}")
            await asyncio.sleep(0.01)
            if fails:
                raise RuntimeError(name)
            self.entries.append(f"end {name}")

        return handle


async def test_dependents_run_after_their_dependencies_and_peers_run_together() -> None:
    journal, dispatcher = Journal(), EventDispatcher()
    dispatcher.register("summary", journal.listener("summary"), ["order.placed"], after=["sales"])
    dispatcher.register("sales", journal.listener("sales"), ["order.placed"])
    dispatcher.register("audit", journal.listener("audit"), ["order.placed"])

    await dispatcher.publish(PLACED)

    assert dispatcher.layers("order.placed") == [["audit", "sales"], ["summary"]]
    assert journal.entries[:2] == ["start audit", "start sales"]  # concurrently
    assert journal.entries.index("start summary") > journal.entries.index("end sales")


async def test_only_interested_listeners_run() -> None:
    journal, dispatcher = Journal(), EventDispatcher()
    dispatcher.register("sales", journal.listener("sales"), ["order.placed"])
    dispatcher.register("refunds", journal.listener("refunds"), ["order.cancelled"])

    await dispatcher.publish(PLACED)

    assert journal.entries == ["start sales", "end sales"]


def test_a_cycle_is_refused_at_registration_and_leaves_the_graph_as_it_was() -> None:
    dispatcher = EventDispatcher()
    dispatcher.register("a", Journal().listener("a"), ["x"], after=["c"])
    dispatcher.register("b", Journal().listener("b"), ["x"], after=["a"])

    with pytest.raises(
        ListenerCycleError, match=r"a -> b -> c -> a|c -> a -> b -> c|b -> c -> a -> b"
    ):
        dispatcher.register("c", Journal().listener("c"), ["x"], after=["b"])

    dispatcher.register("c", Journal().listener("c"), ["x"])
    assert dispatcher.layers("x") == [["c"], ["a"], ["b"]]


def test_a_listener_cannot_depend_on_itself() -> None:
    with pytest.raises(ListenerCycleError):
        EventDispatcher().register("a", Journal().listener("a"), ["x"], after=["a"])


async def test_publishing_with_an_unregistered_dependency_fails_clearly() -> None:
    dispatcher = EventDispatcher()
    dispatcher.register("a", Journal().listener("a"), ["x"], after=["ghost"])

    with pytest.raises(UnknownListenerError, match="ghost"):
        await dispatcher.publish(Event("x", {}))


async def test_a_failure_stops_the_later_layers_and_names_the_listener() -> None:
    journal, dispatcher = Journal(), EventDispatcher()
    dispatcher.register("sales", journal.listener("sales", fails=True), ["order.placed"])
    dispatcher.register("summary", journal.listener("summary"), ["order.placed"], after=["sales"])

    with pytest.raises(ListenersFailedError, match="sales") as raised:
        await dispatcher.publish(PLACED)

    assert "start summary" not in journal.entries
    assert isinstance(raised.value.failures["sales"], RuntimeError)


async def test_a_batch_reaches_each_listener_once_with_the_events_of_its_types() -> None:
    journal, dispatcher = Journal(), EventDispatcher()
    dispatcher.register("sales", journal.listener("sales"), ["order.placed", "order.cancelled"])
    dispatcher.register("refunds", journal.listener("refunds"), ["order.cancelled"])
    dispatcher.register("summary", journal.listener("summary"), ["order.placed"], after=["sales"])
    placed, cancelled = Event("order.placed", {}), Event("order.cancelled", {})

    await dispatcher.publish_many([placed, cancelled, Event("order.fulfilled", {})])

    assert sorted(journal.batches) == [
        ("refunds", [cancelled.id]),
        ("sales", [placed.id, cancelled.id]),
        ("summary", [placed.id]),
    ]
    assert journal.entries.index("start summary") > journal.entries.index("end sales")
