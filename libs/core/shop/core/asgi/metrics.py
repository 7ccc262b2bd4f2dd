"""Prometheus metrics for any ASGI app: requests and latency by route template and status.

Framework-free: the template comes from what the framework leaves in the ASGI scope (Litestar's
`path_template`, Starlette/FastAPI's matched `route`), so `/v1/orders/{order_id}` is one series,
not one per order.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest

from shop.core.asgi.types import Scope

UNMATCHED = "<unmatched>"
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


def route_template(scope: Scope) -> str:
    template = scope.get("path_template")
    if isinstance(template, str):
        return template
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else UNMATCHED


class HttpMetrics:
    """One app's metrics, on its own registry (so several apps can live in one process)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        # A plain counter the edge moves and a scrape reads: a Gauge's inc/dec take a lock each,
        # twice per request.
        self.in_flight = 0
        Gauge(
            "http_requests_in_flight",
            "HTTP requests being answered now.",
            registry=self.registry,
        ).set_function(lambda: self.in_flight)
        self.requests = Counter(
            "http_requests",
            "HTTP requests by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency by method, route template and status.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        # The labelled children, looked up once per series: `labels()` validates and locks on
        # every call, a cost every request would pay.
        self._series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        series = self._series.get((method, route, status))
        if series is None:
            labels = (method, route, str(status))
            series = (self.requests.labels(*labels), self.latency.labels(*labels))
            self._series[method, route, status] = series
        series[0].inc()
        series[1].observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
