"""The database's part of an app's telemetry: its statements as spans (when tracing is on) and
its pools as gauges.

One instrumentation covers both pools: SQLAlchemy's engine talks to PostgreSQL through asyncpg,
as the read pool does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from shop.core.telemetry import Telemetry


class PoolStats(Protocol):
    """A connection pool's state now: what the gauges read at each scrape."""

    def size(self) -> int: ...

    def in_use(self) -> int: ...

    def waiting(self) -> int: ...

    def limit(self) -> int: ...


class PoolMetrics(Collector):
    """`db_pool_connections`, `db_pool_in_use`, `db_pool_waiting`, `db_pool_limit` by pool."""

    def __init__(self, pools: Mapping[str, PoolStats]) -> None:
        self._pools = pools

    def collect(self) -> Iterator[Metric]:
        families = {
            "size": GaugeMetricFamily(
                "db_pool_connections", "Connections the pool holds open.", labels=["pool"]
            ),
            "in_use": GaugeMetricFamily(
                "db_pool_in_use", "Connections lent out now.", labels=["pool"]
            ),
            "waiting": GaugeMetricFamily(
                "db_pool_waiting", "Callers waiting for a connection now.", labels=["pool"]
            ),
            "limit": GaugeMetricFamily(
                "db_pool_limit", "Most connections the pool may open.", labels=["pool"]
            ),
        }
        for name, pool in self._pools.items():
            for reading, family in families.items():
                family.add_metric([name], getattr(pool, reading)())
        yield from families.values()


def watch_database(telemetry: Telemetry, pools: Mapping[str, PoolStats]) -> None:
    telemetry.registry.register(PoolMetrics(pools))
    if telemetry.traced:
        from opentelemetry.instrumentation.asyncpg import (  # noqa: PLC0415 - tracing only
            AsyncPGInstrumentor,
        )

        instrumentor = AsyncPGInstrumentor()  # type: ignore[no-untyped-call]
        if not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument(tracer_provider=telemetry.tracer_provider)
