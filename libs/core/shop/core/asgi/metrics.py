"""Prometheus metrics for any ASGI app: requests and latency by route template and status.

Framework-free: the template comes from what the framework leaves in the ASGI scope (Litestar's
`path_template`, Starlette/FastAPI's matched `route`), so `/v1/orders/{order_id}` is one series,
not one per order. The middleware also serves the registry at `/metrics`.
"""

from __future__ import annotations

import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import generate_latest

from shop.core.asgi.responses import ResponseWatcher, send_response
from shop.core.asgi.types import ASGIApp, Receive, Scope, Send

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

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, metrics: HttpMetrics, path: str = "/metrics") -> None:
        self.app = app
        self.metrics = metrics
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == self.path and scope["method"] == "GET":
            await self._serve(send)
            return
        started = time.perf_counter()
        response = ResponseWatcher(send)
        try:
            await self.app(scope, receive, response)
        finally:
            labels = (scope["method"], route_template(scope), str(response.status))
            self.metrics.requests.labels(*labels).inc()
            self.metrics.latency.labels(*labels).observe(time.perf_counter() - started)

    async def _serve(self, send: Send) -> None:
        await send_response(send, 200, self.metrics.exposition(), CONTENT_TYPE_LATEST)
