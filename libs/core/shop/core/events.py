"""In-process publish/subscribe where listeners declare what they depend on.

The dispatcher keeps the listeners in a DAG (networkx). A registration that would close a cycle
is refused on the spot, naming the cycle. Publishing runs the listeners interested in the event
layer by layer in topological order: each layer concurrently, the next one only after the
previous one finished. If a listener fails, the layers after it do not run.

A listener takes a batch: `publish_many` hands each listener, once, the events of the batch it
is interested in (a relay of 200 events is then one call per listener, which a listener can
make one statement); `publish(event)` is a batch of one.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx


@dataclass(frozen=True)
class Event:
    type: str
    payload: Mapping[str, Any]
    id: uuid.UUID = field(default_factory=uuid.uuid4)


Handler = Callable[[Sequence[Event]], Awaitable[None]]


class ListenerCycleError(ValueError):
    pass


class UnknownListenerError(LookupError):
    pass


class ListenersFailedError(Exception):
    def __init__(self, events: Sequence[Event], failures: Mapping[str, BaseException]) -> None:
        names = ", ".join(sorted(failures))
        what = f"{events[0].type} {events[0].id}" if len(events) == 1 else f"{len(events)} events"
        super().__init__(f"listeners failed on {what}: {names}")
        self.events = list(events)
        self.failures = dict(failures)


@dataclass(frozen=True)
class _Listener:
    handler: Handler
    event_types: frozenset[str]


class EventDispatcher:
    def __init__(self) -> None:
        self._graph: nx.DiGraph[str] = nx.DiGraph()
        self._listeners: dict[str, _Listener] = {}

    def register(
        self,
        name: str,
        handler: Handler,
        event_types: Collection[str],
        after: Collection[str] = (),
    ) -> None:
        """Add a listener that runs after the listeners named in `after` (which may come later)."""
        if name in self._listeners:
            raise ValueError(f"a listener named {name!r} is already registered")
        if name in after:
            raise ListenerCycleError(f"listener {name!r} cannot run after itself")
        added_node = name not in self._graph
        self._graph.add_node(name)
        new_edges = [(dependency, name) for dependency in after]
        self._graph.add_edges_from(new_edges)
        if not nx.is_directed_acyclic_graph(self._graph):
            cycle = nx.find_cycle(self._graph)
            self._graph.remove_edges_from(new_edges)
            if added_node:
                self._graph.remove_node(name)
            path = " -> ".join([edge[0] for edge in cycle] + [cycle[0][0]])
            raise ListenerCycleError(f"registering {name!r} would close a cycle: {path}")
        self._listeners[name] = _Listener(handler, frozenset(event_types))

    def layers(self, event_type: str) -> list[list[str]]:
        """The listeners of `event_type`, grouped into layers that may run concurrently."""
        return self._layers({event_type})

    def _layers(self, event_types: Collection[str]) -> list[list[str]]:
        missing = sorted(set(self._graph) - set(self._listeners))
        if missing:
            raise UnknownListenerError(f"listeners depend on unregistered {missing}")
        wanted = set(event_types)
        return [
            sorted(name for name in generation if wanted & self._listeners[name].event_types)
            for generation in nx.topological_generations(self._graph)
            if any(wanted & self._listeners[name].event_types for name in generation)
        ]

    async def publish(self, event: Event) -> None:
        await self.publish_many([event])

    async def publish_many(self, events: Sequence[Event]) -> None:
        """Each interested listener once, with the events of its types, layer by layer."""
        for layer in self._layers({event.type for event in events}):
            results = await asyncio.gather(
                *(self._listeners[name].handler(self._of(name, events)) for name in layer),
                return_exceptions=True,
            )
            failures = {
                name: result
                for name, result in zip(layer, results, strict=True)
                if isinstance(result, BaseException)
            }
            if failures:
                raise ListenersFailedError(events, failures)

    def _of(self, name: str, events: Sequence[Event]) -> list[Event]:
        types = self._listeners[name].event_types
        return [event for event in events if event.type in types]
