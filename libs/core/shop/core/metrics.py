"""A process's Prometheus registry, and the small app that serves it on a port of its own.

Each app has its own registry (several apps can live in one test process), with what the
default registry would have had: process (CPU, memory, open files) and platform series, garbage
collection, plus the `build_info` of the build it runs.
"""

from __future__ import annotations

import orjson
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    GCCollector,
    PlatformCollector,
    ProcessCollector,
)
from prometheus_client.exposition import generate_latest

from shop.core.asgi.responses import send_response
from shop.core.asgi.types import ASGIApp, Receive, Scope, Send
from shop.core.build import BuildInfo
from shop.core.errors import PROBLEM_CONTENT_TYPE, http_status_problem

METRICS_PATH = "/metrics"


def app_registry(build: BuildInfo) -> CollectorRegistry:
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)
    build.register(registry)
    return registry


def metrics_app(registry: CollectorRegistry) -> ASGIApp:
    """`GET /metrics` and nothing else: what the metrics port answers."""

    async def app(scope: Scope, _receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if scope["path"] == METRICS_PATH and scope["method"] == "GET":
            await send_response(send, 200, generate_latest(registry), CONTENT_TYPE_LATEST)
            return
        status = 405 if scope["path"] == METRICS_PATH else 404
        problem = http_status_problem(status, instance=scope["path"]).to_dict()
        await send_response(send, status, orjson.dumps(problem), PROBLEM_CONTENT_TYPE)

    return app
