"""What a process tells its operator, set up in one call: logs, traces and metrics.

Every app's composition root starts it first with its build (service, version, commit), so the
three cannot be configured apart: log lines carry the build and, when tracing is on, the trace;
the registry has the process, GC and build series next to the app's own.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from shop.core.asgi.metrics import HttpMetrics
from shop.core.logging import LogSettings, configure_logging
from shop.core.metrics import app_registry
from shop.core.tracing import TracingSettings, configure_tracing

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter
    from prometheus_client import CollectorRegistry

    from shop.core.build import BuildInfo


@dataclasses.dataclass(frozen=True)
class Telemetry:
    build: BuildInfo
    registry: CollectorRegistry
    http: HttpMetrics
    tracer_provider: TracerProvider | None

    @property
    def traced(self) -> bool:
        return self.tracer_provider is not None

    def close(self) -> None:
        """Send the spans still buffered (at shutdown: the last requests' traces)."""
        if self.tracer_provider is not None:
            self.tracer_provider.shutdown()


def start_telemetry(
    build: BuildInfo,
    log: LogSettings,
    tracing: TracingSettings,
    span_exporter: SpanExporter | None = None,
) -> Telemetry:
    """`span_exporter`: tests collect spans with one (tracing is then on whatever the settings)."""
    provider = configure_tracing(tracing, build, span_exporter)
    configure_logging(log, build, traced=provider is not None)
    registry = app_registry(build)
    return Telemetry(build, registry, HttpMetrics(registry), provider)
